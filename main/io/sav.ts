/**
 * SPSS .sav / .zsav reader, written from the GNU PSPP developers' description of the system
 * file format ("System File Format": file header, variable records, value labels, the
 * machine-integer, long-name, very-long-string, encoding and long-string-label extension
 * records, then uncompressed, bytecode-compressed or zlib-compressed cases).
 *
 * What it keeps: numeric variables as Float64 (system-missing → NaN; values in a variable's
 * user-missing definition → NaN with missingKind 27); string variables (trailing blanks
 * removed; "" and user-missing strings are missing) including very long strings stitched
 * from their 255-byte segments; long variable names; variable labels; value labels (keys
 * are the numeric codes as strings, or the string values); date formats as days since 1970.
 * Text is decoded with the file's own encoding (encoding record or code page: UTF-8,
 * GBK/936, …) unless `encoding` overrides it.
 */
import { basename } from 'node:path';
import { inflateSync } from 'node:zlib';
import { silentContext } from '../engine/context';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { Column, Frame, NumericColumn, ValueLabels } from '../engine/frame';
import { BinaryCursor, chooseDecoder } from './binary';
import { decodeLevels } from './dta';

export interface SavReadOptions {
  /** Overrides the file's declared encoding ("gbk", "utf-8", …). */
  encoding?: string;
  fileLabel?: string;
}

export interface SavReadInfo {
  format: 'sav';
  compression: 'none' | 'bytecode' | 'zlib';
  encoding: string;
  rows: number;
  columns: number;
  fileLabel: string;
  product: string;
  notes: string[];
}

interface RawVar {
  shortName: string;
  /** 0 = numeric, else string width in bytes. */
  width: number;
  slot: number;
  nSlots: number;
  label: string | null;
  missing: number[] | string[];
  range: [number, number] | null;
  printType: number;
}

interface LogicalVar {
  name: string;
  label: string | null;
  width: number;
  /** Slot ranges of the segments (one for all but very long strings) and their widths. */
  segments: { slot: number; nSlots: number; width: number }[];
  missing: number[] | string[];
  range: [number, number] | null;
  printType: number;
  valueLabels: Map<string, string>;
}

const SYSMIS_BITS_HI = 0xffefffff;
/** Days from 1582-10-14 (SPSS's date origin) to 1970-01-01. */
const SPSS_EPOCH_DAYS = 141428;
/** Print-format types holding dates (DATE, ADATE, JDATE, QYR, MOYR, WKYR, EDATE, SDATE). */
const DATE_FORMATS = new Set([20, 23, 24, 28, 29, 30, 38, 39]);
const DATETIME_FORMATS = new Set([21, 22, 25, 26, 27, 41]);

const CODE_PAGES: Record<number, string> = { 65001: 'utf-8', 936: 'gbk', 54936: 'gb18030', 950: 'big5', 1252: 'windows-1252', 2: 'utf-8', 3: 'utf-8', 20127: 'utf-8', 28591: 'iso-8859-1', 932: 'shift_jis', 949: 'euc-kr' };

/** A window over the decompressed case stream (file bytes, or inflated zlib blocks). */
interface CaseSource {
  fillUpTo(n: number): Promise<number>;
  view(): { buf: Buffer; at: number };
  advance(n: number): void;
}

class ZlibSource implements CaseSource {
  private buf: Buffer = Buffer.alloc(0);
  private at = 0;
  private next = 0;
  constructor(
    private readonly cur: BinaryCursor,
    private readonly blocks: { offset: number; size: number; usize: number }[],
  ) {}
  async fillUpTo(n: number): Promise<number> {
    while (this.buf.length - this.at < n && this.next < this.blocks.length) {
      const b = this.blocks[this.next++];
      this.cur.pos = b.offset;
      const comp = await this.cur.bytes(b.size, 'a compressed data block');
      let plain: Buffer;
      try {
        plain = inflateSync(comp);
      } catch {
        throw this.cur.damaged(`compressed data block ${this.next} cannot be decompressed`);
      }
      this.buf = Buffer.concat([this.buf.subarray(this.at), plain]);
      this.at = 0;
    }
    return this.buf.length - this.at;
  }
  view(): { buf: Buffer; at: number } {
    return { buf: this.buf, at: this.at };
  }
  advance(n: number): void {
    this.at += n;
  }
}

