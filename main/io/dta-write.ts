/**
 * Stata .dta writer. Format 118 (Stata 14+, UTF-8) is the default export; 117 (Stata 13),
 * 119 and the binary 114/115 layouts are available for users of older Stata (and for our
 * reader's test files). Layouts follow StataCorp's "help dta".
 *
 * Choices a user sees (reported in `notes`): names that are not valid Stata names are
 * rewritten (letters, digits and _; at most 32 characters; unique); variable labels are cut
 * to 80 characters; integer columns get the smallest storage type that holds them
 * (byte/int/long), others double; dates are written as %td; extended missing codes from
 * `missingKind` are kept as .a–.z; value labels with whole-number codes are written as Stata
 * value labels named after their variable (others are dropped with a note).
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import iconv from 'iconv-lite';
import { silentContext } from '../engine/context';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { Frame, NumericColumn, StringColumn } from '../engine/frame';

export type DtaVersion = 114 | 115 | 117 | 118 | 119;
export type DtaNumericStorage = 'byte' | 'int' | 'long' | 'float' | 'double';

export interface DtaWriteOptions {
  version?: DtaVersion;
  /** Text encoding for formats 114–117 (118/119 are always UTF-8). Default windows-1252; "gbk" for Chinese Stata 13 and older. */
  encoding?: string;
  dataLabel?: string;
  /** Written into the header; default now. */
  timestamp?: Date;
  /** Force a storage type per numeric column (e.g. float); values must fit it. */
  storage?: Record<string, DtaNumericStorage>;
}

export interface DtaWriteReport {
  version: DtaVersion;
  /** Original name → name in the file, for columns that had to be renamed. */
  renamed: Record<string, string>;
  notes: string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS_1960_TO_1970 = 3653;

interface Layout {
  nameW: number;
  fmtW: number;
  lblNameW: number;
  varLblW: number;
  maxStr: number;
}

function layoutOf(v: DtaVersion): Layout {
  if (v === 114 || v === 115) return { nameW: 33, fmtW: 49, lblNameW: 33, varLblW: 81, maxStr: 244 };
  if (v === 117) return { nameW: 33, fmtW: 49, lblNameW: 33, varLblW: 81, maxStr: 2045 };
  return { nameW: 129, fmtW: 57, lblNameW: 129, varLblW: 321, maxStr: 2045 };
}

const RANGES: Record<'byte' | 'int' | 'long', [number, number, number]> = {
  // [min valid, max valid, code of "."]
  byte: [-127, 100, 101],
  int: [-32767, 32740, 32741],
  long: [-2147483647, 2147483620, 2147483621],
};

type Plan =
  | { kind: 'num'; col: NumericColumn; storage: DtaNumericStorage; date: boolean; width: number }
  | { kind: 'str'; col: StringColumn; width: number; bytes: Buffer[] }
  | { kind: 'strl'; col: StringColumn; width: 8; bytes: Buffer[]; firstRow: Int32Array };

/** Stata names: letters (Unicode from format 118), digits and _, not starting with a digit, ≤ 32 characters. */
function stataNames(names: string[], unicode: boolean): string[] {
  const used = new Set<string>();
  const bad = unicode ? /[^\p{L}\p{N}_]/gu : /[^A-Za-z0-9_]/g;
  return names.map((n) => {
    let s = n.replace(bad, '_');
    if (s === '' || /^[0-9]/.test(s)) s = `_${s}`;
    s = Array.from(s).slice(0, 32).join('');
    let cand = s;
    for (let k = 1; used.has(cand) || ['_n', '_N', '_b', '_cons', '_se', '_pi', '_rc', '_skip', 'int', 'byte', 'long', 'float', 'double', 'if', 'in', 'using', 'with'].includes(cand); k++) {
      const suffix = `_${k}`;
      cand = Array.from(s).slice(0, 32 - suffix.length).join('') + suffix;
    }
    used.add(cand);
    return cand;
  });
}

function numericStorage(col: NumericColumn, forced: DtaNumericStorage | undefined): DtaNumericStorage {
  let lo = Infinity;
  let hi = -Infinity;
  let whole = true;
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) throw new UserError('value_out_of_range', `Column "${col.name}" holds an infinite value in row ${i + 1}; Stata cannot store it. Replace it (e.g. generate with ifelse) before exporting.`, { column: col.name, row: i + 1 });
    if (!Number.isInteger(v)) whole = false;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (forced) {
    if (forced !== 'float' && forced !== 'double') {
      const [min, max] = RANGES[forced];
      if (!whole || lo < min || hi > max) throw new UserError('value_out_of_range', `Column "${col.name}" does not fit Stata's ${forced} type (whole numbers ${min} to ${max}).`, { column: col.name, storage: forced });
    }
    if (forced === 'float' && Math.max(Math.abs(lo), Math.abs(hi)) > 1.7014117331926443e38) throw new UserError('value_out_of_range', `Column "${col.name}" is too large for Stata's float type.`, { column: col.name });
    return forced;
  }
  if (!whole) return 'double';
  if (lo === Infinity) return 'byte';
  for (const t of ['byte', 'int', 'long'] as const) if (lo >= RANGES[t][0] && hi <= RANGES[t][1]) return t;
  if (Math.max(-lo, hi) > 8.98846567431158e307) throw new UserError('value_out_of_range', `Column "${col.name}" holds values too large for Stata.`, { column: col.name });
  return 'double';
}

