/**
 * Benchmark of the placebo / permutation tests (issue 5, point 2):
 *
 *   mpdta (2,500 rows): 1,000 in-space draws of lemp ~ treat_post | countyreal + year,
 *                       clustered by county                               (target < 2 s)
 *   1M-row panel (scripts/bench/feols.ts's generator, staggered treatment added):
 *                       1,000 in-space draws of y ~ treat_post + x1 + x2 | unit + year,
 *                       clustered by unit                        (target < 10 × one estimate)
 *
 * "One estimate" is runFeols on the same model and data; it is timed three times before and
 * twice after the placebo run and the median is used, so that a change in the machine's load
 * during the long run affects both sides. The placebo run is split into its preparation (the
 * actual estimate and everything reused by the draws) and the draws, from its progress
 * messages. Run: npx tsx scripts/bench/placebo.ts [units] [draws]
 */
import { silentContext, type RunContext } from '../../main/engine/context';
import { runFeols } from '../../main/engine/feols';
import { numericColumn, withColumn, type Frame } from '../../main/engine/frame';
import { runPlacebo } from '../../main/engine/policy/placebo';
import { readCsv } from '../../main/io/csv';
import { dataPath } from '../../main/testing/fixtures';
import type { PlaceboSpecInput } from '../../shared/specs/placebo';
import { panel } from './feols';
import { header, reportTarget, summarize, timed, type Timing } from './lib/report';

const args = process.argv.slice(2);
const units = Number(args[0] ?? 100_000);
const draws = Number(args[1] ?? 1000);

/** Every fifth unit treated, cohorts 2004–2007 in turn: a staggered design on the bench panel. */
function withTreatment(frame: Frame): Frame {
  const unit = (frame.columns.find((c) => c.name === 'unit') as { values: Float64Array }).values;
  const year = (frame.columns.find((c) => c.name === 'year') as { values: Float64Array }).values;
  const d = new Float64Array(frame.nrow);
  for (let i = 0; i < d.length; i++) d[i] = unit[i] % 5 === 0 && year[i] >= 2004 + ((unit[i] / 5) % 4) ? 1 : 0;
  return withColumn(frame, numericColumn('treat_post', d, { integer: true }));
}

/** CPU seconds at the first "draws" progress message (preparation done). */
function splitContext(): { ctx: RunContext; prepared: () => Timing | null } {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  let at: Timing | null = null;
  return {
    ctx: {
      checkCancelled: () => undefined,
      progress: (_f, message) => {
        if (message === 'draws' && at === null) {
          const c = process.cpuUsage(c0);
          at = { wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 };
        }
      },
    },
    prepared: () => at,
  };
}

const s3 = (x: number): string => x.toFixed(3);

header('placebo benchmark');
const mpdta = (await readCsv(dataPath('mpdta.csv'))).frame;
const mpSpec: PlaceboSpecInput = { model: 'placebo', data: 'mpdta.csv', base: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } }, treatment: 'treat_post', unit: 'countyreal', time: 'year', draws: 1000, seed: 1 };
runPlacebo(mpdta, { ...mpSpec, draws: 100 }, silentContext);
const mp = timed(() => runPlacebo(mpdta, mpSpec, silentContext));
console.log(`mpdta, 1,000 in-space draws: ${s3(mp.wall)} s wall, ${s3(mp.cpu)} s CPU (${mp.value.method}); RI p = ${mp.value.p_value_ri}`);
reportTarget({ issue: 5, what: 'placebo, mpdta, 1,000 in-space draws', wall: mp.wall, cpu: mp.cpu, target: 2, unit: 's', how: 'one run after a 100-draw warm-up' });

const big = withTreatment(panel(units));
const rows = big.nrow.toLocaleString('en');
const formula = 'y ~ treat_post + x1 + x2 | unit + year';
const one = (): Timing => timed(() => runFeols(big, { model: 'feols', data: 'bench', formula, vcov: { cluster: ['unit'] } }));
runFeols(big, { model: 'feols', data: 'bench', formula, vcov: { cluster: ['unit'] } });
const before = [one(), one(), one()];
const bigSpec: PlaceboSpecInput = { model: 'placebo', data: 'bench', base: { formula, vcov: { cluster: ['unit'] } }, treatment: 'treat_post', unit: 'unit', time: 'year', draws, seed: 1 };
const split = splitContext();
const pl = timed(() => runPlacebo(big, bigSpec, split.ctx));
const after = [one(), one()];
const estimate = summarize([...before, ...after]).median;
const prep = split.prepared() ?? { wall: 0, cpu: 0 };
console.log(`${rows} rows, one estimate (${formula}, clustered): median ${s3(estimate.wall)} s wall, ${s3(estimate.cpu)} s CPU (5 runs around the placebo run)`);
console.log(
  `${rows} rows, ${draws.toLocaleString('en')} in-space draws (${pl.value.method}): ${s3(pl.wall)} s wall, ${s3(pl.cpu)} s CPU = preparation and actual estimate ${s3(prep.wall)} s / ${s3(prep.cpu)} s + draws ${((1000 * (pl.cpu - prep.cpu)) / draws).toFixed(2)} ms CPU each`,
);
reportTarget({ issue: 5, what: `placebo, ${rows} rows, ${draws.toLocaleString('en')} draws ÷ one estimate`, wall: pl.wall / estimate.wall, cpu: pl.cpu / estimate.cpu, target: 10, unit: '×', how: 'one placebo run ÷ median of 5 estimates' });
