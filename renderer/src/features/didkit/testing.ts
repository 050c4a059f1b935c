/** Helpers of the DID-family builder tests (jsdom). */
import { fireEvent, screen } from '@testing-library/react';
import type { AnalysisInfo, StoredResult } from '../../../../shared/contract';

/** Picks a value in the select or types into the input labelled `label`. */
export function choose(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
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
