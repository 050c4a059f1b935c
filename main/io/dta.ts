/**
 * Stata .dta reader for formats 113–119, written from StataCorp's published description of
 * the format ("help dta": the binary header of formats 113–115 and the tagged layout
 * <stata_dta>…</stata_dta> of 117–119).
 *
 * What it keeps: every numeric storage type (byte, int, long, float, double) as Float64 with
 * Stata's missing values mapped to NaN and the extended missing codes .a–.z recorded in
 * `missingKind` (1–26); str# and strL columns (dictionary-encoded; "" is missing, as Stata's
 * missing() says); variable labels; value labels (keys are the codes as strings, ".a" … for
 * labels on extended missing codes); %td dates as days since 1970. Text is UTF-8 in formats
 * 118/119; older files carry no encoding, so `encoding` chooses one (default: detected, see
 * chooseDecoder).
 *
 * The data section is streamed a window at a time with progress and cancellation; strLs and
 * value labels are located through the file's map and read before the data so the rows are
 * read once.
 */
import { basename } from 'node:path';
import { silentContext } from '../engine/context';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { Column, Frame, NumericColumn, ValueLabels } from '../engine/frame';
import { BinaryCursor, chooseDecoder, cString } from './binary';

export interface DtaReadOptions {
  /** Text encoding for formats 113–117 (which do not record one): "auto" (default), "gbk", "windows-1252", … */
  encoding?: string;
  fileLabel?: string;
}

export interface DtaReadInfo {
  format: 'dta';
  version: number;
  byteOrder: 'LSF' | 'MSF';
  encoding: string;
  rows: number;
  columns: number;
  dataLabel: string;
  timestamp: string;
  /** Things the user may want to know (e.g. date-time formats kept as numbers). */
  notes: string[];
}

type NumType = 'byte' | 'int' | 'long' | 'float' | 'double';

interface VarDesc {
  /** str# width, 'strl', or a numeric type. */
  type: NumType | 'strl' | number;
  name: string;
  format: string;
  labelName: string;
  label: string;
}

const SUPPORTED = [113, 114, 115, 117, 118, 119];
const DAYS_1960_TO_1970 = 3653;

function numTypeOld(code: number): NumType | number | null {
  if (code >= 1 && code <= 244) return code;
  return ({ 251: 'byte', 252: 'int', 253: 'long', 254: 'float', 255: 'double' } as Record<number, NumType>)[code] ?? null;
}

function numTypeNew(code: number): NumType | 'strl' | number | null {
  if (code >= 1 && code <= 2045) return code;
  if (code === 32768) return 'strl';
  return ({ 65526: 'double', 65527: 'float', 65528: 'long', 65529: 'int', 65530: 'byte' } as Record<number, NumType>)[code] ?? null;
}

/** Bytes a cell takes in a row; a strL cell is an 8-byte (v, o) reference. */
function width(t: VarDesc['type']): number {
  if (typeof t === 'number') return t;
  switch (t) {
    case 'byte':
      return 1;
    case 'int':
      return 2;
    case 'long':
    case 'float':
      return 4;
    default:
      return 8;
  }
}

/** Value-label table: n, txtlen, off[n], val[n], txt (all 4-byte ints). */
function parseLabelTable(tab: Buffer, little: boolean, version: number): Map<string, string> {
  const rd = (at: number): number => (little ? tab.readInt32LE(at) : tab.readInt32BE(at));
  const n = rd(0);
  const txtlen = rd(4);
  const out = new Map<string, string>();
  if (n < 0 || 8 + 8 * n + txtlen > tab.length) return out;
  const txtStart = 8 + 8 * n;
  for (let i = 0; i < n; i++) {
    const off = rd(8 + 4 * i);
    const val = rd(8 + 4 * n + 4 * i);
    if (off < 0 || off >= txtlen) continue;
    out.set(labelKey(val, version), cString(tab, txtStart + off, txtStart + txtlen));
  }
  return out;
}

/** Value labels are stored as longs: codes past 2147483620 are . and .a–.z. */
function labelKey(v: number, version: number): string {
  const base = version >= 113 ? 2147483621 : 2147483647;
  if (v >= base && v <= base + 26) return v === base ? '.' : `.${String.fromCharCode(96 + v - base)}`;
  return String(v);
}

interface ColumnSink {
  desc: VarDesc;
  offset: number;
  values?: Float64Array;
  kinds?: Uint8Array;
  codes?: Int32Array;
  dict?: Map<string, number>;
  raw?: string[];
}