const STORAGE_WIDTH: Record<DtaNumericStorage, number> = { byte: 1, int: 2, long: 4, float: 4, double: 8 };

function typeCode(p: Plan, version: DtaVersion): number {
  const old = version === 114 || version === 115;
  if (p.kind === 'str') return p.width;
  if (p.kind === 'strl') return 32768;
  const codes: Record<DtaNumericStorage, [number, number]> = { byte: [251, 65530], int: [252, 65529], long: [253, 65528], float: [254, 65527], double: [255, 65526] };
  return codes[p.storage][old ? 0 : 1];
}

function displayFormat(p: Plan): string {
  if (p.kind === 'str') return `%${p.width}s`;
  if (p.kind === 'strl') return '%9s';
  if (p.date) return '%td';
  return p.storage === 'byte' || p.storage === 'int' ? '%8.0g' : p.storage === 'long' ? '%12.0g' : p.storage === 'float' ? '%9.0g' : '%10.0g';
}

/** Chunked sequential writer that knows its file offset (for the 117+ section map). */
class Out {
  pos = 0;
  private parts: Buffer[] = [];
  private pending = 0;
  constructor(private readonly fh: FileHandle) {}
  async put(b: Buffer): Promise<void> {
    this.parts.push(b);
    this.pending += b.length;
    this.pos += b.length;
    if (this.pending >= 4 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const b = Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    await this.fh.write(b, 0, b.length, this.pos - b.length);
  }
}

/** Writes `frame` as a Stata .dta file. */
export async function writeDta(frame: Frame, path: string, options: DtaWriteOptions = {}, ctx: RunContext = silentContext): Promise<DtaWriteReport> {
  const version: DtaVersion = options.version ?? 118;
  const old = version === 114 || version === 115;
  const L = layoutOf(version);
  const utf8 = version >= 118;
  const encodingName = utf8 ? 'utf-8' : (options.encoding ?? 'windows-1252');
  if (!utf8 && !iconv.encodingExists(encodingName)) throw new UserError('unknown_encoding', `Unknown text encoding "${encodingName}" for the .dta export.`, { encoding: encodingName });
  const enc = (s: string): Buffer => (utf8 ? Buffer.from(s, 'utf8') : iconv.encode(s, encodingName));
  const notes: string[] = [];
  const fileLabel = basename(path);
  const little = true;
  if (frame.columns.length === 0) throw new UserError('empty_frame', 'The dataset has no columns to export.', { file: fileLabel });
  if (frame.columns.length > (version === 119 ? 120000 : 32767)) throw new UserError('too_many_columns', `Stata format ${version} holds at most 32,767 variables; use format 119 for more.`, { columns: frame.columns.length });

  const names = stataNames(
    frame.columns.map((c) => c.name),
    utf8,
  );
  const renamed: Record<string, string> = {};
  frame.columns.forEach((c, j) => {
    if (names[j] !== c.name) renamed[c.name] = names[j];
  });
  if (Object.keys(renamed).length) notes.push(`Renamed to valid Stata names: ${Object.entries(renamed).map(([a, b]) => `${a} → ${b}`).join(', ')}.`);

  const plans: Plan[] = frame.columns.map((col): Plan => {
    if (col.type === 'number') {
      const storage = col.format === 'date' ? numericStorage({ ...col, values: col.values.map((v) => v + DAYS_1960_TO_1970) }, options.storage?.[col.name]) : numericStorage(col, options.storage?.[col.name]);
      return { kind: 'num', col, storage, date: col.format === 'date', width: STORAGE_WIDTH[storage] };
    }
    const bytes = col.levels.map((l) => enc(l));
    let w = 1;
    for (const b of bytes) if (b.length > w) w = b.length;
    if (w <= L.maxStr) return { kind: 'str', col, width: w, bytes };
    if (old) throw new UserError('string_too_long', `Column "${col.name}" has text longer than ${L.maxStr} bytes, which Stata format ${version} cannot hold; export as format 117 or later.`, { column: col.name });
    const firstRow = new Int32Array(col.levels.length).fill(-1);
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i];
      if (c >= 0 && firstRow[c] < 0) firstRow[c] = i;
    }
    return { kind: 'strl', col, width: 8, bytes, firstRow };
  });
  const rowLen = plans.reduce((s, p) => s + p.width, 0);

  // Value labels (numeric columns only; Stata labels whole numbers and .a–.z).
  const tables: { name: string; body: Buffer }[] = [];
  const lblNames: string[] = plans.map((p, j) => {
    if (p.kind !== 'num' || !p.col.valueLabels || Object.keys(p.col.valueLabels).length === 0) return '';
    const entries: [number, Buffer][] = [];
    const skipped: string[] = [];
    for (const [k, text] of Object.entries(p.col.valueLabels)) {
      const m = /^\.([a-z])$/.exec(k);
      const v = m ? RANGES.long[2] + m[1].charCodeAt(0) - 96 : Number(k);
      if (!Number.isInteger(v) || v < RANGES.long[0] || v > RANGES.long[2] + 26) {
        skipped.push(k);
        continue;
      }
      let t = enc(text);
      if (t.length > 32000) t = t.subarray(0, 32000);
      entries.push([v, t]);
    }
    if (skipped.length) notes.push(`Column "${frame.columns[j].name}": value labels for ${skipped.join(', ')} dropped (Stata labels whole numbers only).`);
    if (entries.length === 0) return '';
    entries.sort((a, b) => a[0] - b[0]);
    const n = entries.length;
    const txtLen = entries.reduce((s, [, t]) => s + t.length + 1, 0);
    const body = Buffer.alloc(8 + 8 * n + txtLen);
    body.writeInt32LE(n, 0);
    body.writeInt32LE(txtLen, 4);
    let off = 0;
    entries.forEach(([v, t], i) => {
      body.writeInt32LE(off, 8 + 4 * i);
      body.writeInt32LE(v, 8 + 4 * n + 4 * i);
      t.copy(body, 8 + 8 * n + off);
      off += t.length + 1;
    });
    tables.push({ name: names[j], body });
    return names[j];
  });

  const fixed = (s: string, w: number, what: string, cut = false): Buffer => {
    const b = Buffer.alloc(w);
    let e = enc(s);
    if (e.length > w - 1) {
      if (!cut) throw new UserError('text_too_long', `${what} "${s}" is too long for Stata format ${version}.`, { value: s });
      // Cut on a character boundary so no half character is written.
      const chars = Array.from(s);
      while (e.length > w - 1) {
        chars.pop();
        e = enc(chars.join(''));
      }
      notes.push(`${what} cut to ${chars.length} characters: "${chars.join('')}".`);
    }
    e.copy(b);
    return b;
  };
  const u16 = (v: number): Buffer => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(v);
    return b;
  };
  const u32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    return b;
  };
  const u64 = (v: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    return b;
  };
  const tag = (s: string): Buffer => Buffer.from(s, 'latin1');
  const ts = options.timestamp ?? new Date();
  const stamp = `${String(ts.getDate()).padStart(2, '0')} ${MONTHS[ts.getMonth()]} ${ts.getFullYear()} ${String(ts.getHours()).padStart(2, '0')}:${String(ts.getMinutes()).padStart(2, '0')}`;
  const label = options.dataLabel ?? '';
  const K = plans.length;
  const N = frame.nrow;
  if (version === 117 && N > 0xffffffff) throw new UserError('too_many_rows', 'Stata format 117 holds at most 4,294,967,295 rows; use 118.', { rows: N });

  const fh = await fsp.open(path, 'w');
  try {
    const out = new Out(fh);
    const map = new Array<number>(14).fill(0);
    if (old) {
      const hdr = Buffer.alloc(4);
      hdr[0] = version;
      hdr[1] = little ? 2 : 1;
      hdr[2] = 1;
      await out.put(Buffer.concat([hdr, u16(K), u32(N), fixed(label, 81, 'The data label', true), fixed(stamp, 18, 'The timestamp')]));
      await out.put(Buffer.from(plans.map((p) => typeCode(p, version))));
    } else {
      await out.put(tag(`<stata_dta><header><release>${version}</release><byteorder>LSF</byteorder><K>`));
      await out.put(version === 119 ? u32(K) : u16(K));
      await out.put(tag('</K><N>'));
      await out.put(version === 117 ? u32(N) : u64(N));
      await out.put(tag('</N><label>'));
      const labChars = Array.from(label);
      if (labChars.length > 80) notes.push('The data label was cut to 80 characters.');
      let lab = enc(labChars.slice(0, 80).join(''));
      if (version === 117 && lab.length > 255) lab = lab.subarray(0, 255);
      await out.put(version === 117 ? Buffer.from([lab.length]) : u16(lab.length));
      await out.put(lab);
      await out.put(tag('</label><timestamp>'));
      await out.put(Buffer.from([17]));
      await out.put(tag(stamp));
      await out.put(tag('</timestamp></header>'));
      map[1] = out.pos;
      await out.put(tag('<map>'));
      await out.put(Buffer.alloc(14 * 8));
      await out.put(tag('</map>'));
      map[2] = out.pos;
      await out.put(tag('<variable_types>'));
      await out.put(Buffer.concat(plans.map((p) => u16(typeCode(p, version)))));
      await out.put(tag('</variable_types>'));
      map[3] = out.pos;
      await out.put(tag('<varnames>'));
    }
    await out.put(Buffer.concat(names.map((n) => fixed(n, L.nameW, 'The variable name'))));
    if (!old) {
      await out.put(tag('</varnames>'));
      map[4] = out.pos;
      await out.put(tag('<sortlist>'));
    }
    await out.put(Buffer.alloc((K + 1) * (version === 119 ? 4 : 2)));
    if (!old) {
      await out.put(tag('</sortlist>'));
      map[5] = out.pos;
      await out.put(tag('<formats>'));
    }
    await out.put(Buffer.concat(plans.map((p) => fixed(displayFormat(p), L.fmtW, 'The format'))));
    if (!old) {
      await out.put(tag('</formats>'));
      map[6] = out.pos;
      await out.put(tag('<value_label_names>'));
    }
    await out.put(Buffer.concat(lblNames.map((n) => fixed(n, L.lblNameW, 'The value-label name'))));
    if (!old) {
      await out.put(tag('</value_label_names>'));
      map[7] = out.pos;
      await out.put(tag('<variable_labels>'));
    }
    const maxLabelChars = 80;
    await out.put(
      Buffer.concat(
        frame.columns.map((c) => {
          const text = c.label ?? '';
          const chars = Array.from(text);
          if (chars.length > maxLabelChars) notes.push(`The label of "${c.name}" was cut to ${maxLabelChars} characters.`);
          return fixed(chars.slice(0, maxLabelChars).join(''), L.varLblW, `The label of "${c.name}"`, true);
        }),
      ),
    );
    if (old) await out.put(Buffer.alloc(5));
    else {
      await out.put(tag('</variable_labels>'));
      map[8] = out.pos;
      await out.put(tag('<characteristics></characteristics>'));
      map[9] = out.pos;
      await out.put(tag('<data>'));
    }

    // Rows, a chunk at a time.
    const rowsPerChunk = Math.max(1, Math.floor((4 << 20) / Math.max(rowLen, 1)));
    for (let r0 = 0; r0 < N; r0 += rowsPerChunk) {
      ctx.checkCancelled();
      const nr = Math.min(rowsPerChunk, N - r0);
      const buf = Buffer.alloc(nr * rowLen);
      let off = 0;
      plans.forEach((p, j) => {
        writeColumnChunk(p, buf, off, rowLen, r0, nr, version, j + 1);
        off += p.width;
      });
      await out.put(buf);
      ctx.progress((r0 + nr) / Math.max(N, 1), 'write');
    }

    if (!old) {
      await out.put(tag('</data>'));
      map[10] = out.pos;
      await out.put(tag('<strls>'));
      for (let j = 0; j < plans.length; j++) {
        const p = plans[j];
        if (p.kind !== 'strl') continue;
        for (let k = 0; k < p.bytes.length; k++) {
          if (p.firstRow[k] < 0 || p.bytes[k].length === 0) continue;
          await out.put(tag('GSO'));
          await out.put(u32(j + 1));
          await out.put(version === 117 ? u32(p.firstRow[k] + 1) : u64(p.firstRow[k] + 1));
          await out.put(Buffer.from([130]));
          await out.put(u32(p.bytes[k].length + 1));
          await out.put(Buffer.concat([p.bytes[k], Buffer.alloc(1)]));
        }
      }
      await out.put(tag('</strls>'));
      map[11] = out.pos;
      await out.put(tag('<value_labels>'));
    }
    for (const t of tables) {
      if (!old) await out.put(tag('<lbl>'));
      await out.put(Buffer.concat([u32(t.body.length), fixed(t.name, L.lblNameW, 'The value-label name'), Buffer.alloc(3), t.body]));
      if (!old) await out.put(tag('</lbl>'));
    }
    if (!old) {
      await out.put(tag('</value_labels>'));
      map[12] = out.pos;
      await out.put(tag('</stata_dta>'));
      map[13] = out.pos;
    }
    await out.flush();
    if (!old) await fh.write(Buffer.concat(map.map(u64)), 0, 14 * 8, map[1] + 5);
  } finally {
    await fh.close();
  }
  ctx.progress(1, 'write');
  return { version, renamed, notes };
}

