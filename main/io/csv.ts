/**
 * CSV/TSV reader: encoding detection (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GBK/GB18030),
 * delimiter sniffing, R-compatible type inference and missing markers, streamed in two passes
 * (infer types, then fill typed arrays) so a file of millions of rows never exists as a
 * matrix of strings.
 *
 * Type inference follows R's read.csv / type.convert, so data loaded here is the data the
 * reference fixtures were computed on: a column is numeric when every non-missing field
 * parses as a number (quoted or not, surrounding blanks ignored), "NA" and "" are missing,
 * anything else makes it a string column. We add "." (Stata's missing) and user-set codes as
 * missing markers, and recognise ISO-like dates (2020-01-31, 2020/1/31).
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { UserError, CancelledError } from '../engine/errors';
import type { Column, Frame } from '../engine/frame';
import type { RunContext } from '../engine/context';
import { silentContext } from '../engine/context';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface CsvOptions {
  /** Field separator; detected from the header line when absent. */
  delimiter?: ',' | '\t' | ';' | '|';
  /** Forced encoding; detected when absent. "gbk" is read as its superset GB18030. */
  encoding?: CsvEncoding | 'gbk' | 'auto';
  /** Fields equal to one of these (after trimming) are missing. Default: "", "NA", ".". */
  missing?: string[];
  /** Extra numeric codes that mean missing (e.g. -9, 99999). */
  missingCodes?: number[];
  /** Display name used in error messages (defaults to the file's base name). */
  fileLabel?: string;
}

export interface CsvReadInfo {
  encoding: CsvEncoding;
  delimiter: string;
  rows: number;
}

const DEFAULT_MISSING = ['', 'NA', '.'];
const CHUNK = 1 << 20;

/** Splits decoded text into records; keeps state across chunks (quotes may span chunks). */
class Tokenizer {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private afterQuote = false;
  private pendingCR = false;
  /** A trailing '"' held back until we know whether it starts an escaped "". */
  private carry = '';
  line = 1;
  recordStartLine = 1;

  constructor(
    private readonly delim: string,
    private readonly onRecord: (fields: string[], line: number) => void,
    private readonly fail: (line: number, why: string) => never,
  ) {}

  push(chunk: string, final = false): void {
    let text = this.carry + chunk;
    this.carry = '';
    if (!final && text.endsWith('"')) {
      this.carry = '"';
      text = text.slice(0, -1);
    }
    const d = this.delim;
    let field = this.field;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            this.inQuotes = false;
            this.afterQuote = true;
          }
        } else {
          if (ch === '\n') this.line++;
          field += ch;
        }
        continue;
      }
      if (ch === d) {
        this.fields.push(field);
        field = '';
        this.afterQuote = false;
      } else if (ch === '\n' || ch === '\r') {
        this.fields.push(field);
        field = '';
        this.afterQuote = false;
        this.emit();
        this.line++;
        this.recordStartLine = this.line;
        if (ch === '\r') this.pendingCR = true;
      } else if (ch === '"' && field.length === 0 && !this.afterQuote) {
        this.inQuotes = true;
      } else {
        if (this.afterQuote) {
          if (ch === ' ' || ch === '\t') continue;
          this.fail(this.line, 'unexpected text after a closing quote');
        }
        field += ch;
      }
    }
    this.field = field;
  }

  end(): void {
    if (this.carry) this.push('', true);
    if (this.inQuotes) this.fail(this.recordStartLine, 'a quoted field is never closed');
    if (this.field.length > 0 || this.fields.length > 0 || this.afterQuote) {
      this.fields.push(this.field);
      this.field = '';
      this.afterQuote = false;
      this.emit();
    }
  }

  private emit(): void {
    const f = this.fields;
    this.fields = [];
    // A blank line is skipped, as read.csv does.
    if (f.length === 1 && f[0] === '') return;
    this.onRecord(f, this.recordStartLine);
  }
}

const NUM_RE = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|Inf|inf|NaN)$/;
const DATE_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

function parseNumber(s: string): number {
  const t = s.trim();
  if (!NUM_RE.test(t)) return Number.NaN;
  if (t === 'Inf' || t === 'inf' || t === '+Inf') return Infinity;
  if (t === '-Inf' || t === '-inf') return -Infinity;
  return Number(t);
}

