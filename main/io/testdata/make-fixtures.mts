/**
 * Regenerates the reader/writer test files in this folder. Run from the repository root:
 *
 *   npx tsx main/io/testdata/make-fixtures.mts
 *
 * Needs Debian's `readstat` and `extract_metadata` (apt-get install readstat). The oracle for
 * every binary file is ReadStat, an independent implementation: for each file X we store
 * `X.readstat.csv` (`readstat X -`) and `X.meta.json` (`extract_metadata X …`), and the tests
 * compare our readers with those.
 *
 * - survey118.dta, survey.sav (bytecode-compressed, UTF-8): written by readstat from
 *   survey.csv + survey.{stata,spss}.json (Chinese labels, value labels, missing codes, a
 *   long variable name, a 1,203-byte string that is a very long string in .sav).
 * - survey.zsav: survey.sav's compressed case stream re-wrapped in zlib blocks (readstat
 *   cannot write .zsav), per the PSPP description of the ZLIB data header and trailer.
 * - survey114_gbk.dta, survey117_gbk.dta, survey119.dta, types118.dta: written by our
 *   writer (legacy layouts, GBK text, every numeric storage type, strL), checked by readstat.
 * - survey_gbk.sav: uncompressed, GBK text (code page 936), written below byte by byte.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { numericColumn, stringColumn, withColumn } from '../../engine/frame';
import type { Frame } from '../../engine/frame';
import { readDta } from '../dta';
import { writeDta } from '../dta-write';
import { readSav } from '../sav';

const here = dirname(fileURLToPath(import.meta.url));
const p = (f: string): string => join(here, f);

function oracle(file: string): void {
  const csv = execFileSync('readstat', [p(file), '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  writeFileSync(p(`${file}.readstat.csv`), csv);
  execFileSync('extract_metadata', [p(file), p(`${file}.meta.json`)], { stdio: 'ignore' });
  console.log(`${file}: ${csv.split('\n').length - 2} rows`);
}

execFileSync('readstat', [p('survey.csv'), p('survey.stata.json'), p('survey118.dta')], { stdio: 'ignore' });
execFileSync('readstat', [p('survey.csv'), p('survey.spss.json'), p('survey.sav')], { stdio: 'ignore' });
oracle('survey118.dta');
oracle('survey.sav');

// --- survey.zsav from survey.sav -------------------------------------------------------------
{
  const sav = readFileSync(p('survey.sav'));
  // The dictionary ends with record 999 and its filler; find it by walking the records is
  // overkill for our own file: the 999 record is the last 8 bytes before the case data, which
  // start after the last "\xe7\x03\0\0\0\0\0\0" in the dictionary.
  const term = Buffer.from([0xe7, 0x03, 0, 0, 0, 0, 0, 0]);
  const dictEnd = sav.lastIndexOf(term) + 8;
  const dict = Buffer.from(sav.subarray(0, dictEnd));
  dict.write('$FL3', 0, 'latin1');
  dict.writeInt32LE(2, 72);
  const cases = sav.subarray(dictEnd);
  const blockSize = 64;
  const blocks: { u: Buffer; c: Buffer }[] = [];
  for (let o = 0; o < cases.length; o += blockSize) {
    const u = cases.subarray(o, o + blockSize);
    blocks.push({ u, c: deflateSync(u) });
  }
  const zheaderOfs = dict.length;
  let at = zheaderOfs + 24;
  const entries: Buffer[] = [];
  let uofs = zheaderOfs;
  for (const b of blocks) {
    const e = Buffer.alloc(24);
    e.writeBigInt64LE(BigInt(uofs), 0);
    e.writeBigInt64LE(BigInt(at), 8);
    e.writeInt32LE(b.u.length, 16);
    e.writeInt32LE(b.c.length, 20);
    entries.push(e);
    uofs += b.u.length;
    at += b.c.length;
  }
  const trailerHead = Buffer.alloc(24);
  trailerHead.writeBigInt64LE(-100n, 0);
  trailerHead.writeBigInt64LE(0n, 8);
  trailerHead.writeInt32LE(blockSize, 16);
  trailerHead.writeInt32LE(blocks.length, 20);
  const trailer = Buffer.concat([trailerHead, ...entries]);
  const zheader = Buffer.alloc(24);
  zheader.writeBigInt64LE(BigInt(zheaderOfs), 0);
  zheader.writeBigInt64LE(BigInt(at), 8);
  zheader.writeBigInt64LE(BigInt(trailer.length), 16);
  writeFileSync(p('survey.zsav'), Buffer.concat([dict, zheader, ...blocks.map((b) => b.c), trailer]));
  oracle('survey.zsav');
}

// --- .dta files from our writer --------------------------------------------------------------
const survey = (await readDta(p('survey118.dta'))).frame;
const stamp = new Date(2024, 0, 2, 3, 4);
// Format 114 holds at most 244 bytes per string: shorten the long note there.
const note = survey.columns.find((c) => c.name === 'note');
const shortNotes = note && note.type === 'string' ? note.levels.map((l) => (l.length > 60 ? l.slice(0, 60) : l)) : [];
const short: Frame = note && note.type === 'string' ? withColumn(survey, { ...note, levels: shortNotes }) : survey;
await writeDta(short, p('survey114_gbk.dta'), { version: 114, encoding: 'gbk', timestamp: stamp, dataLabel: '中国家庭追踪调查（示例）' });
await writeDta(survey, p('survey117_gbk.dta'), { version: 117, encoding: 'gbk', timestamp: stamp });
await writeDta(survey, p('survey119.dta'), { version: 119, timestamp: stamp });
for (const f of ['survey114_gbk.dta', 'survey117_gbk.dta', 'survey119.dta']) oracle(f);

const NA = Number.NaN;
const kinds = new Uint8Array([0, 0, 1, 26, 0, 0]);
const types: Frame = {
  nrow: 6,
  columns: [
    numericColumn('b', [-127, 100, NA, NA, 0, 1], { missingKind: kinds, valueLabels: { '1': 'one', '.a': 'refused', '.z': 'skip' } }),
    numericColumn('i', [-32767, 32740, NA, 5, 0, -1]),
    numericColumn('l', [-2147483647, 2147483620, NA, 7, 0, 123456]),
    numericColumn('f', [0.5, -1.25, NA, 1.7e38, 1e-30, 0.1], { missingKind: new Uint8Array([0, 0, 2, 0, 0, 0]) }),
    numericColumn('d', [Math.PI, -1e300, NA, 8.98846567431158e307, 5e-324, 0.1], { missingKind: new Uint8Array([0, 0, 3, 0, 0, 0]) }),
    stringColumn('s', ['a', '', null, 'ü', '中文', 'z'.repeat(2045)]),
    stringColumn('L', ['x'.repeat(3000), 'short', null, '长'.repeat(1000), 'x'.repeat(3000), '']),
    numericColumn('day', [0, 18262, NA, -3653, 1, 2], { format: 'date' }),
  ],
};
await writeDta(types, p('types118.dta'), { version: 118, timestamp: stamp, storage: { b: 'byte', i: 'int', l: 'long', f: 'float', d: 'double' } });
oracle('types118.dta');

// --- survey_gbk.sav: uncompressed, GBK ---------------------------------------------------------
{
  const src = (await readSav(p('survey.sav'))).frame;
  const enc = (s: string): Buffer => iconv.encode(s, 'gbk');
  const i32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    return b;
  };
  const f64 = (v: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    return b;
  };
  const pad = (b: Buffer, n: number, fill = 0x20): Buffer => {
    const out = Buffer.alloc(n, fill);
    b.copy(out, 0, 0, Math.min(b.length, n));
    return out;
  };
  const SYSMIS = -Number.MAX_VALUE;
  interface Seg {
    short: string;
    width: number;
  }
  const recs: Buffer[] = [];
  const longNames: string[] = [];
  const vls: string[] = [];
  const plan: { col: (typeof src.columns)[number]; segs: Seg[]; strWidth: number }[] = [];
  let slots = 0;
  src.columns.forEach((col, j) => {
    const short = `V${j + 1}`;
    longNames.push(`${short}=${col.name}`);
    let strWidth = 0;
    if (col.type === 'string') for (const l of col.levels) strWidth = Math.max(strWidth, enc(l).length);
    strWidth = col.type === 'string' ? Math.max(strWidth, 1) : 0;
    const segs: Seg[] = [];
    if (strWidth > 255) {
      const n = Math.ceil(strWidth / 252);
      for (let k = 0; k < n; k++) segs.push({ short: k === 0 ? short : `V${j + 1}S${k}`, width: k < n - 1 ? 255 : strWidth - (n - 1) * 252 });
      vls.push(`${short}=${String(strWidth).padStart(5, '0')}\0`);
    } else segs.push({ short, width: strWidth });
    segs.forEach((s, k) => {
      const missing = col.type === 'number' && k === 0 && col.name === 'score' ? [-9, -8] : [];
      const label = k === 0 && col.label ? enc(col.label) : null;
      const fmt = s.width === 0 ? (5 << 16) | (8 << 8) | 2 : (1 << 16) | (Math.min(s.width, 255) << 8);
      recs.push(i32(2), i32(s.width), i32(label ? 1 : 0), i32(missing.length), i32(fmt), i32(fmt), pad(Buffer.from(s.short, 'latin1'), 8));
      if (label) recs.push(i32(label.length), pad(label, Math.ceil(label.length / 4) * 4));
      for (const m of missing) recs.push(f64(m));
      const nslots = s.width === 0 ? 1 : Math.ceil(s.width / 8);
      for (let c = 1; c < nslots; c++) recs.push(i32(2), i32(-1), i32(0), i32(0), i32(0), i32(0), pad(Buffer.alloc(0), 8));
      slots += nslots;
    });
    plan.push({ col, segs, strWidth });
  });
  // Value labels for numeric columns.
  let dictIndex = 1;
  const firstSlot: number[] = [];
  for (const pl of plan) {
    firstSlot.push(dictIndex);
    for (const s of pl.segs) dictIndex += s.width === 0 ? 1 : Math.ceil(s.width / 8);
  }
  plan.forEach((pl, j) => {
    const vl = pl.col.valueLabels;
    if (pl.col.type !== 'number' || !vl) return;
    const entries = Object.entries(vl);
    recs.push(i32(3), i32(entries.length));
    for (const [k, text] of entries) {
      const t = enc(text);
      recs.push(f64(Number(k)), Buffer.from([t.length]), pad(t, Math.ceil((t.length + 1) / 8) * 8 - 1));
    }
    recs.push(i32(4), i32(1), i32(firstSlot[j]));
  });
  const ext = (sub: number, size: number, body: Buffer): Buffer => Buffer.concat([i32(7), i32(sub), i32(size), i32(body.length / size), body]);
  recs.push(ext(3, 4, Buffer.concat([1, 0, 0, -1, 1, 1, 2, 936].map(i32))));
  const ln = enc(longNames.join('\t'));
  recs.push(ext(13, 1, ln));
  const vl = Buffer.from(vls.map((v) => `${v}\t`).join(''), 'latin1');
  if (vl.length) recs.push(ext(14, 1, vl));
  recs.push(ext(20, 1, Buffer.from('GBK', 'latin1')));
  recs.push(i32(999), i32(0));
  const header = Buffer.concat([
    Buffer.from('$FL2', 'latin1'),
    pad(Buffer.from('@(#) SPSS DATA FILE Causeway test fixture', 'latin1'), 60),
    i32(2),
    i32(slots),
    i32(0),
    i32(0),
    i32(src.nrow),
    f64(100),
    Buffer.from('02 Jan 2403:04:00', 'latin1'),
    pad(enc('中国家庭追踪调查（GBK）'), 64),
    Buffer.alloc(3),
  ]);
  const rows: Buffer[] = [];
  for (let i = 0; i < src.nrow; i++) {
    for (const pl of plan) {
      const col = pl.col;
      if (col.type === 'number') {
        const v = col.values[i];
        // User-missing cells keep their code (the file's missing-value definition marks them).
        const code = Number.isNaN(v) && col.missingKind?.[i] === 27 ? (col.name === 'score' ? -9 : SYSMIS) : v;
        rows.push(f64(Number.isNaN(code) ? SYSMIS : code));
        continue;
      }
      const c = col.codes[i];
      const bytes = c < 0 ? Buffer.alloc(0) : enc(col.levels[c]);
      let off = 0;
      for (const s of pl.segs) {
        const take = s === pl.segs[pl.segs.length - 1] ? s.width : 255;
        rows.push(pad(bytes.subarray(off, off + take), Math.ceil(s.width / 8) * 8));
        off += take;
      }
    }
  }
  const file = Buffer.concat([header, ...recs, ...rows]);
  writeFileSync(p('survey_gbk.sav'), file);
  // ReadStat 1.1.8 does not know code page 936 (SPSS's number for GBK) but knows 54936
  // (GB18030, a superset): its oracle output comes from a copy that differs only there.
  const copy = Buffer.from(file);
  const cpAt = copy.indexOf(Buffer.concat([1, 0, 0, -1, 1, 1, 2, 936].map(i32))) + 28;
  copy.writeInt32LE(54936, cpAt);
  writeFileSync(p('survey_gbk.oracle.sav'), copy);
  const csv = execFileSync('readstat', [p('survey_gbk.oracle.sav'), '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  writeFileSync(p('survey_gbk.sav.readstat.csv'), csv);
  execFileSync('extract_metadata', [p('survey_gbk.oracle.sav'), p('survey_gbk.sav.meta.json')], { stdio: 'ignore' });
  unlinkSync(p('survey_gbk.oracle.sav'));
  console.log(`survey_gbk.sav: ${csv.split('\n').length - 2} rows`);
}