function writeColumnChunk(p: Plan, buf: Buffer, off: number, rowLen: number, r0: number, nr: number, version: DtaVersion, varIndex: number): void {
  let at = off;
  if (p.kind === 'num') {
    const { values, missingKind } = p.col;
    const shift = p.date ? DAYS_1960_TO_1970 : 0;
    for (let r = r0; r < r0 + nr; r++, at += rowLen) {
      const v = values[r];
      const miss = Number.isNaN(v);
      const k = miss && missingKind ? Math.min(missingKind[r], 26) : 0;
      switch (p.storage) {
        case 'byte':
          buf.writeInt8(miss ? RANGES.byte[2] + k : v + shift, at);
          break;
        case 'int':
          buf.writeInt16LE(miss ? RANGES.int[2] + k : v + shift, at);
          break;
        case 'long':
          buf.writeInt32LE(miss ? RANGES.long[2] + k : v + shift, at);
          break;
        case 'float':
          if (miss) buf.writeUInt32LE(0x7f000000 + k * 0x800, at);
          else buf.writeFloatLE(v + shift, at);
          break;
        default:
          if (miss) {
            buf.writeUInt32LE(0, at);
            buf.writeUInt32LE(0x7fe00000 + k * 0x100, at + 4);
          } else buf.writeDoubleLE(v + shift, at);
      }
    }
    return;
  }
  const { codes } = p.col;
  if (p.kind === 'str') {
    for (let r = r0; r < r0 + nr; r++, at += rowLen) {
      const c = codes[r];
      if (c >= 0) p.bytes[c].copy(buf, at);
    }
    return;
  }
  for (let r = r0; r < r0 + nr; r++, at += rowLen) {
    const c = codes[r];
    if (c < 0 || p.bytes[c].length === 0) continue;
    const o = p.firstRow[c] + 1;
    if (version === 117) {
      buf.writeUInt32LE(varIndex, at);
      buf.writeUInt32LE(o, at + 4);
    } else {
      const vb = version === 118 ? 2 : 3;
      buf.writeUIntLE(varIndex, at, vb);
      buf.writeUIntLE(o, at + vb, 8 - vb);
    }
  }
}