function isNumeric(s: string): boolean {
  return NUM_RE.test(s.trim());
}

function parseDate(s: string): number {
  const m = DATE_RE.exec(s.trim());
  if (!m) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return Number.NaN;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCDate() !== d) return Number.NaN;
  return t / 86_400_000;
}

/** R's make.names-free uniqueness: a repeated header becomes name.1, name.2 … (make.unique). */
function uniqueNames(raw: string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set<string>();
  return raw.map((r, j) => {
    let name = r.trim() === '' ? `V${j + 1}` : r.trim();
    if (used.has(name)) {
      let k = seen.get(name) ?? 0;
      let cand: string;
      do {
        k++;
        cand = `${name}.${k}`;
      } while (used.has(cand));
      seen.set(name, k);
      name = cand;
    }
    used.add(name);
    return name;
  });
}

function detectDelimiter(headerLine: string, fileName: string): string {
  if (/\.tsv$|\.tab$/i.test(fileName)) return '\t';
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0, '|': 0 };
  let inQ = false;
  for (const ch of headerLine) {
    if (ch === '"') inQ = !inQ;
    else if (!inQ && ch in counts) counts[ch]++;
  }
  let best = ',';
  for (const d of ['\t', ';', '|']) if (counts[d] > counts[best]) best = d;
  return best;
}

function bomEncoding(head: Uint8Array): { encoding: CsvEncoding; skip: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return null;
}

type Kind = 'empty' | 'number' | 'date' | 'string';

interface Pass {
  encoding: CsvEncoding;
  skip: number;
}

