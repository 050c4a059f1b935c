/**
 * What a result view shows for a model that has no view of its own: its coefficient rows
 * (a feols-style `coefficients` record, or a list of rows naming a `term`), its top-level
 * statistics (numbers and short texts) and its notes. Never raw JSON.
 */
import { z } from 'zod';
import type { CoefficientView } from './resultView';

const num = z.number().nullable().optional();
const row = z.looseObject({
  estimate: z.number().nullable(),
  se: num,
  t: num,
  z: num,
  p: num,
  conf_low: num,
  conf_high: num,
});
const namedRow = row.extend({ term: z.string() });

export interface GenericStat {
  name: string;
  value: number | string | boolean | null;
}

export interface GenericView {
  rows: CoefficientView[];
  statName: 't' | 'z';
  stats: GenericStat[];
  notes: string[];
}

function toView(term: string, r: z.infer<typeof row>): CoefficientView {
  return {
    term,
    estimate: r.estimate,
    se: r.se ?? null,
    stat: r.t ?? r.z ?? null,
    p: r.p ?? null,
    confLow: r.conf_low ?? null,
    confHigh: r.conf_high ?? null,
  };
}

/** Keys whose arrays hold coefficient-like rows, in the order they are looked for. */
const ROW_LISTS = ['terms', 'rows', 'coefficients', 'estimates'] as const;

function coefficientRows(result: Record<string, unknown>): { rows: CoefficientView[]; z: boolean } {
  const record = z.record(z.string(), row).safeParse(result.coefficients);
  let named: [string, z.infer<typeof row>][] = record.success ? Object.entries(record.data) : [];
  for (const key of ROW_LISTS) {
    if (named.length > 0) break;
    const list = z.array(namedRow).min(1).safeParse(result[key]);
    if (list.success) named = list.data.map((r) => [r.term, r]);
  }
  return {
    rows: named.map(([term, r]) => toView(term, r)),
    // z statistics (glm, aggte) are labelled z when no row reports a t.
    z: named.some(([, r]) => typeof r.z === 'number') && !named.some(([, r]) => typeof r.t === 'number'),
  };
}

/** Texts longer than this are not statistics (a formula is; a paragraph is not). */
const MAX_TEXT = 80;

export function genericView(result: unknown): GenericView {
  const r = typeof result === 'object' && result !== null && !Array.isArray(result) ? (result as Record<string, unknown>) : {};
  const { rows, z: useZ } = coefficientRows(r);
  const stats: GenericStat[] = [];
  for (const [name, value] of Object.entries(r)) {
    if (name === 'notes' || name === 'model') continue;
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) stats.push({ name, value });
    else if (typeof value === 'string' && value.length <= MAX_TEXT) stats.push({ name, value });
  }
  const notes = z.array(z.string()).safeParse(r.notes);
  return {
    rows,
    statName: useZ ? 'z' : 't',
    stats,
    notes: notes.success ? notes.data : [],
  };
}
