/**
 * Excel .xlsx import (exceljs' streaming reader) and export (its streaming writer).
 *
 * Import: choose the sheet (name or 1-based position; default the first tab) and the header
 * row(s). A header cell inside a merged range takes the range's value, and several header
 * rows are joined with "_" ("收入" over "2018" → "收入_2018"), so a two-row header with
 * merged group titles gives one readable name per column. Column types follow the CSV rules:
 * a column whose non-empty cells are all numbers (or numeric text) is numeric, all dates
 * (cells with a date format) is a date column (days since 1970), otherwise text. Booleans
 * become 1/0, formulas their cached result, error cells (#N/A …) missing, fully blank rows
 * are skipped.
 *
 * Export: one sheet of data (value labels optionally shown instead of codes, dates as Excel
 * dates) and a "variables" sheet listing each column's label and value labels.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { silentContext } from '../engine/context';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { Column, Frame } from '../engine/frame';
import { stringColumn } from '../engine/frame';

export interface XlsxReadOptions {
  /** Sheet name or 1-based position in the workbook's tab order; default the first sheet. */
  sheet?: string | number;
  /** 1-based row holding the (first) header row; default 1. */
  headerRow?: number;
  /** How many consecutive header rows to combine; default 1. 0 = no header (V1, V2, …). */
  headerRows?: number;
  /** Text that means missing (after trimming). Default "", "NA", ".". */
  missing?: string[];
  fileLabel?: string;
}

export interface XlsxReadInfo {
  format: 'xlsx';
  sheet: string;
  sheets: string[];
  rows: number;
  columns: number;
  notes: string[];
}

type Cell = number | string | Date | null;

interface SheetEntry {
  name: string;
  path: string;
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? m[1] : null;
}

function xmlText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

async function openZip(path: string, label: string): Promise<JSZip> {
  const data = await fsp.readFile(path).catch(() => {
    throw new UserError('file_not_found', `Cannot open "${label}": the file does not exist or is not readable.`, { file: label });
  });
  try {
    return await JSZip.loadAsync(data);
  } catch {
    throw new UserError('damaged_file', `"${label}" is not a valid .xlsx file (it is not a readable zip archive; an old .xls must be saved as .xlsx first).`, { file: label });
  }
}

/** The workbook's sheets in tab order, with the part each one is stored in. */
async function sheetEntries(zip: JSZip, label: string): Promise<SheetEntry[]> {
  const wb = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wb || !rels) throw new UserError('damaged_file', `"${label}" is not a valid .xlsx workbook (xl/workbook.xml is missing).`, { file: label });
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target.replace(/^\/?xl\//, '').replace(/^\//, ''));
  }
  const out: SheetEntry[] = [];
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const rid = attr(m[0], 'r:id');
    const target = rid ? targets.get(rid) : undefined;
    if (name && target) out.push({ name: xmlText(name), path: `xl/${target}` });
  }
  return out;
}

/** Sheet names in tab order. */
export async function listXlsxSheets(path: string): Promise<string[]> {
  const label = basename(path);
  return (await sheetEntries(await openZip(path, label), label)).map((s) => s.name);
}

function decodeRef(ref: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) return { row: 0, col: 0 };
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** Merged ranges of a sheet (scanned from its XML text; exceljs' stream reader skips them). */
async function mergedRanges(zip: JSZip, sheetPath: string): Promise<{ r1: number; c1: number; r2: number; c2: number }[]> {
  const file = zip.file(sheetPath);
  if (!file) return [];
  const out: { r1: number; c1: number; r2: number; c2: number }[] = [];
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    file
      .nodeStream('nodebuffer')
      .on('data', (chunk: Buffer) => {
        const text = tail + chunk.toString('utf8');
        const re = /<mergeCell\b[^>]*ref="([A-Z]+\d+):([A-Z]+\d+)"/g;
        let m: RegExpExecArray | null;
        let last = 0;
        while ((m = re.exec(text))) {
          const a = decodeRef(m[1]);
          const b = decodeRef(m[2]);
          out.push({ r1: a.row, c1: a.col, r2: b.row, c2: b.col });
          last = re.lastIndex;
        }
        tail = text.slice(Math.max(last, text.length - 200));
      })
      .on('end', () => resolve())
      .on('error', reject);
  });
  return out;
}

function normalise(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown };
    if ('error' in o) return null;
    if ('result' in o) return normalise(o.result);
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('text' in o) return normalise(o.text);
  }
  return null;
}