/** Reads a delimited text file into a Frame. */
export async function readCsv(path: string, options: CsvOptions = {}, ctx: RunContext = silentContext): Promise<{ frame: Frame; info: CsvReadInfo }> {
  const label = options.fileLabel ?? basename(path);
  const stat = await fsp.stat(path).catch(() => {
    throw new UserError('file_not_found', `Cannot open "${label}": the file does not exist or is not readable.`, { file: label });
  });
  if (stat.size === 0) throw new UserError('empty_file', `"${label}" is empty.`, { file: label });
  const fh = await fsp.open(path, 'r');
  const head = new Uint8Array(4);
  await fh.read(head, 0, 4, 0);
  await fh.close();
  const missing = new Set(options.missing ?? DEFAULT_MISSING);
  const codes = new Set(options.missingCodes ?? []);
  const fail = (line: number, why: string, extra: Record<string, unknown> = {}): never => {
    throw new UserError('malformed_csv', `${label}, line ${line}: ${why}.`, { file: label, line, ...extra });
  };

  const bom = bomEncoding(head);
  let pass: Pass;
  const forced = options.encoding && options.encoding !== 'auto' ? (options.encoding === 'gbk' ? 'gb18030' : options.encoding) : null;
  if (forced) pass = { encoding: forced, skip: bom && bom.encoding === forced ? bom.skip : 0 };
  else pass = bom ?? { encoding: 'utf-8', skip: 0 };

  const stream = async (p: Pass, fatal: boolean, onText: (t: string) => void, progressBase: number, progressSpan: number): Promise<void> => {
    const decoder = new TextDecoder(p.encoding, { fatal });
    const rs = createReadStream(path, { start: p.skip, highWaterMark: CHUNK });
    let read = 0;
    for await (const chunk of rs as AsyncIterable<Buffer>) {
      ctx.checkCancelled();
      read += chunk.length;
      onText(decoder.decode(chunk, { stream: true }));
      ctx.progress(progressBase + (progressSpan * read) / stat.size, 'read');
    }
    onText(decoder.decode());
  };

  // Pass 1: header, record count, field counts, and the kind of each column.
  let header: string[] | null = null;
  let delim = options.delimiter ?? '';
  let kinds: Kind[] = [];
  let integer: boolean[] = [];
  let nrow = 0;
  const firstString: (null | { line: number; value: string })[] = [];
  const runPass1 = async (p: Pass, fatal: boolean): Promise<void> => {
    header = null;
    nrow = 0;
    let pending = '';
    let tok: Tokenizer | null = null;
    const onRecord = (fields: string[], line: number): void => {
      if (!header) {
        header = uniqueNames(fields);
        kinds = header.map(() => 'empty');
        integer = header.map(() => true);
        firstString.length = 0;
        for (let j = 0; j < header.length; j++) firstString.push(null);
        return;
      }
      if (fields.length !== header.length)
        fail(line, `expected ${header.length} fields (as in the header) but found ${fields.length}`, { row: nrow + 1, expected: header.length, found: fields.length });
      nrow++;
      for (let j = 0; j < fields.length; j++) {
        const k = kinds[j];
        if (k === 'string') continue;
        const s = fields[j];
        if (missing.has(s.trim())) continue;
        if (k === 'empty' || k === 'number') {
          if (isNumeric(s)) {
            kinds[j] = 'number';
            if (integer[j] && !Number.isInteger(parseNumber(s))) integer[j] = false;
            continue;
          }
          if (k === 'empty' && !Number.isNaN(parseDate(s))) {
            kinds[j] = 'date';
            continue;
          }
        } else if (k === 'date' && !Number.isNaN(parseDate(s))) continue;
        kinds[j] = 'string';
        firstString[j] = { line, value: s };
      }
    };
    await stream(
      p,
      fatal,
      (text) => {
        if (!tok) {
          pending += text;
          const nl = pending.search(/[\r\n]/);
          if (nl < 0 && text.length > 0) return;
          if (!delim) delim = detectDelimiter(nl < 0 ? pending : pending.slice(0, nl), label);
          tok = new Tokenizer(delim, onRecord, fail);
          tok.push(pending);
          pending = '';
          return;
        }
        tok.push(text);
      },
      0,
      0.4,
    );
    if (!tok) {
      if (!delim) delim = detectDelimiter(pending, label);
      tok = new Tokenizer(delim, onRecord, fail);
      tok.push(pending);
    }
    (tok as Tokenizer).end();
  };

  try {
    await runPass1(pass, !forced && pass.encoding === 'utf-8');
  } catch (e) {
    if (e instanceof TypeError && !forced && pass.encoding === 'utf-8') {
      // Not valid UTF-8: Chinese statistical files are usually GBK (GB18030 is its superset).
      pass = { encoding: 'gb18030', skip: 0 };
      await runPass1(pass, false);
    } else throw e;
  }
  const names: string[] = header ?? [];
  if (names.length === 0) throw new UserError('empty_file', `"${label}" has no header line.`, { file: label });

  // Pass 2: fill typed arrays.
  const numeric: (Float64Array | null)[] = kinds.map((k) => (k === 'string' ? null : new Float64Array(nrow)));
  const codeArr: (Int32Array | null)[] = kinds.map((k) => (k === 'string' ? new Int32Array(nrow) : null));
  const dicts: Map<string, number>[] = kinds.map(() => new Map());
  const levels: string[][] = kinds.map(() => []);
  let row = -1;
  const tok2 = new Tokenizer(
    delim,
    (fields) => {
      if (row < 0) {
        row = 0;
        return;
      }
      for (let j = 0; j < fields.length; j++) {
        const s = fields[j];
        const isMiss = missing.has(s.trim());
        const num = numeric[j];
        if (num) {
          if (isMiss) num[row] = Number.NaN;
          else {
            const v = kinds[j] === 'date' ? parseDate(s) : parseNumber(s);
            num[row] = codes.has(v) ? Number.NaN : v;
          }
        } else {
          const c = codeArr[j] as Int32Array;
          if (isMiss) {
            c[row] = -1;
            continue;
          }
          let k = dicts[j].get(s);
          if (k === undefined) {
            k = levels[j].length;
            levels[j].push(s);
            dicts[j].set(s, k);
          }
          c[row] = k;
        }
      }
      row++;
    },
    fail,
  );
  await stream(pass, false, (t) => tok2.push(t), 0.4, 0.6);
  tok2.end();

  const columns: Column[] = names.map((name, j): Column => {
    const num = numeric[j];
    if (num) {
      if (kinds[j] === 'date') return { type: 'number', name, values: num, integer: true, format: 'date' };
      return { type: 'number', name, values: num, integer: kinds[j] === 'number' && integer[j] };
    }
    return { type: 'string', name, codes: codeArr[j] as Int32Array, levels: levels[j] };
  });
  ctx.progress(1, 'read');
  return { frame: { nrow, columns }, info: { encoding: pass.encoding, delimiter: delim, rows: nrow } };
}

export { CancelledError };
