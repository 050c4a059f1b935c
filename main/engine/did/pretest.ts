/**
 * did's Wald pre-test of parallel trends (att_gt): H0: every pre-treatment ATT(g,t) = 0.
 * W = n · a' V⁻¹ a with a the pre-treatment ATT(g,t) and V = IF'IF / n their analytic
 * covariance, χ² with as many degrees of freedom as cells. Cells with a zero or missing standard
 * error are left out; a near-singular V gives no statistic (rcond <= machine epsilon, as did).
 */
import { chisqUpper } from '../dist';
import { rcond, solve } from '../linalg';
import type { AttGtCell } from './att-gt';

export interface Pretest {
  W: number | null;
  df: number | null;
  p: number | null;
  note?: string;
}

export function waldPretest(cells: ReadonlyArray<AttGtCell>, se: ReadonlyArray<number | null>, n: number): Pretest {
  const pre = cells.map((c, j) => j).filter((j) => cells[j].group > cells[j].time && se[j] !== null);
  if (pre.length === 0) return { W: null, df: null, p: null, note: 'No pre-treatment periods to test.' };
  if (pre.some((j) => !Number.isFinite(cells[j].att))) return { W: null, df: null, p: null, note: 'Pre-test not computed: some pre-treatment ATT(g,t) are missing.' };
  const v = pre.map((a) =>
    pre.map((b) => {
      const fa = cells[a].inf;
      const fb = cells[b].inf;
      let s = 0;
      for (let i = 0; i < n; i++) s += fa[i] * fb[i];
      return s / n;
    }),
  );
  if (rcond(v) <= Number.EPSILON) return { W: null, df: null, p: null, note: 'Pre-test not computed: the covariance matrix of the pre-treatment ATT(g,t) is singular.' };
  const a = pre.map((j) => cells[j].att);
  const x = solve(v, a);
  if (!x) return { W: null, df: null, p: null, note: 'Pre-test not computed: the covariance matrix of the pre-treatment ATT(g,t) is singular.' };
  const W = n * a.reduce((s, ai, i) => s + ai * x[i], 0);
  return { W, df: pre.length, p: chisqUpper(W, pre.length) };
}