/** Reads a Stata .dta file (formats 113–119) into a Frame. */
export async function readDta(path: string, options: DtaReadOptions = {}, ctx: RunContext = silentContext): Promise<{ frame: Frame; info: DtaReadInfo }> {
  const label = options.fileLabel ?? basename(path);
  const cur = await BinaryCursor.open(path, label);
  try {
    return await readDtaFrom(cur, options, ctx);
  } finally {
    await cur.close();
  }
}

async function readDtaFrom(cur: BinaryCursor, options: DtaReadOptions, ctx: RunContext): Promise<{ frame: Frame; info: DtaReadInfo }> {
  const label = cur.label;
  if (cur.size === 0) throw new UserError('empty_file', `"${label}" is empty.`, { file: label });
  const first = await cur.u8('the header');
  cur.pos = 0;
  let version: number;
  let nvar: number;
  let nobs: number;
  let dataLabel: string;
  let timestamp: string;
  const vars: VarDesc[] = [];
  const labelTables = new Map<string, Map<string, string>>();
  const gso = new Map<string, string>();
  let dataStart: number;

  if (first === 0x3c) {
    // Formats 117–119: <stata_dta><header><release>11x</release><byteorder>LSF|MSF</byteorder>…
    await cur.expect('<stata_dta><header><release>');
    version = Number((await cur.bytes(3, 'the release number')).toString('latin1'));
    if (!SUPPORTED.includes(version)) throw unsupported(label, String(version));
    await cur.expect('</release><byteorder>');
    const bo = (await cur.bytes(3, 'the byte order')).toString('latin1');
    if (bo !== 'LSF' && bo !== 'MSF') throw cur.damaged(`unknown byte order "${bo}"`);
    cur.little = bo === 'LSF';
    await cur.expect('</byteorder><K>');
    nvar = version === 119 ? await cur.u32('the number of variables') : await cur.u16('the number of variables');
    await cur.expect('</K><N>');
    nobs = version === 117 ? await cur.u32('the number of observations') : await cur.u64('the number of observations');
    await cur.expect('</N><label>');
    const labLen = version === 117 ? await cur.u8('the data label') : await cur.u16('the data label');
    dataLabel = (await cur.bytes(labLen, 'the data label')).toString('latin1');
    await cur.expect('</label><timestamp>');
    const tsLen = await cur.u8('the timestamp');
    timestamp = (await cur.bytes(tsLen, 'the timestamp')).toString('latin1');
    await cur.expect('</timestamp></header><map>');
    const map: number[] = [];
    for (let i = 0; i < 14; i++) map.push(await cur.u64('the section map'));
    await cur.expect('</map><variable_types>');
    const types: VarDesc['type'][] = [];
    for (let j = 0; j < nvar; j++) {
      const code = await cur.u16('the variable types');
      const t = numTypeNew(code);
      if (t === null) throw cur.damaged(`variable ${j + 1} has an unknown storage type code ${code}`);
      types.push(t);
    }
    const nameW = version === 117 ? 33 : 129;
    const fmtW = version === 117 ? 49 : 57;
    const lblNameW = version === 117 ? 33 : 129;
    const varLblW = version === 117 ? 81 : 321;
    await cur.expect('</variable_types><varnames>');
    const names = await fixedStrings(cur, nvar, nameW, 'the variable names');
    await cur.expect('</varnames><sortlist>');
    await cur.bytes((nvar + 1) * (version === 119 ? 4 : 2), 'the sort list');
    await cur.expect('</sortlist><formats>');
    const formats = await fixedStrings(cur, nvar, fmtW, 'the display formats');
    await cur.expect('</formats><value_label_names>');
    const lblNames = await fixedStrings(cur, nvar, lblNameW, 'the value-label names');
    await cur.expect('</value_label_names><variable_labels>');
    const varLabels = await fixedStrings(cur, nvar, varLblW, 'the variable labels');
    for (let j = 0; j < nvar; j++) vars.push({ type: types[j], name: names[j], format: formats[j], labelName: lblNames[j], label: varLabels[j] });

    // strLs (GSO records) and value labels sit after the data; read them first via the map.
    cur.pos = map[10];
    await cur.expect('<strls>');
    for (;;) {
      const tag = (await cur.bytes(3, 'the strL section')).toString('latin1');
      if (tag === '</s') {
        await cur.expect('trls>');
        break;
      }
      if (tag !== 'GSO') throw cur.damaged(`expected a strL record (GSO) but found "${tag.replace(/[^\x20-\x7e]/g, '?')}"`);
      const v = await cur.u32('a strL record');
      const o = version === 117 ? await cur.u32('a strL record') : await cur.u64('a strL record');
      const t = await cur.u8('a strL record');
      const len = await cur.u32('a strL record');
      const body = await cur.bytes(len, 'a strL value');
      // Type 130 is text with a trailing NUL; 129 is binary, kept byte for byte.
      gso.set(`${v}:${o}`, t === 130 ? cString(body) : body.toString('latin1'));
    }
    cur.pos = map[11];
    await cur.expect('<value_labels>');
    for (;;) {
      const tag = (await cur.bytes(5, 'the value labels')).toString('latin1');
      if (tag === '</val') {
        await cur.expect('ue_labels>');
        break;
      }
      if (tag !== '<lbl>') throw cur.damaged(`expected a value-label table (<lbl>) but found "${tag.replace(/[^\x20-\x7e]/g, '?')}"`);
      const len = await cur.u32('a value-label table');
      const name = cString(await cur.bytes(lblNameW, 'a value-label name'));
      await cur.bytes(3, 'a value-label table');
      labelTables.set(name, parseLabelTable(Buffer.from(await cur.bytes(len, `the value labels "${name}"`)), cur.little, version));
      await cur.expect('</lbl>');
    }
    cur.pos = map[9];
    await cur.expect('<data>');
    dataStart = cur.pos;
  } else {
    // Formats 113–115: a fixed 109-byte binary header.
    version = first;
    if (!SUPPORTED.includes(version)) throw unsupported(label, version >= 100 && version < 120 ? String(version) : null);
    const hdr = await cur.bytes(4, 'the header');
    if (hdr[1] !== 1 && hdr[1] !== 2) throw cur.damaged(`unknown byte order code ${hdr[1]}`);
    cur.little = hdr[1] === 2;
    nvar = await cur.u16('the number of variables');
    nobs = await cur.u32('the number of observations');
    dataLabel = cString(await cur.bytes(81, 'the data label'));
    timestamp = cString(await cur.bytes(18, 'the timestamp'));
    const typeCodes = await cur.bytes(nvar, 'the variable types');
    const types = Array.from(typeCodes, (code, j) => {
      const t = numTypeOld(code);
      if (t === null) throw cur.damaged(`variable ${j + 1} has an unknown storage type code ${code}`);
      return t;
    });
    const names = await fixedStrings(cur, nvar, 33, 'the variable names');
    await cur.bytes(2 * (nvar + 1), 'the sort list');
    const formats = await fixedStrings(cur, nvar, version === 113 ? 12 : 49, 'the display formats');
    const lblNames = await fixedStrings(cur, nvar, 33, 'the value-label names');
    const varLabels = await fixedStrings(cur, nvar, 81, 'the variable labels');
    for (let j = 0; j < nvar; j++) vars.push({ type: types[j], name: names[j], format: formats[j], labelName: lblNames[j], label: varLabels[j] });
    // Expansion fields (characteristics): type byte + 4-byte length, ended by type 0 length 0.
    for (;;) {
      const t = await cur.u8('the characteristics');
      const len = await cur.u32('the characteristics');
      if (t === 0 && len === 0) break;
      await cur.bytes(len, 'a characteristic');
    }
    dataStart = cur.pos;
    const rowLen = vars.reduce((s, v) => s + width(v.type), 0);
    cur.pos = dataStart + rowLen * nobs;
    while (cur.pos < cur.size) {
      const len = await cur.i32('a value-label table');
      const name = cString(await cur.bytes(33, 'a value-label name'));
      await cur.bytes(3, 'a value-label table');
      if (len < 8) throw cur.damaged(`the value labels "${name}" have an invalid length ${len}`);
      labelTables.set(name, parseLabelTable(Buffer.from(await cur.bytes(len, `the value labels "${name}"`)), cur.little, version));
    }
  }

  // Data rows.
  const sinks: ColumnSink[] = [];
  let offset = 0;
  for (const d of vars) {
    const s: ColumnSink = { desc: d, offset };
    if (typeof d.type === 'number' || d.type === 'strl') {
      s.codes = new Int32Array(nobs);
      s.dict = new Map();
      s.raw = [];
    } else s.values = new Float64Array(nobs);
    sinks.push(s);
    offset += width(d.type);
  }
  const rowLen = offset;
  cur.pos = dataStart;
  const rowsPerChunk = Math.max(1, Math.floor((4 << 20) / Math.max(rowLen, 1)));
  const little = cur.little;
  for (let r0 = 0; r0 < nobs; r0 += rowsPerChunk) {
    ctx.checkCancelled();
    const nr = Math.min(rowsPerChunk, nobs - r0);
    if (rowLen === 0) break;
    try {
      await cur.need(nr * rowLen, 'the data');
    } catch (e) {
      if (e instanceof UserError) {
        const complete = Math.floor((cur.size - dataStart) / rowLen);
        throw cur.damaged(`the file ends inside the data after ${Math.max(0, complete)} of ${nobs} rows`, { rowsComplete: complete, rowsExpected: nobs });
      }
      throw e;
    }
    const { buf, at } = cur.view();
    for (const s of sinks) readColumnChunk(s, buf, at, rowLen, r0, nr, little, version, gso);
    cur.pos += nr * rowLen;
    ctx.progress((r0 + nr) / nobs, 'read');
  }
  if (version >= 117) await cur.expect('</data>');

  // Text: choose the decoder from every raw string, then decode names, labels and levels.
  const allRaw = function* (): Generator<string> {
    yield dataLabel;
    for (const v of vars) {
      yield v.name;
      yield v.label;
    }
    for (const t of labelTables.values()) yield* t.values();
    for (const s of sinks) if (s.raw) yield* s.raw;
  };
  const { encoding, decode } = version >= 118 ? chooseDecoder([], 'utf-8', label) : chooseDecoder(allRaw(), options.encoding, label);
  const notes: string[] = [];
  const columns: Column[] = sinks.map((s) => {
    const d = s.desc;
    const name = decode(d.name);
    const meta: { label?: string } = d.label ? { label: decode(d.label) } : {};
    if (s.codes && s.raw) {
      const { codes, levels } = decodeLevels(s.codes, s.raw, decode);
      return { type: 'string', name, codes, levels, ...meta };
    }
    const values = s.values as Float64Array;
    const col: NumericColumn = { type: 'number', name, values, integer: d.type !== 'float' && d.type !== 'double' ? true : allIntegers(values), ...meta };
    if (s.kinds) col.missingKind = s.kinds;
    const fmt = d.format.replace(/^%-?/, '');
    if (/^t?d/.test(fmt) && !/^tc|^tC/.test(fmt)) {
      for (let i = 0; i < values.length; i++) values[i] -= DAYS_1960_TO_1970;
      col.format = 'date';
      col.integer = true;
    } else if (/^t[cCwmqhbg]/.test(fmt)) notes.push(`Column "${name}" has the Stata format %${fmt}; its values are kept as Stata stores them.`);
    if (d.labelName) {
      const table = labelTables.get(d.labelName);
      if (table && table.size) {
        const vl: ValueLabels = {};
        for (const [k, v] of table) vl[k] = decode(v);
        col.valueLabels = vl;
      } else if (!table) notes.push(`Column "${name}" refers to the value labels "${decode(d.labelName)}", which the file does not contain.`);
    }
    return col;
  });
  ctx.progress(1, 'read');
  return {
    frame: { nrow: nobs, columns },
    info: { format: 'dta', version, byteOrder: little ? 'LSF' : 'MSF', encoding, rows: nobs, columns: nvar, dataLabel: decode(dataLabel), timestamp, notes },
  };
}

