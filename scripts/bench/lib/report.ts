/**
 * Timing and reporting shared by the benchmarks (scripts/bench/*.ts; this folder is not run
 * as a benchmark itself). Every figure is given as wall time and as CPU time of this process
 * (user + system, process.cpuUsage): the machine's two cores are shared, and when other jobs
 * run, wall time grows while CPU time mostly does not.
 *
 * reportTarget() prints one line per speed target of the issues: the figure, the target and
 * the verdict. Under `npm run bench` (CAUSEWAY_BENCH_SUMMARY=1) it also prints a marker line
 * "@target {issue, row}" that scripts/bench.mjs collects into the closing summary table.
 */
import { availableParallelism, loadavg } from 'node:os';

export interface Timing {
  /** Seconds. */
  wall: number;
  cpu: number;
}

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

export function timed<T>(f: () => T): { value: T } & Timing {
  const w0 = performance.now();
  const c0 = cpuNow();
  const value = f();
  return { value, wall: (performance.now() - w0) / 1000, cpu: cpuNow() - c0 };
}

export async function timedAsync<T>(f: () => Promise<T>): Promise<{ value: T } & Timing> {
  const w0 = performance.now();
  const c0 = cpuNow();
  const value = await f();
  return { value, wall: (performance.now() - w0) / 1000, cpu: cpuNow() - c0 };
}

/** Minimum and median of repeated timings (wall and CPU separately). */
export function summarize(runs: Timing[]): { min: Timing; median: Timing } {
  const pick = (key: keyof Timing, q: 'min' | 'median'): number => {
    const v = runs.map((r) => r[key]).sort((a, b) => a - b);
    return q === 'min' ? v[0] : v[Math.floor((v.length - 1) / 2)];
  };
  return { min: { wall: pick('wall', 'min'), cpu: pick('cpu', 'min') }, median: { wall: pick('wall', 'median'), cpu: pick('cpu', 'median') } };
}

/** Peak resident memory, sampled every 10 ms and on demand. */
export function rssSampler(): { sample: () => void; peakMb: () => number; reset: () => void; stop: () => void } {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 10);
  return {
    sample,
    peakMb: () => {
      sample();
      return peak / 2 ** 20;
    },
    reset: () => {
      peak = 0;
    },
    stop: () => clearInterval(timer),
  };
}

export function header(title: string): void {
  const load = loadavg();
  console.log(`${title} — Node ${process.version}, load average ${load[0].toFixed(1)} / ${load[1].toFixed(1)} / ${load[2].toFixed(1)} (1/5/15 min) on ${availableParallelism()} cores`);
}

export interface TargetReport {
  issue: number;
  what: string;
  /** The figure compared with the target: seconds (wall and CPU), a ratio, or megabytes. */
  wall: number;
  cpu: number | null;
  /** A bound on the figure, or null for a target that is met by finishing ("completes"). */
  target: number | null;
  unit: 's' | '×' | 'MB';
  /** How the figure was obtained (runs, min/median, …). */
  how: string;
}

export type Verdict = 'met' | 'met in CPU time' | 'NOT met';

/** Wall time within the target: met; only CPU time within it (other load inflated wall time): met in CPU time. */
export function verdict(r: Pick<TargetReport, 'wall' | 'cpu' | 'target'>): Verdict {
  if (r.target === null || r.wall <= r.target) return 'met';
  if (r.cpu !== null && r.cpu <= r.target) return 'met in CPU time';
  return 'NOT met';
}

const fmt = (x: number, unit: TargetReport['unit']): string => (unit === 'MB' ? `${x.toFixed(0)} MB` : unit === '×' ? `${x.toFixed(1)}×` : `${x.toFixed(3)} s`);

/** Prints the target line, and under `npm run bench` its row of the closing summary table. */
export function reportTarget(r: TargetReport): void {
  const figure = r.cpu === null ? fmt(r.wall, r.unit) : `${fmt(r.wall, r.unit)} wall, ${fmt(r.cpu, r.unit)} CPU`;
  const bound = r.target === null ? 'completes' : `${r.unit === 'MB' ? '<' : '≤'} ${fmt(r.target, r.unit)}`;
  console.log(`  [issue ${r.issue}] ${r.what}: ${figure} (${r.how}) — target ${bound}: ${verdict(r)}`);
  const row = `issue ${r.issue}  ${r.what.padEnd(78)} target ${bound.padEnd(10)} measured ${figure.padEnd(30)} ${verdict(r)}`;
  if (process.env.CAUSEWAY_BENCH_SUMMARY === '1') console.log(`@target ${JSON.stringify({ issue: r.issue, row })}`);
}