const NUM_RE = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/;

/** Reads one sheet of an .xlsx workbook into a Frame. */
export async function readXlsx(path: string, options: XlsxReadOptions = {}, ctx: RunContext = silentContext): Promise<{ frame: Frame; info: XlsxReadInfo }> {
  const label = options.fileLabel ?? basename(path);
  const zip = await openZip(path, label);
  const sheets = await sheetEntries(zip, label);
  if (sheets.length === 0) throw new UserError('empty_file', `"${label}" has no worksheets.`, { file: label });
  let target: SheetEntry | undefined;
  if (options.sheet === undefined) target = sheets[0];
  else if (typeof options.sheet === 'number') target = sheets[options.sheet - 1];
  else target = sheets.find((s) => s.name === options.sheet);
  if (!target)
    throw new UserError('sheet_not_found', `"${label}" has no sheet ${typeof options.sheet === 'number' ? `number ${options.sheet}` : `"${options.sheet}"`}. Its sheets: ${sheets.map((s) => s.name).join(', ')}.`, { file: label, sheet: options.sheet, sheets: sheets.map((s) => s.name) });
  const headerRow = options.headerRow ?? 1;
  const headerRows = options.headerRows ?? 1;
  if (!Number.isInteger(headerRow) || headerRow < 1 || !Number.isInteger(headerRows) || headerRows < 0)
    throw new UserError('bad_option', 'The header row must be a whole number from 1 and the number of header rows from 0.', { headerRow, headerRows });
  const merges = headerRows > 0 ? await mergedRanges(zip, target.path) : [];
  const missing = new Set(options.missing ?? ['', 'NA', '.']);

  const size = (await fsp.stat(path)).size;
  let readBytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  stream.on('data', (c) => {
    readBytes += c.length;
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const header: Cell[][] = [];
  const cols: Cell[][] = [];
  let nrow = 0;
  let found = false;
  try {
    for await (const ws of reader) {
      const sheet = ws as unknown as { name: string } & AsyncIterable<{ number: number; values: unknown[] }>;
      if (sheet.name !== target.name) {
        // Still consume the sheet: the reader parses sheets in file order.
        for await (const row of sheet) void row;
        continue;
      }
      found = true;
      for await (const row of sheet) {
        ctx.checkCancelled();
        const r = row.number;
        if (r < headerRow) continue;
        const values = (row.values as unknown[]).slice(1).map(normalise);
        if (r < headerRow + headerRows) {
          header[r - headerRow] = values;
          continue;
        }
        if (values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''))) continue;
        for (let j = 0; j < values.length; j++) {
          if (!cols[j]) cols[j] = new Array<Cell>(nrow).fill(null);
        }
        for (let j = 0; j < cols.length; j++) cols[j].push(values[j] ?? null);
        nrow++;
        if ((nrow & 1023) === 0) ctx.progress(Math.min(0.95, readBytes / size), 'read');
      }
    }
  } catch (e) {
    if (e instanceof UserError || (e instanceof Error && e.name === 'CancelledError')) throw e;
    throw new UserError('damaged_file', `"${label}" could not be read as .xlsx: ${(e as Error).message}.`, { file: label });
  }
  if (!found) throw new UserError('damaged_file', `"${label}": the sheet "${target.name}" is listed but its data is missing.`, { file: label, sheet: target.name });

  // Header names: fill merged ranges, join the header rows, make unique.
  const width = Math.max(cols.length, ...header.map((h) => (h ? h.length : 0)));
  const headerText = (hr: number, c: number): string => {
    const r = headerRow + hr;
    const m = merges.find((g) => r >= g.r1 && r <= g.r2 && c >= g.c1 && c <= g.c2);
    const src = m ? header[m.r1 - headerRow]?.[m.c1 - 1] : header[hr]?.[c - 1];
    if (src === null || src === undefined) return '';
    return src instanceof Date ? src.toISOString().slice(0, 10) : String(src).trim();
  };
  const raw: string[] = [];
  for (let c = 1; c <= width; c++) {
    const parts: string[] = [];
    for (let hr = 0; hr < headerRows; hr++) {
      const t = headerText(hr, c);
      if (t && parts[parts.length - 1] !== t) parts.push(t);
    }
    raw.push(parts.join('_'));
  }
  const names = uniqueNames(raw);
  const notes: string[] = [];
  const columns: Column[] = names.map((name, j) => buildColumn(name, cols[j] ?? new Array<Cell>(nrow).fill(null), missing, notes));
  ctx.progress(1, 'read');
  return { frame: { nrow, columns }, info: { format: 'xlsx', sheet: target.name, sheets: sheets.map((s) => s.name), rows: nrow, columns: columns.length, notes } };
}