function unsupported(label: string, version: string | null): UserError {
  const what = version ? `Stata format ${version}` : 'not a Stata .dta file';
  return new UserError('unsupported_format', `"${label}" is ${what}; Causeway reads .dta formats 113–119 (Stata 8 and later; save older files with a newer Stata).`, { file: label, version });
}

async function fixedStrings(cur: BinaryCursor, n: number, w: number, what: string): Promise<string[]> {
  const buf = await cur.bytes(n * w, what);
  const out: string[] = [];
  for (let j = 0; j < n; j++) out.push(cString(buf, j * w, (j + 1) * w));
  return out;
}

function allIntegers(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v) && !Number.isInteger(v)) return false;
  }
  return true;
}

function setMissing(s: ColumnSink, row: number, kind: number): void {
  (s.values as Float64Array)[row] = Number.NaN;
  if (kind > 0) {
    if (!s.kinds) s.kinds = new Uint8Array((s.values as Float64Array).length);
    s.kinds[row] = kind;
  }
}

function intern(s: ColumnSink, row: number, raw: string): void {
  const codes = s.codes as Int32Array;
  if (raw.length === 0) {
    codes[row] = -1;
    return;
  }
  const dict = s.dict as Map<string, number>;
  let k = dict.get(raw);
  if (k === undefined) {
    k = (s.raw as string[]).length;
    (s.raw as string[]).push(raw);
    dict.set(raw, k);
  }
  codes[row] = k;
}

