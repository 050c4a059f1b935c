/**
 * Benchmark of the estimation core (issue 3, point 8). A deterministic panel of `units`
 * units × 10 years (1,000,000 rows by default) with a third factor of 5,000 levels is built
 * in memory, then timed through runFeols (design, demeaning, OLS, variance):
 *
 *   two-way FE, clustered by unit:    y ~ x1 + x2 | unit + year          (fixest 0.12: ~0.50 s)
 *   three-way FE, clustered by unit:  y ~ x1 + x2 | unit + year + firm   (fixest 0.12: ~2.6 s)
 *
 * and reports wall time (first run and best of the warm runs), peak RSS, and the same two
 * models at 10× the rows. Run: npx tsx scripts/bench/feols.ts [units] [--no-10x]
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import mt19937 from '@stdlib/random-base-mt19937';
import { runFeols } from '../../main/engine/feols';
import { numericColumn, type Frame } from '../../main/engine/frame';
import { feolsSpec } from '../../shared/specs/feols';

const args = process.argv.slice(2);
const units = Number(args.find((a) => !a.startsWith('--')) ?? 100_000);
const skip10x = args.includes('--no-10x');
const YEARS = 10;
const FIRMS = 5_000;

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

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain) main();

function main(): void {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 10);

  // Wall time depends on what else runs on the machine; CPU time (user + system of this
  // process) is the fairer comparison with fixest's single-threaded timing.
  function time(frame: Frame, formula: string, runs: number): { first: number; best: number; bestCpu: number; coef: number; iterations: number[] } {
    const spec = feolsSpec.parse({ model: 'feols', data: 'bench', formula, vcov: { cluster: ['unit'] } });
    let first = 0;
    let best = Infinity;
    let bestCpu = Infinity;
    let coef = NaN;
    let iterations: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const res = runFeols(frame, spec);
      const cpu = process.cpuUsage(c0);
      const dt = (performance.now() - t0) / 1000;
      sample();
      if (r === 0) first = dt;
      best = Math.min(best, dt);
      bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
      coef = res.coefficients.x1.estimate ?? NaN;
      iterations = res.fixef_demean_iterations;
    }
    return { first, best, bestCpu, coef, iterations };
  }

  function report(label: string, target: number | null, r: ReturnType<typeof time>): void {
    const verdict = target === null ? '' : `  target ≤ ${target} s: ${r.best <= target ? 'met' : r.bestCpu <= target ? 'met in CPU time' : 'NOT met'}`;
    console.log(`${label.padEnd(42)} wall first ${r.first.toFixed(3)} s, best ${r.best.toFixed(3)} s; CPU best ${r.bestCpu.toFixed(3)} s; x1 = ${r.coef.toFixed(6)}; iterations ${JSON.stringify(r.iterations)}${verdict}`);
  }

  const TWO = 'y ~ x1 + x2 | unit + year';
  const THREE = 'y ~ x1 + x2 | unit + year + firm';

  console.log(`Node ${process.version}; panel ${units.toLocaleString('en')} units × ${YEARS} years; load average ${loadavg()[0].toFixed(1)}`);
  let t0 = performance.now();
  const frame = panel(units);
  console.log(`generated ${frame.nrow.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  report('two-way FE, clustered by unit', 0.5, time(frame, TWO, 4));
  report('three-way FE, clustered by unit', 2.6, time(frame, THREE, 3));
  sample();
  console.log(`peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (target < 1536 MB)`);

  if (!skip10x) {
    peak = 0;
    t0 = performance.now();
    const big = panel(units * 10);
    console.log(`generated ${big.nrow.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    report('10x rows: two-way FE, clustered by unit', null, time(big, TWO, 1));
    report('10x rows: three-way FE, clustered by unit', null, time(big, THREE, 1));
    sample();
    console.log(`peak RSS at 10x rows ${(peak / 2 ** 20).toFixed(0)} MB`);
  }
  clearInterval(timer);
}
