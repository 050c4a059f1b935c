import { describe, expect, it } from 'vitest';
import type { PanelDiagnosticsView } from '../../../../shared/contract-data';
import { heatmapHeight, heatmapOption } from './heatmapOption';

const text = { title: 'Observed', xName: 'year', yName: 'id', missing: 'no', once: 'once', repeated: 'twice+', patternRow: (p: string, n: number) => `${p} ×${n}` };

function view(mode: 'units' | 'patterns'): PanelDiagnosticsView {
  return {
    datasetId: 'd',
    unit: 'id',
    time: 'year',
    nObs: 4,
    nUnits: 2,
    nPeriods: 3,
    balanced: false,
    rowsMissingKey: 0,
    periods: [2010, 2012, 2014],
    duplicates: [],
    duplicateCount: 0,
    gaps: [],
    unitsWithGaps: 0,
    singletons: [],
    singletonCount: 0,
    heatmap: {
      mode,
      rows: [
        { label: mode === 'units' ? '1 = 北京' : '11.', units: 1, cells: [1, 1, 0] },
        { label: mode === 'units' ? '2' : '3..', units: 7, cells: [3, 0, 0] },
      ],
      hiddenRows: 0,
      hiddenUnits: 0,
    },
  };
}

describe('heatmapOption', () => {
  it('draws units top-down with periods across, duplicates capped at the "repeated" class', () => {
    const o = heatmapOption(view('units'), text) as {
      title: { text: string };
      xAxis: { name: string; data: string[] };
      yAxis: { name: string; data: string[] };
      visualMap: { pieces: { label: string }[] };
      series: { data: number[][] }[];
    };
    expect(o.title.text).toBe('Observed');
    expect(o.xAxis).toMatchObject({ name: 'year', data: ['2010', '2012', '2014'] });
    expect(o.yAxis).toMatchObject({ name: 'id', data: ['2', '1 = 北京'] });
    expect(o.visualMap.pieces.map((p) => p.label)).toEqual(['no', 'once', 'twice+']);
    expect(o.series[0].data).toEqual([
      [0, 1, 1],
      [1, 1, 1],
      [2, 1, 0],
      [0, 0, 2],
      [1, 0, 0],
      [2, 0, 0],
    ]);
  });

  it('names pattern rows with how many units share them, and sizes to the rows', () => {
    const o = heatmapOption(view('patterns'), text) as { yAxis: { data: string[] } };
    expect(o.yAxis.data).toEqual(['3.. ×7', '11. ×1']);
    expect(heatmapHeight(2)).toBe(220);
    expect(heatmapHeight(200)).toBe(900);
  });
});
