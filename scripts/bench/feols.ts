/**
 * Benchmark of the estimation core (issue 3, point 8). A deterministic panel of `units`
 * units × 10 years (1,000,000 rows by default) with a third factor of 5,000 levels is built
 * in memory, then timed through runFeols (design, demeaning, OLS, variance):
 *
 *   two-way FE, clustered by unit:    y ~ x1 + x2 | unit + year          (fixest 0.12: ~0.50 s)
 *   three-way FE, clustered by unit:  y ~ x1 + x2 | unit + year + firm   (fixest 0.12: ~2.6 s)
 *
 * Each model runs once to warm up, then RUNS times; the figure compared with the target is
 * the median, and the minimum is printed too (wall and CPU time). Peak RSS is sampled over
 * the 1M-row part (target < 1.5 GB), then the same models run once at 10× the rows (they must
 * complete). Run: npx tsx scripts/bench/feols.ts [units] [--no-10x]
 */
import { pathToFileURL } from 'node:url';
import mt19937 from '@stdlib/random-base-mt19937';
import { runFeols } from '../../main/engine/feols';
import { numericColumn, type Frame } from '../../main/engine/frame';
import { feolsSpec } from '../../shared/specs/feols';
import { header, reportTarget, rssSampler, summarize, timed, type Timing } from './lib/report';

const YEARS = 10;
const FIRMS = 5_000;
const RUNS = 5;

/** y = 0.5 x1 − 0.3 x2 + unit + year + firm effects + noise; x1 correlated with the unit effect. */
export function panel(nUnits: number, seed = 20240601): Frame {
  const g = mt19937.factory({ seed });
  const u = (): number => g() / 4294967296;
  const n = nUnits * YEARS;
  const unit = new Float64Array(n);
  const year = new Float64Array(n);
  const firm = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y = new Float64Array(n);
  const firmEffect = Float64Array.from({ length: FIRMS }, () => u() - 0.5);
  for (let i = 0; i < nUnits; i++) {
    const a = u() * 2 - 1;
    for (let t = 0; t < YEARS; t++) {
      const k = i * YEARS + t;
      const f = Math.floor(u() * FIRMS);
      unit[k] = i + 1;
      year[k] = 2001 + t;
      firm[k] = f + 1;
      x1[k] = a + u();
      x2[k] = u() + 0.1 * t;
      y[k] = 0.5 * x1[k] - 0.3 * x2[k] + a + 0.05 * t + firmEffect[f] + (u() - 0.5);
    }
  }
  const int = { integer: true };
  return {
    nrow: n,
    columns: [numericColumn('unit', unit, int), numericColumn('year', year, int), numericColumn('firm', firm, int), numericColumn('x1', x1), numericColumn('x2', x2), numericColumn('y', y)],
  };
}

const TWO = 'y ~ x1 + x2 | unit + year';
const THREE = 'y ~ x1 + x2 | unit + year + firm';

/** `runs` timed fits after one warm-up fit (none when runs is 1); x1's estimate and the demeaning iterations of the last. */
function fit(frame: Frame, formula: string, runs: number, sample: () => void): { times: Timing[]; x1: number; iterations: number[] } {
  const spec = feolsSpec.parse({ model: 'feols', data: 'bench', formula, vcov: { cluster: ['unit'] } });
  if (runs > 1) runFeols(frame, spec);
  const times: Timing[] = [];
  let x1 = NaN;
  let iterations: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = timed(() => runFeols(frame, spec));
    sample();
    times.push(t);
    x1 = t.value.coefficients.x1.estimate ?? NaN;
    iterations = t.value.fixef_demean_iterations;
  }
  return { times, x1, iterations };
}

const s3 = (x: number): string => x.toFixed(3);

function describe(label: string, r: ReturnType<typeof fit>): void {
  const { min, median } = summarize(r.times);
  const spread = r.times.length > 1 ? `median ${s3(median.wall)} s wall / ${s3(median.cpu)} s CPU, min ${s3(min.wall)} / ${s3(min.cpu)} s over ${r.times.length} runs` : `${s3(min.wall)} s wall / ${s3(min.cpu)} s CPU, one run`;
  console.log(`${label.padEnd(40)} ${spread}; x1 = ${r.x1.toFixed(6)}; demeaning iterations ${JSON.stringify(r.iterations)}`);
}

function main(): void {
  const args = process.argv.slice(2);
  const units = Number(args.find((a) => !a.startsWith('--')) ?? 100_000);
  const skip10x = args.includes('--no-10x');
  const rows = (units * YEARS).toLocaleString('en');
  header(`feols benchmark, ${rows} rows`);
  const rss = rssSampler();
  const gen = timed(() => panel(units));
  console.log(`generated ${rows} rows in ${gen.wall.toFixed(2)} s`);
  const two = fit(gen.value, TWO, RUNS, rss.sample);
  describe('two-way FE, clustered by unit', two);
  const three = fit(gen.value, THREE, RUNS, rss.sample);
  describe('three-way FE, clustered by unit', three);
  const peak = rss.peakMb();
  const how = `median of ${RUNS} runs after a warm-up`;
  reportTarget({ issue: 3, what: `two-way FE with unit clusters, ${rows} rows`, ...summarize(two.times).median, target: 0.5, unit: 's', how });
  reportTarget({ issue: 3, what: `three-way FE with unit clusters, ${rows} rows`, ...summarize(three.times).median, target: 2.6, unit: 's', how });
  reportTarget({ issue: 3, what: `peak RSS, ${rows} rows (data, fits)`, wall: peak, cpu: null, target: 1536, unit: 'MB', how: 'sampled every 10 ms' });

  if (skip10x) {
    console.log('10× rows skipped (--no-10x)');
  } else {
    rss.reset();
    const bigRows = (units * 10 * YEARS).toLocaleString('en');
    const big = timed(() => panel(units * 10));
    console.log(`generated ${bigRows} rows in ${big.wall.toFixed(2)} s`);
    const bigTwo = fit(big.value, TWO, 1, rss.sample);
    describe('10× rows: two-way FE, clustered by unit', bigTwo);
    const bigThree = fit(big.value, THREE, 1, rss.sample);
    describe('10× rows: three-way FE, clustered by unit', bigThree);
    const both = bigTwo.times[0].wall + bigThree.times[0].wall;
    reportTarget({ issue: 3, what: `two- and three-way FE, ${bigRows} rows (peak RSS ${rss.peakMb().toFixed(0)} MB)`, wall: both, cpu: bigTwo.times[0].cpu + bigThree.times[0].cpu, target: null, unit: 's', how: 'one run each, total' });
  }
  rss.stop();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
