/**
 * How a column and its labels read in pickers and tables: "hukou — 户口 (1 = 城镇, 2 = 农村)".
 * Plain strings, rendered as text nodes or option text, never HTML.
 */
import type { ColumnInfo } from '../../../../shared/contract';

/** A labelled code as Stata's `label list` shows it: "1 = 城镇". */
export function codeWithLabel(code: number | string, label: string | undefined): string {
  return label === undefined ? String(code) : `${code} = ${label}`;
}

/** The first few value labels, in code order: "1 = 城镇, 2 = 农村, …". */
export function valueLabelSummary(labels: Record<string, string> | null, max = 4): string {
  if (!labels) return '';
  const entries = Object.entries(labels).sort(([a], [b]) => Number(a) - Number(b) || (a < b ? -1 : 1));
  const shown = entries.slice(0, max).map(([code, label]) => codeWithLabel(code, label));
  return entries.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** A column in a picker: its name, its variable label and a summary of its value labels. */
export function columnOptionText(c: Pick<ColumnInfo, 'name' | 'label' | 'valueLabels'>): string {
  const base = c.label ? `${c.name} — ${c.label}` : c.name;
  const values = valueLabelSummary(c.valueLabels, 3);
  return values ? `${base} (${values})` : base;
}
