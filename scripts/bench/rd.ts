/**
 * Times rdrobust with default options (p = 1, triangular, mserd, nn variance, mass-point
 * check) on 1,000,000 synthetic observations (target: under 5 s). Run with
 * `npx tsx scripts/bench/rd.ts [n]` (prints one JSON line and the target line) or call benchRdrobust().
 */
import { pathToFileURL } from 'node:url';
import mt19937 from '@stdlib/random-base-mt19937';
import { silentContext, type RunContext } from '../../main/engine/context';
import { numericColumn, type Frame } from '../../main/engine/frame';
import { runRdrobust } from '../../main/engine/rd/rdrobust';
import { rdrobustSpec } from '../../shared/specs/rdrobust';
import { header, reportTarget } from './lib/report';

/** x uniform on (-1, 1) rounded to 1e-6 (so ties occur), y = 0.5 + 0.8x - 0.3x² + 0.25·1{x >= 0} + N(0, 0.3²). */
export function syntheticRd(n: number, seed = 20240607): Frame {
  const rng = mt19937.factory({ seed });
  const unif = (): number => (rng() + 0.5) / 4294967296;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = Math.round((2 * unif() - 1) * 1e6) / 1e6;
    // Box–Muller normal draw.
    const z = Math.sqrt(-2 * Math.log(unif())) * Math.cos(2 * Math.PI * unif());
    x[i] = xi;
    y[i] = 0.5 + 0.8 * xi - 0.3 * xi * xi + (xi >= 0 ? 0.25 : 0) + 0.3 * z;
  }
  return { nrow: n, columns: [numericColumn('x', x), numericColumn('y', y)] };
}

export interface RdBenchResult {
  bench: string;
  n: number;
  /** Wall-clock seconds of runRdrobust (data preparation, bandwidth selection, estimation). */
  seconds: number;
  /** CPU seconds of this process over the same span (less sensitive to other load). */
  cpu_seconds: number;
  /** Wall-clock seconds per phase. */
  phases: Record<string, number>;
  estimate: number;
  robust_ci: [number, number];
  h: number;
  N_h: { left: number; right: number };
}

export function benchRdrobust(n = 1_000_000): RdBenchResult {
  const frame = syntheticRd(n);
  const spec = rdrobustSpec.parse({ model: 'rdrobust', data: 'synthetic', y: 'y', x: 'x' });
  const marks: Array<[string, number]> = [];
  const ctx: RunContext = { ...silentContext, progress: (_f, message) => void marks.push([message ?? '', performance.now()]) };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = runRdrobust(frame, spec, ctx);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const phases: Record<string, number> = {};
  for (let i = 0; i < marks.length; i++) {
    const [name, at] = marks[i];
    const next = i + 1 < marks.length ? marks[i + 1][1] : t1;
    phases[name] = Number((((phases[name] ?? 0) * 1000 + (next - at)) / 1000).toFixed(3));
  }
  return {
    bench: 'rdrobust default',
    n,
    seconds: Number(((t1 - t0) / 1000).toFixed(3)),
    cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
    phases,
    estimate: res.coefficients.Conventional.estimate,
    robust_ci: [res.coefficients.Robust.ci_lower, res.coefficients.Robust.ci_upper],
    h: res.h.left,
    N_h: res.N_h,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 1_000_000);
  header(`rdrobust benchmark, ${n.toLocaleString('en')} observations`);
  const r = benchRdrobust(n);
  console.log(JSON.stringify(r));
  reportTarget({ issue: 7, what: `rdrobust defaults, ${n.toLocaleString('en')} observations`, wall: r.seconds, cpu: r.cpu_seconds, target: 5, unit: 's', how: 'one run' });
}