function uniqueNames(raw: string[]): string[] {
  const used = new Set<string>();
  return raw.map((r, j) => {
    const base = r === '' ? `V${j + 1}` : r;
    let name = base;
    for (let k = 1; used.has(name); k++) name = `${base}.${k}`;
    used.add(name);
    return name;
  });
}

function buildColumn(name: string, cells: Cell[], missing: Set<string>, notes: string[]): Column {
  let kind: 'empty' | 'number' | 'date' | 'string' = 'empty';
  const isMissing = (v: Cell): boolean => v === null || (typeof v === 'string' && missing.has(v.trim()));
  for (const v of cells) {
    if (isMissing(v)) continue;
    const k = v instanceof Date ? 'date' : typeof v === 'number' || (typeof v === 'string' && NUM_RE.test(v.trim())) ? 'number' : 'string';
    if (kind === 'empty') kind = k;
    else if (kind !== k) {
      kind = 'string';
      break;
    }
  }
  const n = cells.length;
  if (kind === 'string') {
    let mixed = false;
    const text = cells.map((v) => {
      if (isMissing(v)) return null;
      if (typeof v !== 'string') mixed = true;
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    });
    if (mixed) notes.push(`Column "${name}" mixes numbers or dates with text; it was read as text.`);
    return stringColumn(name, text);
  }
  const values = new Float64Array(n);
  let integer = true;
  for (let i = 0; i < n; i++) {
    const v = cells[i];
    let x: number;
    if (isMissing(v)) x = Number.NaN;
    else if (v instanceof Date) x = Math.floor(v.getTime() / 86_400_000);
    else x = typeof v === 'number' ? v : Number((v as string).trim());
    values[i] = x;
    if (!Number.isNaN(x) && !Number.isInteger(x)) integer = false;
  }
  if (kind === 'date') return { type: 'number', name, values, integer: true, format: 'date' };
  return { type: 'number', name, values, integer };
}

export interface XlsxWriteOptions {
  sheetName?: string;
  /** Show value labels instead of codes in the data sheet (the codes stay in "variables"). */
  useValueLabels?: boolean;
}

/** Writes `frame` to .xlsx: a data sheet and a "variables" sheet with labels. */
export async function writeXlsx(frame: Frame, path: string, options: XlsxWriteOptions = {}, ctx: RunContext = silentContext): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheetName = (options.sheetName ?? 'data').replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || 'data';
  const ws = wb.addWorksheet(sheetName);
  ws.columns = frame.columns.map((c) => ({ header: c.name, key: c.name, width: Math.min(40, Math.max(10, c.name.length + 2)), ...(c.type === 'number' && c.format === 'date' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}) }));
  for (let i = 0; i < frame.nrow; i++) {
    if ((i & 4095) === 0) {
      ctx.checkCancelled();
      ctx.progress(i / Math.max(1, frame.nrow), 'write');
    }
    const row = frame.columns.map((c): number | string | Date | null => {
      if (c.type === 'string') return c.codes[i] < 0 ? null : c.levels[c.codes[i]];
      const v = c.values[i];
      if (Number.isNaN(v)) {
        const k = c.missingKind?.[i] ?? 0;
        const key = k >= 1 && k <= 26 ? `.${String.fromCharCode(96 + k)}` : null;
        return options.useValueLabels && key && c.valueLabels?.[key] ? c.valueLabels[key] : null;
      }
      if (c.format === 'date') return new Date(v * 86_400_000);
      if (options.useValueLabels && c.valueLabels && c.valueLabels[String(v)] !== undefined) return c.valueLabels[String(v)];
      return v;
    });
    ws.addRow(row).commit();
  }
  await ws.commit();
  const meta = wb.addWorksheet(sheetName === 'variables' ? 'variables_1' : 'variables');
  meta.addRow(['name', 'label', 'type', 'value labels']).commit();
  for (const c of frame.columns) {
    const vl = c.valueLabels ? Object.entries(c.valueLabels).map(([k, v]) => `${k} = ${v}`).join('; ') : '';
    meta.addRow([c.name, c.label ?? '', c.type === 'string' ? 'text' : c.format === 'date' ? 'date' : 'number', vl]).commit();
  }
  await meta.commit();
  await wb.commit();
  ctx.progress(1, 'write');
}
