/**
 * HTML of a table. Every style is inline so the same fragment survives a paste into Word or a
 * mail client (the clipboard's text/html) and sits inside the project report unchanged.
 * All texts are escaped: labels come from data files and are never markup.
 */
import type { TableModel, TableRow } from './table-model';

export const TABLE_FONT_STACK = "'Times New Roman', Times, 'Liberation Serif', SimSun, 'Songti SC', 'Noto Serif CJK SC', serif";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const THICK = '1.5pt solid #000';
const THIN = '0.75pt solid #000';

interface Edge {
  top?: string;
  bottom?: string;
}

function style(align: 'left' | 'center', edge: Edge, grid: boolean): string {
  const parts = [`text-align:${align}`, 'padding:2pt 8pt', 'white-space:nowrap'];
  if (grid) parts.push(`border:${THIN}`);
  if (edge.top) parts.push(`border-top:${edge.top}`);
  if (edge.bottom) parts.push(`border-bottom:${edge.bottom}`);
  return parts.join(';');
}

function bodyCell(row: TableRow, j: number): string {
  const mark = row.marks?.[j] ? `<sup>${escapeHtml(row.marks[j])}</sup>` : '';
  return escapeHtml(row.cells[j]) + mark;
}

/** A `<table>` element (with caption and a notes footer) in three-line or grid style. */
export function tableToHtmlFragment(model: TableModel): string {
  const grid = model.style === 'grid';
  const out: string[] = [];
  out.push(`<table style="border-collapse:collapse;font-family:${escapeHtml(TABLE_FONT_STACK)};font-size:10.5pt">`);
  if (model.title) out.push(`<caption style="caption-side:top;text-align:center;font-weight:bold;padding-bottom:4pt">${escapeHtml(model.title)}</caption>`);
  out.push('<thead>');
  model.header.forEach((h, i) => {
    // Three-line rules: thick above the first header row, thin under the last one.
    const edge: Edge = { top: i === 0 ? THICK : undefined, bottom: i === model.header.length - 1 ? THIN : undefined };
    const cells = [`<th style="${style('left', edge, grid)}">${escapeHtml(h.stub)}</th>`];
    for (const c of h.cells) cells.push(`<th${c.span > 1 ? ` colspan="${c.span}"` : ''} style="${style('center', edge, grid)};font-weight:normal">${escapeHtml(c.text)}</th>`);
    out.push(`<tr>${cells.join('')}</tr>`);
  });
  out.push('</thead><tbody>');
  const rows = model.sections.flat();
  rows.forEach((r, i) => {
    const edge: Edge = { bottom: i === rows.length - 1 ? THICK : undefined };
    const cells = [`<td style="${style('left', edge, grid)}">${escapeHtml(r.label)}</td>`];
    r.cells.forEach((_, j) => cells.push(`<td style="${style('center', edge, grid)}">${bodyCell(r, j)}</td>`));
    out.push(`<tr>${cells.join('')}</tr>`);
  });
  out.push('</tbody>');
  if (model.notes.length > 0) {
    const notes = model.notes.map((n) => escapeHtml(n)).join('<br>');
    out.push(`<tfoot><tr><td colspan="${model.ncol + 1}" style="text-align:left;font-size:9pt;padding-top:3pt;white-space:normal">${notes}</td></tr></tfoot>`);
  }
  out.push('</table>');
  return out.join('\n');
}

/** A complete HTML document holding the tables. */
export function tablesToHtmlDocument(models: TableModel[]): string {
  const lang = models[0]?.language === 'zh' ? 'zh-CN' : 'en';
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escapeHtml(models[0]?.title ?? 'Table')}</title></head>`,
    '<body>',
    models.map(tableToHtmlFragment).join('\n<p></p>\n'),
    '</body></html>',
    '',
  ].join('\n');
}
