/** Helpers of the DID-family builder tests (jsdom). */
import { fireEvent, screen, within } from '@testing-library/react';
import type { AnalysisInfo, StoredResult } from '../../../../shared/contract';

/** Picks a value in the select or types into the input labelled `label`. */
export function choose(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** Ticks the named checkboxes of the checkbox group labelled `group`. */
export function tick(group: string, names: string[]): void {
  const box = screen.getByRole('group', { name: group });
  for (const name of names) fireEvent.click(within(box).getByLabelText(name));
}

/** The error text tied to a control through aria-describedby. */
export function errorOf(label: string): string | null {
  const ids = screen.getByLabelText(label).getAttribute('aria-describedby') ?? '';
  const el = ids
    .split(' ')
    .map((id) => document.getElementById(id))
    .find((e) => e?.classList.contains('field-error'));
  return el?.textContent ?? null;
}

/** A stored analysis of `spec` with `result`, as `analysis.get` answers it. */
export function storedAnalysis(
  spec: { model: string; data: string },
  result: unknown,
  id = 'an-1',
): { analysis: AnalysisInfo; result: StoredResult } {
  const at = '2026-01-02T03:04:05.000Z';
  const s = spec as AnalysisInfo['spec'];
  return {
    analysis: { id, name: `${spec.model} analysis`, model: spec.model, dataset: spec.data, spec: s, createdAt: at, updatedAt: at, lastRun: { resultId: `r-${id}`, createdAt: at, stale: false } },
    result: {
      id: `r-${id}`,
      analysisId: id,
      spec: s,
      result: result as StoredResult['result'],
      dataFingerprint: 'f'.repeat(64),
      engineVersion: 'test',
      createdAt: at,
      timing: { load_s: 0, estimate_s: 0 },
      notes: [],
      stale: false,
      staleReason: null,
    },
  };
}

/** jsdom has no layout: ECharts only needs a ResizeObserver to exist. */
export function stubResizeObserver(): void {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

/** The number behind a rounded one: the data-value inside `el`. */
export function valueIn(el: Element | null): number | null {
  const v = el?.querySelector('[data-value]')?.getAttribute('data-value');
  return v === undefined || v === null ? null : Number(v);
}

/**
 * A feols result of the schema's shape (shared/specs/feols.ts) around the given coefficients:
 * lemp on unit and year fixed effects, clustered by county, as the DID-family results embed it.
 */
export function feolsFixture(coefficients: Record<string, { estimate: number; se: number; t: number; p: number; conf_low: number; conf_high: number }>, nobs: number) {
  return {
    model: 'feols' as const,
    formula: 'lemp ~ treat_post | countyreal + year',
    depvar: 'lemp',
    coefficients,
    nobs,
    nobs_original: nobs,
    obs_removed: 0,
    r2: 0.9,
    adj_r2: 0.89,
    r2_within: 0.01,
    adj_r2_within: 0.01,
    ssr: 1,
    rmse: 0.1,
    sigma: 0.1,
    vcov_type: 'cluster',
    cluster_vars: ['countyreal'],
    n_clusters: { countyreal: 500 },
    n_clusters_min: 500,
    df_t: 499,
    dof_K: 1,
    nparams: 505,
    ssc: 'fixest',
    fixef_vars: ['countyreal', 'year'],
    fixef_sizes: { countyreal: 500, year: 5 },
    singletons_removed: 0,
    singleton_obs_in_sample: 0,
    fixef_removed: {},
    fixef_tol: 1e-6,
    fixef_demean_iterations: [1],
    fixef_converged: true,
    collinear_dropped: [],
    vcov: Object.fromEntries(Object.keys(coefficients).map((k) => [k, { [k]: coefficients[k].se ** 2 }])),
    level: 0.95,
    p_dist: 't' as const,
    notes: [],
    event_terms: [],
    iv: null,
    sunab: null,
  };
}
