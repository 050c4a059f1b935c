/**
 * The covariate balance table of a matching result (MatchIt's summary(): per covariate the
 * treated and control means, standardized mean difference, variance ratio and eCDF
 * statistics, before and after matching).
 */
import { z } from 'zod';
import type { BalanceTableSpec } from '../../shared/specs/table';
import { UserError } from '../engine/errors';
import { formatCount, formatNumber, fullStop, words } from './format';
import type { TableModel, TableRow } from './table-model';
import { labelFor } from './table-model';

const balanceRow = z.record(z.string(), z.number().nullable());
const balanceShape = z
  .object({
    balance_before: z.record(z.string(), balanceRow),
    balance_after: z.record(z.string(), balanceRow),
    sample_sizes: z.record(z.string(), z.object({ Control: z.number(), Treated: z.number() })).optional(),
  })
  .passthrough();

export function buildBalanceTable(spec: BalanceTableSpec, result: unknown, variableLabels: Record<string, string> = {}): TableModel {
  const parsed = balanceShape.safeParse(result);
  if (!parsed.success) {
    throw new UserError('table_result_shape', `${spec.source} has no balance statistics (balance_before / balance_after); a balance table needs a matching result.`, { source: spec.source });
  }
  const { balance_before: before, balance_after: after, sample_sizes } = parsed.data;
  const w = words(spec.language);
  const covariates = Object.keys(before).filter((k) => spec.distance || k !== 'distance');
  const statLabel = (s: string): string => {
    const zh: Record<string, string> = {
      'Means Treated': '处理组均值',
      'Means Control': '对照组均值',
      'Std. Mean Diff.': '标准化均值差',
      'Var. Ratio': '方差比',
      'eCDF Mean': 'eCDF 均值',
      'eCDF Max': 'eCDF 最大值',
    };
    return spec.language === 'zh' ? zh[s] : s;
  };
  const rows: TableRow[] = covariates.map((cov) => ({
    kind: 'data',
    label: cov === 'distance' ? (spec.labels.distance ?? w.distance) : labelFor(cov, spec.labels, variableLabels),
    cells: [before, after].flatMap((block) => spec.stats.map((s) => formatNumber(block[cov]?.[s] ?? null, spec.digits))),
  }));
  const notes: string[] = [];
  if (spec.auto_notes) {
    if (spec.stats.includes('Std. Mean Diff.')) notes.push(w.smd_note);
    const matched = sample_sizes?.Matched;
    const all = sample_sizes?.All;
    if (matched && all) {
      notes.push(
        spec.language === 'zh'
          ? `匹配前：处理组 ${formatCount(all.Treated)}，对照组 ${formatCount(all.Control)}；匹配后：处理组 ${formatCount(matched.Treated)}，对照组 ${formatCount(matched.Control)}${fullStop('zh')}`
          : `Before matching: ${formatCount(all.Treated)} treated, ${formatCount(all.Control)} control; after matching: ${formatCount(matched.Treated)} treated, ${formatCount(matched.Control)} control${fullStop('en')}`,
      );
    }
  }
  notes.push(...spec.notes);
  const k = spec.stats.length;
  return {
    title: spec.title ?? null,
    language: spec.language,
    style: spec.style,
    ncol: 2 * k,
    header: [
      { stub: '', cells: [{ text: w.before, span: k }, { text: w.after, span: k }] },
      { stub: w.variable, cells: [...spec.stats, ...spec.stats].map((s) => ({ text: statLabel(s), span: 1 })) },
    ],
    sections: [rows],
    notes,
  };
}
