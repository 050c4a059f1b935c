import type { ReactElement, ReactNode } from 'react';
import type { ChartOption } from '../../../../shared/charts/options';
import type { FigureSpec } from '../../../../shared/specs/figure';
import { EChart } from '../../charts/EChart';
import { FigureExportButton } from './FigureExportButton';

export interface FigureChartProps {
  /** The figure drawn: its title labels the chart, and "Export figure" sends it as it is. */
  spec: FigureSpec;
  /** The option of `spec` (shared/charts), plus what only the app adds (tooltips). */
  option: ChartOption;
  height?: number;
  testId?: string;
  /** Controls of the chart shown beside the export button (toggles). */
  controls?: ReactNode;
}

/**
 * A publication figure in a result view with its "Export figure" under it: the export draws
 * `spec` from the stored result on the Node side, the same figure the option shows here.
 */
export function FigureChart({ spec, option, height, testId, controls }: FigureChartProps): ReactElement {
  return (
    <>
      <EChart option={option} label={spec.title ?? ''} height={height} testId={testId} />
      <div className="chart-actions">
        {controls}
        <FigureExportButton figures={[spec]} />
      </div>
    </>
  );
}