/**
 * Decodes one column's cells for rows r0 … r0+nr-1 of the buffered chunk. Missing values are
 * Stata's: byte 101, int 32741, long 2147483621 are ".", the next 26 codes .a–.z; float and
 * double above their largest valid value are missing, with .a–.z at fixed steps.
 */
function readColumnChunk(s: ColumnSink, buf: Buffer, at: number, rowLen: number, r0: number, nr: number, little: boolean, version: number, gso: Map<string, string>): void {
  const t = s.desc.type;
  let p = at + s.offset;
  const values = s.values as Float64Array;
  switch (t) {
    case 'byte':
      for (let r = r0; r < r0 + nr; r++, p += rowLen) {
        const v = buf.readInt8(p);
        if (v > 100) setMissing(s, r, v - 101);
        else values[r] = v;
      }
      return;
    case 'int':
      for (let r = r0; r < r0 + nr; r++, p += rowLen) {
        const v = little ? buf.readInt16LE(p) : buf.readInt16BE(p);
        if (v > 32740) setMissing(s, r, v - 32741);
        else values[r] = v;
      }
      return;
    case 'long':
      for (let r = r0; r < r0 + nr; r++, p += rowLen) {
        const v = little ? buf.readInt32LE(p) : buf.readInt32BE(p);
        if (v > 2147483620) setMissing(s, r, Math.min(v - 2147483621, 26));
        else values[r] = v;
      }
      return;
    case 'float':
      for (let r = r0; r < r0 + nr; r++, p += rowLen) {
        const bits = little ? buf.readUInt32LE(p) : buf.readUInt32BE(p);
        if (bits >= 0x7f000000 && bits < 0x80000000) {
          const k = (bits - 0x7f000000) / 0x800;
          setMissing(s, r, Number.isInteger(k) && k <= 26 ? k : 0);
        } else values[r] = little ? buf.readFloatLE(p) : buf.readFloatBE(p);
      }
      return;
    case 'double':
      for (let r = r0; r < r0 + nr; r++, p += rowLen) {
        const hi = little ? buf.readUInt32LE(p + 4) : buf.readUInt32BE(p);
        if (hi >= 0x7fe00000 && hi < 0x80000000) {
          const lo = little ? buf.readUInt32LE(p) : buf.readUInt32BE(p + 4);
          const k = (hi - 0x7fe00000) / 0x100;
          setMissing(s, r, lo === 0 && Number.isInteger(k) && k <= 26 ? k : 0);
        } else values[r] = little ? buf.readDoubleLE(p) : buf.readDoubleBE(p);
      }
      return;
    case 'strl':
      for (let r = r0; r < r0 + nr; r++, p += rowLen) {
        let v: number;
        let o: number;
        if (version === 117) {
          v = little ? buf.readUInt32LE(p) : buf.readUInt32BE(p);
          o = little ? buf.readUInt32LE(p + 4) : buf.readUInt32BE(p + 4);
        } else {
          // 118: v is 2 bytes and o 6; 119: v 3 bytes and o 5 (in the file's byte order).
          const vb = version === 118 ? 2 : 3;
          v = little ? buf.readUIntLE(p, vb) : buf.readUIntBE(p, vb);
          o = little ? buf.readUIntLE(p + vb, 8 - vb) : buf.readUIntBE(p + vb, 8 - vb);
        }
        if (v === 0 && o === 0) {
          intern(s, r, '');
          continue;
        }
        const str = gso.get(`${v}:${o}`);
        if (str === undefined) throw new UserError('damaged_file', `A strL value (variable ${v}, observation ${o}) in row ${r + 1} of "${s.desc.name}" is missing from the file's strL section.`, { row: r + 1, column: s.desc.name });
        intern(s, r, str);
      }
      return;
    default:
      for (let r = r0; r < r0 + nr; r++, p += rowLen) {
        let e = p;
        const end = p + t;
        while (e < end && buf[e] !== 0) e++;
        intern(s, r, buf.toString('latin1', p, e));
      }
  }
}

/** Decodes a column's raw levels; two raw byte strings that decode alike become one level. */
export function decodeLevels(codes: Int32Array, raw: string[], decode: (s: string) => string): { codes: Int32Array; levels: string[] } {
  const levels: string[] = [];
  const index = new Map<string, number>();
  const remap = raw.map((r) => {
    const s = decode(r);
    let k = index.get(s);
    if (k === undefined) {
      k = levels.length;
      levels.push(s);
      index.set(s, k);
    }
    return k;
  });
  if (levels.length === raw.length) return { codes, levels };
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
  return { codes, levels };
}
