/**
 * Import benchmark for issue 4: a 1,000,000-row × 20-column .dta (16 doubles, 2 longs, a
 * byte with value labels and a str8) is written to a temporary folder, then read back with
 * readDta while progress events and peak memory (RSS) are recorded. The issue asks for a
 * streamed import under 2 GB.
 *
 *   npx tsx scripts/bench/data.ts [rows]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Column, Frame } from '../../main/engine/frame';
import { readDta } from '../../main/io/dta';
import { writeDta } from '../../main/io/dta-write';
import { header, reportTarget } from './lib/report';

const rows = Number(process.argv[2] ?? 1_000_000);
header(`.dta import benchmark, ${rows.toLocaleString('en')} rows × 20 columns`);
const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-'));
const path = join(dir, 'big.dta');

function makeFrame(n: number): Frame {
  const columns: Column[] = [];
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let j = 0; j < 16; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = i % 97 === 0 ? Number.NaN : rand() * 1000 - 500;
    columns.push({ type: 'number', name: `x${j + 1}`, values: v });
  }
  columns.push({ type: 'number', name: 'id', values: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 10) + 1), integer: true });
  columns.push({ type: 'number', name: 'year', values: Float64Array.from({ length: n }, (_, i) => 2000 + (i % 10)), integer: true });
  columns.push({ type: 'number', name: 'urban', values: Float64Array.from({ length: n }, (_, i) => 1 + (i % 2)), integer: true, valueLabels: { '1': '城镇', '2': '农村' } });
  const codes = Int32Array.from({ length: n }, (_, i) => i % 31);
  columns.push({ type: 'string', name: 'prov', codes, levels: Array.from({ length: 31 }, (_, k) => `省份${k + 1}`) });
  return { nrow: n, columns };
}

let peak = 0;
const sample = (): void => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 20);

const t0 = performance.now();
await writeDta(makeFrame(rows), path);
const t1 = performance.now();
(globalThis as { gc?: () => void }).gc?.();
const cpu0 = process.cpuUsage();
const before = process.memoryUsage().rss;
peak = before;
let events = 0;
let last = 0;
const { frame } = await readDta(path, {}, {
  progress: (f) => {
    events++;
    last = f;
    sample();
  },
  checkCancelled: () => undefined,
});
const t2 = performance.now();
const cpuRead = process.cpuUsage(cpu0);
clearInterval(timer);
sample();
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
console.log(`rows ${frame.nrow}, columns ${frame.columns.length}, file ${mb(statSync(path).size)}`);
console.log(`write ${((t1 - t0) / 1000).toFixed(2)} s, read ${((t2 - t1) / 1000).toFixed(2)} s`);
console.log(`progress events ${events}, last ${last}`);
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(`RSS before read ${mb(before)}, peak sampled ${mb(peak)}, process maximum ${mb(maxRss)} (limit 2048 MB): ${maxRss < 2 ** 31 ? 'OK' : 'OVER'}`);
const readS = (t2 - t1) / 1000;
console.log(`read: ${readS.toFixed(2)} s wall, ${((cpuRead.user + cpuRead.system) / 1e6).toFixed(2)} s CPU, streamed with ${events} progress events (no time target)`);
reportTarget({ issue: 4, what: `.dta import, ${rows.toLocaleString('en')} rows × 20 columns, peak RSS while reading`, wall: peak / 2 ** 20, cpu: null, target: 2048, unit: 'MB', how: `sampled every 20 ms and at ${events} progress events; process maximum incl. writing the file ${mb(maxRss)}` });
rmSync(dir, { recursive: true, force: true });
