/**
 * CSV and TSV text of a table (RFC 4180 quoting). The title is the first line and the notes
 * the last lines, so a pasted table keeps them. CSV files start with a UTF-8 byte order mark:
 * Excel opens BOM-less UTF-8 CSV as the local code page and garbles Chinese.
 */
import type { TableModel } from './table-model';
import { toTextGrid } from './table-model';

function quoteCsv(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Tabs and line breaks inside a TSV cell would shift columns; they become spaces. */
function cleanTsv(s: string): string {
  return s.replace(/[\t\r\n]+/g, ' ');
}

function lines(model: TableModel): string[][] {
  const grid = toTextGrid(model);
  const out: string[][] = [];
  if (model.title) out.push([model.title]);
  out.push(...grid);
  for (const n of model.notes) out.push([n]);
  return out;
}

export function tableToCsv(model: TableModel, { bom = true }: { bom?: boolean } = {}): string {
  const text = lines(model)
    .map((r) => r.map(quoteCsv).join(','))
    .join('\r\n');
  return (bom ? '\uFEFF' : '') + text + '\r\n';
}

export function tableToTsv(model: TableModel): string {
  return (
    lines(model)
      .map((r) => r.map(cleanTsv).join('\t'))
      .join('\n') + '\n'
  );
}
