import { useEffect, useRef, type ReactElement } from 'react';
import type { ChartOption } from '../../../shared/charts/options';
import { echarts } from './echarts';

export interface EChartProps {
  /** Any ECharts option; the publication figures come from shared/charts/options.ts. */
  option: ChartOption;
  /** Read by screen readers; the chart's title. */
  label: string;
  height?: number;
  testId?: string;
}

/** Mounts one ECharts instance (SVG renderer), keeps it sized to its box, disposes it on unmount. */
export function EChart({ option, label, height = 380, testId }: EChartProps): ReactElement {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
