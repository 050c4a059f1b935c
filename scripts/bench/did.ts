/**
 * Benchmark of the staggered-adoption estimators (issue 6): att_gt with never-treated
 * comparison units, no covariates, analytic SEs and the dynamic aggregation on a
 * 100,000-unit × 10-period staggered panel (target < 5 s), then the same with the multiplier
 * bootstrap, 1,000 draws (target < 10 s). Run: npx tsx scripts/bench/did.ts [units]
 */
import { silentContext } from '../../main/engine/context';
import { runAttGt } from '../../main/engine/did/att-gt';
import type { Frame } from '../../main/engine/frame';
import { numericColumn } from '../../main/engine/frame';
import { header, reportTarget } from './lib/report';

/** A balanced staggered panel: cohorts 2004…2008 and never treated, effects growing with exposure. */
export function staggeredPanel(units: number, periods = 10, seed = 7): Frame {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const cohorts = [0, 2004, 2005, 2006, 2007, 2008];
  const n = units * periods;
  const id = new Float64Array(n);
  const year = new Float64Array(n);
  const g = new Float64Array(n);
  const y = new Float64Array(n);
  for (let u = 0; u < units; u++) {
    const gu = cohorts[Math.floor(rand() * cohorts.length)];
    const a = rand();
    for (let p = 0; p < periods; p++) {
      const i = u * periods + p;
      const t = 2001 + p;
      id[i] = u + 1;
      year[i] = t;
      g[i] = gu;
      y[i] = a + 0.05 * p + (gu > 0 && t >= gu ? 0.1 * (1 + t - gu) : 0) + (rand() - 0.5) * 0.2;
    }
  }
  return { nrow: n, columns: [numericColumn('id', id), numericColumn('year', year), numericColumn('g', g), numericColumn('y', y)] };
}

export interface DidBenchResult {
  units: number;
  periods: number;
  /** Wall-clock seconds. */
  attgt_analytic_s: number;
  attgt_bootstrap_1000_s: number;
  /** CPU seconds of this process (wall time is inflated when other jobs share the cores). */
  attgt_analytic_cpu_s: number;
  attgt_bootstrap_1000_cpu_s: number;
}

export function benchDid(units = 100_000): DidBenchResult {
  const frame = staggeredPanel(units);
  const spec = { model: 'att_gt', data: 'bench', yname: 'y', tname: 'year', idname: 'id', gname: 'g', control_group: 'nevertreated', aggte: 'dynamic' } as const;
  const cpu = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6;
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const a = runAttGt(frame, spec, silentContext);
  const analytic = (performance.now() - t0) / 1000;
  const analyticCpu = cpu(process.cpuUsage(c0));
  t0 = performance.now();
  c0 = process.cpuUsage();
  const b = runAttGt(frame, { ...spec, bstrap: true, biters: 1000, cband: true, seed: 1 }, silentContext);
  const boot = (performance.now() - t0) / 1000;
  const bootCpu = cpu(process.cpuUsage(c0));
  if (a.att_gt.length === 0 || b.att_gt.length === 0) throw new Error('no estimates');
  return { units, periods: 10, attgt_analytic_s: analytic, attgt_bootstrap_1000_s: boot, attgt_analytic_cpu_s: analyticCpu, attgt_bootstrap_1000_cpu_s: bootCpu };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const units = Number(process.argv[2] ?? 100_000);
  header(`att_gt benchmark, ${units.toLocaleString('en')} units × 10 periods`);
  const r = benchDid(units);
  const what = `att_gt, ${r.units.toLocaleString('en')} units × ${r.periods} periods`;
  reportTarget({ issue: 6, what: `${what}, analytic SEs + dynamic aggregation`, wall: r.attgt_analytic_s, cpu: r.attgt_analytic_cpu_s, target: 5, unit: 's', how: 'one run' });
  reportTarget({ issue: 6, what: `${what}, multiplier bootstrap 1,000 draws + uniform band`, wall: r.attgt_bootstrap_1000_s, cpu: r.attgt_bootstrap_1000_cpu_s, target: 10, unit: 's', how: 'one run' });
}
