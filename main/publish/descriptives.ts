/**
 * Descriptive statistics tables (N, mean, SD, min, median, max per variable), optionally side
 * by side for the groups of one column (treated / control) with a difference-in-means column.
 * The numbers come from the describe model (summarizeColumn: SD with n − 1, type-7 quantiles).
 */
import type { DescribeResult, VariableSummary } from '../../shared/specs/describe';
import { describeResult } from '../../shared/specs/describe';
import type { DescriptivesTableSpec } from '../../shared/specs/table';
import { silentContext } from '../engine/context';
import { runDescribe } from '../engine/describe';
import { tTwoSided } from '../engine/dist';
import { UserError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import { formatCount, formatNumber, fullStop, starsFor, starsLegend, words } from './format';
import type { HeaderRow, TableModel, TableRow } from './table-model';
import { labelFor } from './table-model';

/** Describe result for a frame: the variables (all when absent), split by `by` if given. */
export function describeFrame(frame: Frame, variables?: string[], by?: string): DescribeResult {
  return runDescribe(frame, { model: 'describe', data: 'frame', variables, by }, silentContext);
}

export interface MeanDifference {
  diff: number;
  t: number;
  df: number;
  p: number;
}

/**
 * Welch's two-sample t test from group summaries (b − a): se = sqrt(s²a/na + s²b/nb),
 * Welch–Satterthwaite df (Welch 1947), as R's t.test(var.equal = FALSE). Null when a group
 * has fewer than two observations or both variances are zero.
 */
export function welchTest(a: VariableSummary, b: VariableSummary): MeanDifference | null {
  if (a.mean === null || b.mean === null || a.sd === null || b.sd === null || a.n < 2 || b.n < 2) return null;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return null;
  const diff = b.mean - a.mean;
  const t = diff / se;
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return { diff, t, df, p: tTwoSided(t, df) };
}

function statCell(s: VariableSummary | undefined, stat: DescriptivesTableSpec['stats'][number], digits: number): string {
  if (!s) return '';
  if (stat === 'n' || stat === 'missing') return formatCount(s[stat]);
  return formatNumber(s[stat], digits);
}

/** The descriptives table of a describe result. */
export function buildDescriptivesTable(spec: DescriptivesTableSpec, result: unknown, variableLabels: Record<string, string> = {}): TableModel {
  const parsed = describeResult.safeParse(result);
  if (!parsed.success) {
    throw new UserError('table_result_shape', `${spec.source} is not a descriptive-statistics (describe) result; a descriptives table needs one.`, { source: spec.source });
  }
  const r = parsed.data;
  const w = words(spec.language);
  const byName = new Map(r.variables.map((x) => [x.name, x]));
  if (spec.variables) {
    const missing = spec.variables.filter((x) => !byName.has(x));
    if (missing.length > 0) {
      throw new UserError('table_unknown_variable', `Variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in the describe result ${spec.source}. Add ${missing.length > 1 ? 'them' : 'it'} to that analysis or remove ${missing.length > 1 ? 'them' : 'it'} from the table.`, {
        variables: missing,
        available: [...byName.keys()],
      });
    }
  }
  const vars = spec.variables ?? r.variables.filter((x) => x.type === 'number').map((x) => x.name);
  const groups = spec.by_groups && r.groups && r.groups.length > 0 ? r.groups : null;
  const withDiff = spec.difference && groups !== null;
  if (spec.difference && (!groups || groups.length !== 2)) {
    throw new UserError('table_difference_groups', `A difference-in-means column needs a describe result split into exactly two groups; ${spec.source} has ${groups ? groups.length : 'no'} groups.`, {
      source: spec.source,
    });
  }
  const statNames = spec.stats.map((s) => w[s]);
  const blocks: { label: string; lookup: (name: string) => VariableSummary | undefined }[] = groups
    ? groups.map((g) => {
        const m = new Map(g.variables.map((x) => [x.name, x]));
        return { label: spec.group_labels[g.value] ?? `${labelFor(g.by, spec.labels, variableLabels)} = ${g.value}`, lookup: (n: string) => m.get(n) };
      })
    : [{ label: '', lookup: (n: string) => byName.get(n) }];

  const rows: TableRow[] = vars.map((name) => {
    const cells: string[] = [];
    for (const b of blocks) for (const s of spec.stats) cells.push(statCell(b.lookup(name), s, spec.digits));
    const marks = cells.map(() => '');
    if (withDiff) {
      const a = blocks[0].lookup(name);
      const b = blocks[1].lookup(name);
      const test = a && b ? welchTest(a, b) : null;
      cells.push(test ? formatNumber(test.diff, spec.digits) : '');
      marks.push(test ? starsFor(test.p, spec.stars) : '');
    }
    const v = byName.get(name);
    return { kind: 'data', label: spec.labels[name] ?? v?.label ?? labelFor(name, spec.labels, variableLabels), cells, marks };
  });

  const ncol = blocks.length * spec.stats.length + (withDiff ? 1 : 0);
  const header: HeaderRow[] = [];
  const diffLabel = spec.language === 'zh' ? '均值差' : 'Difference';
  if (groups) {
    const cells = blocks.map((b) => ({ text: b.label, span: spec.stats.length }));
    if (withDiff) cells.push({ text: diffLabel, span: 1 });
    header.push({ stub: '', cells });
  }
  const statHeader = blocks.flatMap(() => statNames.map((text) => ({ text, span: 1 })));
  if (withDiff) statHeader.push({ text: '', span: 1 });
  header.push({ stub: w.variable, cells: statHeader });

  const notes: string[] = [];
  if (spec.auto_notes && withDiff && groups) {
    const g = blocks.map((b) => b.label);
    const legend = starsLegend(spec.stars, spec.language) + fullStop(spec.language);
    notes.push(spec.language === 'zh' ? `均值差为 ${g[1]} 减 ${g[0]}，显著性来自 Welch t 检验；${legend}` : `Difference = ${g[1]} minus ${g[0]}, tested with Welch's t test; ${legend}`);
  }
  notes.push(...spec.notes);
  return { title: spec.title ?? null, language: spec.language, style: spec.style, ncol, header, sections: [rows], notes };
}
