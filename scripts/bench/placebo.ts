/**
 * Benchmark of the placebo / permutation tests (issue 5, point 2):
 *
 *   mpdta (2,500 rows): 1,000 in-space draws of lemp ~ treat_post | countyreal + year,
 *                       clustered by county                               (target < 2 s)
 *   1M-row panel (scripts/bench/feols.ts's generator, staggered treatment added):
 *                       1,000 in-space draws of y ~ treat_post + x1 + x2 | unit + year,
 *                       clustered by unit                        (target < 10 × one estimate)
 *
 * Wall and CPU time are printed (the machine's cores are shared, so CPU time is the steadier
 * figure). Run: npx tsx scripts/bench/placebo.ts [units] [draws]
 */
import { loadavg } from 'node:os';
import { silentContext } from '../../main/engine/context';
import { runFeols } from '../../main/engine/feols';
import { numericColumn, withColumn, type Frame } from '../../main/engine/frame';
import { runPlacebo } from '../../main/engine/policy/placebo';
import { readCsv } from '../../main/io/csv';
import { dataPath } from '../../main/testing/fixtures';
import type { PlaceboSpecInput } from '../../shared/specs/placebo';
import { panel } from './feols';

const args = process.argv.slice(2);
const units = Number(args[0] ?? 100_000);
const draws = Number(args[1] ?? 1000);

const cpuSeconds = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const w0 = performance.now();
  const c0 = cpuSeconds();
  const value = f();
  return { value, wall: (performance.now() - w0) / 1000, cpu: cpuSeconds() - c0 };
}

/** Every fifth unit treated, cohorts 2004–2007 in turn: a staggered design on the bench panel. */
function withTreatment(frame: Frame): Frame {
  const unit = (frame.columns.find((c) => c.name === 'unit') as { values: Float64Array }).values;
  const year = (frame.columns.find((c) => c.name === 'year') as { values: Float64Array }).values;
  const d = Float64Array.from(unit, (u, i) => (u % 5 === 0 && year[i] >= 2004 + ((u / 5) % 4) ? 1 : 0));
  return withColumn(frame, numericColumn('treat_post', d, { integer: true }));
}

const fmt = (x: number): string => x.toFixed(3);

console.log(`Node ${process.version}; load average ${loadavg()[0].toFixed(1)}`);

const mpdta = (await readCsv(dataPath('mpdta.csv'))).frame;
const mpSpec: PlaceboSpecInput = { model: 'placebo', data: 'mpdta.csv', base: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } }, treatment: 'treat_post', unit: 'countyreal', time: 'year', draws: 1000, seed: 1 };
runPlacebo(mpdta, { ...mpSpec, draws: 100 }, silentContext);
const mp = timed(() => runPlacebo(mpdta, mpSpec, silentContext));
console.log(`mpdta, 1,000 in-space draws: wall ${fmt(mp.wall)} s, CPU ${fmt(mp.cpu)} s (${mp.value.method}); RI p = ${mp.value.p_value_ri}  target < 2 s: ${mp.wall < 2 ? 'met' : mp.cpu < 2 ? 'met in CPU time' : 'NOT met'}`);

const big = withTreatment(panel(units));
const formula = 'y ~ treat_post + x1 + x2 | unit + year';
const estimates = [0, 1].map(() => timed(() => runFeols(big, { model: 'feols', data: 'bench', formula, vcov: { cluster: ['unit'] } })));
const one = estimates.reduce((a, b) => (b.cpu < a.cpu ? b : a));
console.log(`${big.nrow.toLocaleString('en')} rows, one estimate (${formula}, clustered): wall ${fmt(one.wall)} s, CPU ${fmt(one.cpu)} s`);
const bigSpec: PlaceboSpecInput = { model: 'placebo', data: 'bench', base: { formula, vcov: { cluster: ['unit'] } }, treatment: 'treat_post', unit: 'unit', time: 'year', draws, seed: 1 };
const pl = timed(() => runPlacebo(big, bigSpec, silentContext));
const ratioWall = pl.wall / one.wall;
const ratioCpu = pl.cpu / one.cpu;
console.log(
  `${big.nrow.toLocaleString('en')} rows, ${draws.toLocaleString('en')} in-space draws: wall ${fmt(pl.wall)} s (${ratioWall.toFixed(1)}× one estimate), CPU ${fmt(pl.cpu)} s (${ratioCpu.toFixed(1)}×) (${pl.value.method}); per draw ${((1000 * pl.cpu) / draws).toFixed(1)} ms CPU  target < 10×: ${ratioWall < 10 ? 'met' : ratioCpu < 10 ? 'met in CPU time' : 'NOT met'}`,
);
