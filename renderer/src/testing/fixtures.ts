/** Contract objects for component tests, shaped as the Node side sends them. */
import type { AnalysisInfo, ColumnInfo, DatasetInfo, StoredResult } from '../../../shared/contract';
import type { DidSpecInput } from '../../../shared/specs/did';

/** The first-time user's DID on mpdta (case `twfe` of mpdta.json) as the builder sends it. */
export const mpdtaTwfeSpec = {
  model: 'did',
  data: 'mpdta',
  outcome: 'lemp',
  treatment: { kind: 'column', column: 'treat_post' },
  unit: 'countyreal',
  time: 'year',
  controls: [],
  fixed_effects: ['countyreal', 'year'],
  cluster: ['countyreal'],
  event_study: { leads: 4, lags: 3, ref: -1, endpoints: 'bin' },
} satisfies DidSpecInput;

export function column(name: string, type: 'number' | 'string' = 'number', label: string | null = null): ColumnInfo {
  return {
    name,
    type,
    label,
    integer: type === 'number',
    format: null,
    valueLabels: null,
    nlevels: type === 'string' ? 3 : null,
    explicitOrder: false,
  };
}

const NOW = '2026-01-02T03:04:05.000Z';

/** The columns of ../shared/data/mpdta.csv. */
export function mpdtaDataset(id = 'ds-1'): DatasetInfo {
  const columns = ['year', 'countyreal', 'lpop', 'lemp', 'first.treat', 'treat', 'treat_post', 'rel_time'].map((n) => column(n));
  return {
    id,
    name: 'mpdta',
    description: null,
    nrow: 2500,
    ncol: columns.length,
    columns,
    source: { file: 'mpdta.csv', format: 'csv', encoding: 'utf-8', delimiter: ',' },
    fingerprint: 'f'.repeat(64),
    createdAt: NOW,
    updatedAt: NOW,
  };
}

/**
 * A stored analysis. The contract's analysis union decides which specs it carries, so tests
 * pass a spec of a registered model (describe) where only the wrapping matters.
 */
export function storedRun(result: Record<string, unknown>, id = 'an-1'): { analysis: AnalysisInfo; result: StoredResult } {
  const spec = { model: 'describe' as const, data: 'mpdta' };
  return {
    analysis: {
      id,
      name: 'lemp ~ treat_post',
      model: 'did',
      dataset: 'mpdta',
      spec,
      createdAt: NOW,
      updatedAt: NOW,
      lastRun: { resultId: `r-${id}`, createdAt: NOW, stale: false },
    },
    result: {
      id: `r-${id}`,
      analysisId: id,
      spec,
      result: result as StoredResult['result'],
      dataFingerprint: 'f'.repeat(64),
      engineVersion: 'test',
      createdAt: NOW,
      timing: { load_s: 0, estimate_s: 0 },
      notes: [],
      stale: false,
      staleReason: null,
    },
  };
}
