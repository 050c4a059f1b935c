/**
 * CSV export: UTF-8 (with or without a byte-order mark, which Excel needs to recognise UTF-8)
 * or GBK for Chinese Excel and older Chinese software. GBK output is encoded as GB18030, its
 * superset, so characters outside GBK survive instead of becoming "?"; every GBK character
 * has the same bytes in both.
 *
 * Numbers are written with the shortest text that reads back to the same double, dates as
 * YYYY-MM-DD, missing values as an empty field (or the `missing` text), value labels
 * optionally instead of codes. Fields are quoted when they hold the delimiter, a quote, a line
 * break, or leading/trailing blanks (RFC 4180).
 */
import { promises as fsp } from 'node:fs';
import iconv from 'iconv-lite';
import { silentContext } from '../engine/context';
import type { RunContext } from '../engine/context';
import type { Column, Frame } from '../engine/frame';

export interface CsvWriteOptions {
  encoding?: 'utf-8' | 'utf-8-bom' | 'gbk';
  delimiter?: ',' | '\t' | ';';
  /** Text for a missing value; default "" (empty field). */
  missing?: string;
  useValueLabels?: boolean;
  /** Line ending; default "\n". */
  eol?: '\n' | '\r\n';
}

function isoDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function cellText(col: Column, i: number, opts: CsvWriteOptions): string | null {
  if (col.type === 'string') {
    const c = col.codes[i];
    return c < 0 ? null : col.levels[c];
  }
  const v = col.values[i];
  if (Number.isNaN(v)) return null;
  if (col.format === 'date') return isoDate(v);
  if (opts.useValueLabels && col.valueLabels) {
    const l = col.valueLabels[String(v)];
    if (l !== undefined) return l;
  }
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export function quoteField(s: string, delimiter: string): string {
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || /^\s|\s$/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** Writes `frame` as a delimited text file. */
export async function writeCsv(frame: Frame, path: string, options: CsvWriteOptions = {}, ctx: RunContext = silentContext): Promise<void> {
  const delim = options.delimiter ?? ',';
  const eol = options.eol ?? '\n';
  const missing = options.missing ?? '';
  const enc = options.encoding ?? 'utf-8';
  const encode = (s: string): Buffer => (enc === 'gbk' ? iconv.encode(s, 'gb18030') : Buffer.from(s, 'utf8'));
  const fh = await fsp.open(path, 'w');
  try {
    let pending: string[] = [];
    let pendingLen = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      await fh.write(encode(pending.join('')));
      pending = [];
      pendingLen = 0;
    };
    if (enc === 'utf-8-bom') await fh.write(Buffer.from([0xef, 0xbb, 0xbf]));
    pending.push(frame.columns.map((c) => quoteField(c.name, delim)).join(delim) + eol);
    for (let i = 0; i < frame.nrow; i++) {
      const line = frame.columns
        .map((c) => {
          const t = cellText(c, i, options);
          return t === null ? missing : quoteField(t, delim);
        })
        .join(delim);
      pending.push(line + eol);
      pendingLen += line.length;
      if (pendingLen > 1 << 20) {
        ctx.checkCancelled();
        ctx.progress(i / frame.nrow, 'write');
        await flush();
      }
    }
    await flush();
  } finally {
    await fh.close();
  }
  ctx.progress(1, 'write');
}