/** Reads an SPSS system file (.sav, compressed or not, or .zsav) into a Frame. */
export async function readSav(path: string, options: SavReadOptions = {}, ctx: RunContext = silentContext): Promise<{ frame: Frame; info: SavReadInfo }> {
  const label = options.fileLabel ?? basename(path);
  const cur = await BinaryCursor.open(path, label);
  try {
    return await readSavFrom(cur, options, ctx);
  } finally {
    await cur.close();
  }
}

async function readSavFrom(cur: BinaryCursor, options: SavReadOptions, ctx: RunContext): Promise<{ frame: Frame; info: SavReadInfo }> {
  const label = cur.label;
  if (cur.size === 0) throw new UserError('empty_file', `"${label}" is empty.`, { file: label });
  const magic = (await cur.bytes(Math.min(4, cur.size), 'the header')).toString('latin1');
  if (magic !== '$FL2' && magic !== '$FL3')
    throw new UserError('unsupported_format', `"${label}" is not an SPSS system file (.sav/.zsav); it does not start with "$FL2". Portable (.por) files are not supported: save as .sav in SPSS.`, { file: label });
  const product = (await cur.bytes(60, 'the header')).toString('latin1');
  let layout = await cur.i32('the header');
  if (layout !== 2 && layout !== 3) {
    cur.little = false;
    cur.pos -= 4;
    layout = await cur.i32('the header');
    if (layout !== 2 && layout !== 3) throw cur.damaged(`the layout code is ${layout}, expected 2 or 3`);
  }
  await cur.i32('the header');
  const compression = await cur.i32('the header');
  if (compression < 0 || compression > 2) throw cur.damaged(`unknown compression code ${compression}`);
  await cur.i32('the header');
  const ncasesHeader = await cur.i32('the header');
  const bias = await cur.f64('the header');
  await cur.bytes(17, 'the header');
  const fileLabelRaw = (await cur.bytes(64, 'the header')).toString('latin1').trimEnd();
  await cur.bytes(3, 'the header');

  const raws: RawVar[] = [];
  let slot = 0;
  const labelSets: { pairs: [Buffer, string][]; slots: number[] }[] = [];
  let longNames = '';
  let veryLong = '';
  let encodingName: string | null = null;
  let codePage: number | null = null;
  const longStringLabels: Buffer[] = [];
  const notes: string[] = [];

  for (;;) {
    const rec = await cur.i32('the dictionary');
    if (rec === 2) {
      const type = await cur.i32('a variable record');
      const hasLabel = await cur.i32('a variable record');
      const nMissing = await cur.i32('a variable record');
      const print = await cur.i32('a variable record');
      await cur.i32('a variable record');
      const name = (await cur.bytes(8, 'a variable name')).toString('latin1').trimEnd();
      let vlabel: string | null = null;
      if (hasLabel === 1) {
        const len = await cur.i32('a variable label');
        if (len < 0 || len > 65536) throw cur.damaged(`variable ${name} has an invalid label length ${len}`);
        vlabel = (await cur.bytes(Math.ceil(len / 4) * 4, 'a variable label')).toString('latin1', 0, len);
      }
      const nm = Math.abs(nMissing);
      if (nm > 3) throw cur.damaged(`variable ${name} has ${nMissing} missing values (at most 3 allowed)`);
      const mvals: Buffer[] = [];
      for (let k = 0; k < nm; k++) mvals.push(Buffer.from(await cur.bytes(8, 'a missing value')));
      if (type === -1) {
        const prev = raws[raws.length - 1];
        if (!prev) throw cur.damaged('a string continuation record comes before any variable');
        prev.nSlots++;
        slot++;
        continue;
      }
      if (type < 0 || type > 255) throw cur.damaged(`variable ${name} has an invalid type ${type}`);
      const num = (b: Buffer): number => (cur.little ? b.readDoubleLE(0) : b.readDoubleBE(0));
      let missing: number[] | string[] = [];
      let range: [number, number] | null = null;
      if (type === 0) {
        if (nMissing < 0) {
          range = [num(mvals[0]), num(mvals[1])];
          missing = mvals.slice(2).map(num);
        } else missing = mvals.map(num);
      } else missing = mvals.map((b) => b.toString('latin1').trimEnd());
      raws.push({ shortName: name, width: type, slot, nSlots: 1, label: vlabel, missing, range, printType: (print >> 16) & 0xff });
      slot++;
    } else if (rec === 3) {
      const n = await cur.i32('a value-label record');
      if (n < 0 || n > 1 << 24) throw cur.damaged(`a value-label record claims ${n} labels`);
      const pairs: [Buffer, string][] = [];
      for (let k = 0; k < n; k++) {
        const value = Buffer.from(await cur.bytes(8, 'a labelled value'));
        const len = await cur.u8('a value label');
        const padded = Math.ceil((len + 1) / 8) * 8 - 1;
        pairs.push([value, (await cur.bytes(padded, 'a value label')).toString('latin1', 0, len)]);
      }
      const rec4 = await cur.i32('a value-label record');
      if (rec4 !== 4) throw cur.damaged(`a value-label record is not followed by its variable list (record type ${rec4})`);
      const nv = await cur.i32('a value-label record');
      const slots: number[] = [];
      for (let k = 0; k < nv; k++) slots.push((await cur.i32('a value-label record')) - 1);
      labelSets.push({ pairs, slots });
    } else if (rec === 6) {
      const n = await cur.i32('a document record');
      await cur.bytes(80 * n, 'a document record');
    } else if (rec === 7) {
      const sub = await cur.i32('an extension record');
      const size = await cur.i32('an extension record');
      const count = await cur.i32('an extension record');
      if (size < 0 || count < 0) throw cur.damaged(`extension record ${sub} has a negative size`);
      const body = Buffer.from(await cur.bytes(size * count, `extension record ${sub}`));
      const i32 = (at: number): number => (cur.little ? body.readInt32LE(at) : body.readInt32BE(at));
      if (sub === 3 && body.length >= 32) codePage = i32(28);
      else if (sub === 13) longNames = body.toString('latin1');
      else if (sub === 14) veryLong = body.toString('latin1');
      else if (sub === 20) encodingName = body.toString('latin1').replace(/\0+$/, '').trim();
      else if (sub === 21) longStringLabels.push(body);
    } else if (rec === 999) {
      await cur.i32('the dictionary terminator');
      break;
    } else throw cur.damaged(`unknown dictionary record type ${rec}`);
  }
  const caseSlots = slot;

  // Encoding: the encoding record, else the code page, else detection.
  let requested = options.encoding;
  if (!requested || requested === 'auto') {
    if (encodingName) requested = encodingName.toLowerCase() === 'cp936' ? 'gbk' : encodingName;
    else if (codePage !== null && CODE_PAGES[codePage]) requested = CODE_PAGES[codePage];
  }
  const rawStrings: string[] = [fileLabelRaw, ...raws.map((r) => r.label ?? ''), longNames, ...labelSets.flatMap((s) => s.pairs.map((p) => p[1]))];
  let dec: { encoding: string; decode: (s: string) => string };
  try {
    dec = chooseDecoder(rawStrings, requested, label);
  } catch {
    notes.push(`The file declares the unknown encoding "${requested}"; text was decoded by detection.`);
    dec = chooseDecoder(rawStrings, 'auto', label);
  }
  const decode = dec.decode;

  // Merge very long string segments into logical variables.
  const vlsWidth = new Map<string, number>();
  for (const entry of veryLong.split(/\0?\t/)) {
    const m = /^([^=]+)=0*(\d+)/.exec(entry.replace(/\0/g, ''));
    if (m) vlsWidth.set(m[1].trimEnd(), Number(m[2]));
  }
  const longName = new Map<string, string>();
  for (const entry of longNames.split('\t')) {
    const eq = entry.indexOf('=');
    if (eq > 0) longName.set(entry.slice(0, eq), decode(entry.slice(eq + 1)));
  }
  const logical: LogicalVar[] = [];
  const slotToVar = new Map<number, LogicalVar>();
  for (let k = 0; k < raws.length; k++) {
    const r = raws[k];
    const W = vlsWidth.get(r.shortName);
    const v: LogicalVar = {
      name: longName.get(r.shortName) ?? decode(r.shortName),
      label: r.label === null ? null : decode(r.label),
      width: r.width,
      segments: [{ slot: r.slot, nSlots: r.nSlots, width: r.width }],
      missing: r.width > 0 ? (r.missing as string[]).map(decode) : r.missing,
      range: r.range,
      printType: r.printType,
      valueLabels: new Map(),
    };
    if (W !== undefined && W > 255 && r.width > 0) {
      const nseg = Math.ceil(W / 252);
      if (k + nseg > raws.length) throw cur.damaged(`the very long string ${r.shortName} needs ${nseg} segments but the file has only ${raws.length - k} variables left`);
      v.width = W;
      v.segments = raws.slice(k, k + nseg).map((s, i) => ({ slot: s.slot, nSlots: s.nSlots, width: i < nseg - 1 ? 255 : s.width }));
      k += nseg - 1;
    }
    logical.push(v);
    slotToVar.set(r.slot, v);
  }

  const numAt = (b: Buffer, at: number): number => (cur.little ? b.readDoubleLE(at) : b.readDoubleBE(at));
  for (const set of labelSets) {
    for (const s of set.slots) {
      const v = slotToVar.get(s);
      if (!v) continue;
      for (const [value, text] of set.pairs) {
        const key = v.width === 0 ? String(numAt(value, 0)) : decode(value.toString('latin1').trimEnd());
        v.valueLabels.set(key, decode(text));
      }
    }
  }
  for (const body of longStringLabels) readLongStringLabels(body, cur.little, logical, decode);

  // Cases.
  let source: CaseSource = cur;
  if (compression === 2) {
    const zheaderOfs = cur.pos;
    await cur.u64('the compression header');
    const trailerOfs = await cur.u64('the compression header');
    await cur.u64('the compression header');
    if (trailerOfs <= zheaderOfs || trailerOfs > cur.size) throw cur.damaged('the compression trailer offset points outside the file');
    cur.pos = trailerOfs + 16;
    await cur.i32('the compression trailer');
    const nBlocks = await cur.i32('the compression trailer');
    const blocks: { offset: number; size: number; usize: number }[] = [];
    for (let b = 0; b < nBlocks; b++) {
      await cur.u64('the compression trailer');
      const offset = await cur.u64('the compression trailer');
      const usize = await cur.i32('the compression trailer');
      const size = await cur.i32('the compression trailer');
      blocks.push({ offset, size, usize });
    }
    source = new ZlibSource(cur, blocks);
  }

  const known = ncasesHeader >= 0;
  let capacity = known ? ncasesHeader : 1024;
  const caseBytes = caseSlots * 8;
  const numCols = logical.map((v) => (v.width === 0 ? new Float64Array(capacity) : null));
  const kinds: (Uint8Array | null)[] = logical.map(() => null);
  const strCodes = logical.map((v) => (v.width > 0 ? new Int32Array(capacity) : null));
  const dicts = logical.map(() => new Map<string, number>());
  const rawLevels: string[][] = logical.map(() => []);
  const caseBuf = Buffer.alloc(caseBytes);
  const sysmisSlot = new Uint8Array(caseSlots);
  const grow = (): void => {
    capacity *= 2;
    numCols.forEach((a, j) => {
      if (!a) return;
      const b = new Float64Array(capacity);
      b.set(a);
      numCols[j] = b;
    });
    strCodes.forEach((a, j) => {
      if (!a) return;
      const b = new Int32Array(capacity);
      b.set(a);
      strCodes[j] = b;
    });
    kinds.forEach((a, j) => {
      if (!a) return;
      const b = new Uint8Array(capacity);
      b.set(a);
      kinds[j] = b;
    });
  };
  const isUserMissing = (v: LogicalVar, x: number): boolean => {
    if (v.range && x >= v.range[0] && x <= v.range[1]) return true;
    return (v.missing as number[]).includes(x);
  };

  // Bytecode state persists across cases: a command block may span two cases.
  let cmds: Buffer | null = null;
  let cmdAt = 8;
  let ended = false;
  let nrows = 0;
  // Worst case for one compressed case: a command byte per slot plus an 8-byte literal each.
  const worstCase = caseBytes + Math.ceil(caseSlots / 8) * 8 + 8;
  const sizeForProgress = cur.size;
  const stringsMissing = logical.map((v) => (v.width > 0 ? new Set(v.missing as string[]) : null));

  while (!ended && (!known || nrows < ncasesHeader)) {
    ctx.checkCancelled();
    const avail = await source.fillUpTo(Math.max(4 << 20, worstCase));
    if (avail === 0) break;
    const { buf, at } = source.view();
    let p = at;
    const end = at + avail;
    const atEndOfStream = avail < worstCase;
    while (!ended && (!known || nrows < ncasesHeader) && (end - p >= worstCase || (atEndOfStream && p < end))) {
      if (compression === 0) {
        if (end - p < caseBytes) throw cur.damaged(`the file ends inside case ${nrows + 1}`, { rowsComplete: nrows });
        buf.copy(caseBuf, 0, p, p + caseBytes);
        sysmisSlot.fill(0);
        p += caseBytes;
      } else {
        let s = 0;
        sysmisSlot.fill(0);
        while (s < caseSlots) {
          if (cmdAt === 8) {
            if (end - p < 8) {
              if (s === 0) {
                ended = true;
                break;
              }
              throw cur.damaged(`the compressed data end inside case ${nrows + 1}`, { rowsComplete: nrows });
            }
            cmds = buf.subarray(p, p + 8);
            p += 8;
            cmdAt = 0;
          }
          const c = (cmds as Buffer)[cmdAt++];
          if (c === 0) continue;
          if (c === 252) {
            if (s > 0) throw cur.damaged(`the compressed data end inside case ${nrows + 1}`, { rowsComplete: nrows });
            ended = true;
            break;
          }
          const o = s * 8;
          if (c === 253) {
            if (end - p < 8) throw cur.damaged(`the compressed data end inside case ${nrows + 1}`, { rowsComplete: nrows });
            buf.copy(caseBuf, o, p, p + 8);
            p += 8;
          } else if (c === 254) caseBuf.fill(0x20, o, o + 8);
          else if (c === 255) sysmisSlot[s] = 1;
          else if (cur.little) caseBuf.writeDoubleLE(c - bias, o);
          else caseBuf.writeDoubleBE(c - bias, o);
          s++;
        }
        if (ended) break;
      }
      if (nrows >= capacity) grow();
      for (let j = 0; j < logical.length; j++) {
        const v = logical[j];
        if (v.width === 0) {
          const sl = v.segments[0].slot;
          const col = numCols[j] as Float64Array;
          const hi = cur.little ? caseBuf.readUInt32LE(sl * 8 + 4) : caseBuf.readUInt32BE(sl * 8);
          const x = numAt(caseBuf, sl * 8);
          if (sysmisSlot[sl] || (hi === SYSMIS_BITS_HI && x === -Number.MAX_VALUE)) col[nrows] = Number.NaN;
          else if ((v.range || v.missing.length) && isUserMissing(v, x)) {
            col[nrows] = Number.NaN;
            let k = kinds[j];
            if (!k) k = kinds[j] = new Uint8Array(capacity);
            k[nrows] = 27;
          } else col[nrows] = x;
          continue;
        }
        let text = '';
        for (const seg of v.segments) {
          const from = seg.slot * 8;
          text += caseBuf.toString('latin1', from, from + Math.min(seg.width, seg.nSlots * 8));
        }
        text = text.slice(0, v.width).replace(/[ \0]+$/, '');
        const codes = strCodes[j] as Int32Array;
        const ms = stringsMissing[j];
        if (text.length === 0 || (ms && ms.size && ms.has(decode(text)))) {
          codes[nrows] = -1;
          continue;
        }
        let k = dicts[j].get(text);
        if (k === undefined) {
          k = rawLevels[j].length;
          rawLevels[j].push(text);
          dicts[j].set(text, k);
        }
        codes[nrows] = k;
      }
      nrows++;
    }
    source.advance(p - at);
    if (known && ncasesHeader > 0) ctx.progress(nrows / ncasesHeader, 'read');
    else if (source === cur) ctx.progress(Math.min(1, cur.pos / sizeForProgress), 'read');
    if (atEndOfStream && !ended && p >= end) break;
  }
  if (known && nrows < ncasesHeader) throw cur.damaged(`the header promises ${ncasesHeader} cases but only ${nrows} could be read`, { rowsComplete: nrows, rowsExpected: ncasesHeader });

  const columns: Column[] = logical.map((v, j) => {
    const meta: { label?: string } = v.label ? { label: v.label } : {};
    const vl: ValueLabels | undefined = v.valueLabels.size ? Object.fromEntries(v.valueLabels) : undefined;
    if (v.width > 0) {
      const { codes, levels } = decodeLevels((strCodes[j] as Int32Array).subarray(0, nrows), rawLevels[j], decode);
      return { type: 'string', name: v.name, codes, levels, ...meta, ...(vl ? { valueLabels: vl } : {}) };
    }
    const values = (numCols[j] as Float64Array).subarray(0, nrows);
    let integer = true;
    for (let i = 0; i < nrows; i++) {
      const x = values[i];
      if (!Number.isNaN(x) && !Number.isInteger(x)) {
        integer = false;
        break;
      }
    }
    const col: NumericColumn = { type: 'number', name: v.name, values, integer, ...meta };
    const k = kinds[j];
    if (k) col.missingKind = k.subarray(0, nrows);
    if (vl) col.valueLabels = vl;
    if (DATE_FORMATS.has(v.printType)) {
      for (let i = 0; i < nrows; i++) values[i] = Math.floor(values[i] / 86400) - SPSS_EPOCH_DAYS;
      col.format = 'date';
      col.integer = true;
    } else if (DATETIME_FORMATS.has(v.printType)) notes.push(`Column "${v.name}" holds SPSS times or date-times (seconds); they are kept as numbers.`);
    return col;
  });
  ctx.progress(1, 'read');
  return {
    frame: { nrow: nrows, columns },
    info: {
      format: 'sav',
      compression: compression === 0 ? 'none' : compression === 1 ? 'bytecode' : 'zlib',
      encoding: dec.encoding,
      rows: nrows,
      columns: columns.length,
      fileLabel: decode(fileLabelRaw),
      product: product.replace(/^@\(#\) /, '').trim(),
      notes,
    },
  };
}

/** Extension record 21: value labels of strings wider than 8 bytes. */
function readLongStringLabels(body: Buffer, little: boolean, vars: LogicalVar[], decode: (s: string) => string): void {
  const i32 = (at: number): number => (little ? body.readInt32LE(at) : body.readInt32BE(at));
  let p = 0;
  while (p + 4 <= body.length) {
    const nameLen = i32(p);
    p += 4;
    const name = decode(body.toString('latin1', p, p + nameLen));
    p += nameLen;
    p += 4;
    const n = i32(p);
    p += 4;
    const v = vars.find((x) => x.name.toLowerCase() === name.toLowerCase());
    for (let k = 0; k < n && p + 4 <= body.length; k++) {
      const vlen = i32(p);
      p += 4;
      const value = body.toString('latin1', p, p + vlen).trimEnd();
      p += vlen;
      const llen = i32(p);
      p += 4;
      const text = body.toString('latin1', p, p + llen);
      p += llen;
      if (v) v.valueLabels.set(decode(value), decode(text));
    }
  }
}
