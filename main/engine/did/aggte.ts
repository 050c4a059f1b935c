/**
 * Aggregations of ATT(g,t) as did::aggte 2.5.1 (compute.aggte; Callaway & Sant'Anna 2021,
 * Sec. 3.1.1): "simple" (post-treatment cells weighted by cohort size), "dynamic" (event time
 * e = t - g, averaged over cohorts by size; overall = mean over e >= 0), "group" (each cohort's
 * post-treatment mean; overall weighted by cohort size) and "calendar" (each period's
 * post-treatment cells by cohort size; overall = mean over periods).
 *
 * Influence functions: a cohort-size-weighted average adds the effect of estimating the weights
 * P(G = g) (did's `wif`), which depends on a unit only through its cohort, so each aggregate is
 * a LinearForm over ATT(g,t) influence functions and cohort indicators.
 */
import type { AggteResult, AggteRow } from '../../../shared/specs/att-gt';
import { normalQuantile } from '../dist';
import { UserError } from '../errors';
import type { AttGtCell } from './att-gt';
import { SE_ZERO } from './att-gt';
import type { BootstrapDraws, LinearForm } from './bootstrap';
import { formDraws, mbootSummary } from './bootstrap';
import type { BalancedPanel } from './panel';

export interface AggteOptions {
  type: 'simple' | 'dynamic' | 'group' | 'calendar';
  minE: number;
  maxE: number;
  balanceE: number | null;
  naRm: boolean;
  alp: number;
  /** Uniform band over the `by` estimates from the bootstrap draws. */
  cband: boolean;
  /** Bootstrap draws of the ATT(g,t) (bstrap = TRUE) or null for analytic SEs. */
  draws: BootstrapDraws | null;
}

interface Est {
  att: number;
  form: LinearForm;
}

function emptyForm(): LinearForm {
  return { cell: new Map(), group: new Map() };
}

function addTo(m: Map<number, number>, key: number, v: number): void {
  m.set(key, (m.get(key) ?? 0) + v);
}

/** Σ_j w_j form_j. */
function combine(parts: ReadonlyArray<{ w: number; form: LinearForm }>): LinearForm {
  const out = emptyForm();
  for (const { w, form } of parts) {
    for (const [j, a] of form.cell) addTo(out.cell, j, w * a);
    for (const [g, c] of form.group) addTo(out.group, g, w * c);
  }
  return out;
}

/**
 * did's wif(keepers, pg, G, group) times att[keepers]: the estimated-weights term of a
 * pg-weighted mean. With S = Σ pg_k and A = Σ att_k pg_k it reduces to a unit's cohort
 * indicator times Σ_{k: group_k = g} (att_k / S - A / S²).
 */
function weightTerm(cohorts: ReadonlyArray<number>, pg: ReadonlyArray<number>, att: ReadonlyArray<number>): Map<number, number> {
  const s = pg.reduce((a, b) => a + b, 0);
  const a = att.reduce((acc, v, k) => acc + v * pg[k], 0);
  const out = new Map<number, number>();
  cohorts.forEach((g, k) => addTo(out, g, att[k] / s - a / (s * s)));
  return out;
}

/** The n-vector influence function of a form. */
function materialise(form: LinearForm, cells: ReadonlyArray<AttGtCell>, panel: BalancedPanel): Float64Array {
  const n = panel.n;
  const inf = new Float64Array(n);
  for (const [j, a] of form.cell) {
    if (a === 0) continue;
    const f = cells[j].inf;
    const r = cells[j].ranges;
    for (let q = 0; q < r.length; q += 2) for (let u = r[q]; u < r[q + 1]; u++) inf[u] += a * f[u];
  }
  if (form.group.size)
    for (let u = 0; u < n; u++) {
      const c = form.group.get(panel.unitG[u]);
      if (c !== undefined) inf[u] += c;
    }
  return inf;
}

export function aggregateAttGt(allCells: ReadonlyArray<AttGtCell>, panel: BalancedPanel, o: AggteOptions): { result: AggteResult; notes: string[] } {
  const notes: string[] = [];
  const n = panel.n;
  const z = normalQuantile(1 - o.alp / 2);
  const missing = allCells.map((c, j) => j).filter((j) => !Number.isFinite(allCells[j].att));
  if (missing.length > 0 && !o.naRm) {
    const list = missing.map((j) => `(${allCells[j].group}, ${allCells[j].time})`).join(', ');
    throw new UserError('did_missing_att', `Some ATT(g,t) could not be estimated: ${list}. Set na_rm to aggregate the others, or change the comparison group.`, { cells: missing.map((j) => ({ group: allCells[j].group, time: allCells[j].time, reason: allCells[j].reason })) });
  }
  let idx = allCells.map((_, j) => j).filter((j) => Number.isFinite(allCells[j].att));
  if (missing.length > 0) notes.push(`${missing.length} ATT(g,t) that could not be estimated were left out of the aggregation (na_rm).`);
  if (o.type === 'group' && missing.length > 0) {
    // did keeps only cohorts with some post-treatment ATT(g,t) left.
    const keepG = new Set(idx.filter((j) => allCells[j].group <= allCells[j].time).map((j) => allCells[j].group));
    idx = idx.filter((j) => keepG.has(allCells[j].group));
  }
  const tPos = new Map(panel.tlist.map((v, i) => [v, i]));
  const pos = (v: number): number => tPos.get(v) ?? panel.tlist.filter((x) => x < v).length - 0.5;
  const group = idx.map((j) => allCells[j].group);
  const time = idx.map((j) => allCells[j].time);
  const att = idx.map((j) => allCells[j].att);
  const glist = [...new Set(group)].sort((a, b) => a - b);
  const pgOf = new Map(
    glist.map((g) => {
      let k = 0;
      for (let u = 0; u < n; u++) if (panel.unitG[u] === g) k++;
      return [g, k / n];
    }),
  );
  const pg = group.map((g) => pgOf.get(g) as number);
  const within = (k: number): boolean => group[k] <= time[k] && pos(time[k]) - pos(group[k]) <= o.maxE;

  /** pg-weighted mean over the positions ks, with its weight term. */
  const weighted = (ks: number[]): Est | null => {
    if (ks.length === 0) return null;
    const w = ks.map((k) => pg[k]);
    const s = w.reduce((a, b) => a + b, 0);
    const form = emptyForm();
    ks.forEach((k, i) => addTo(form.cell, idx[k], w[i] / s));
    form.group = weightTerm(
      ks.map((k) => group[k]),
      w,
      ks.map((k) => att[k]),
    );
    return { att: ks.reduce((acc, k, i) => acc + att[k] * w[i], 0) / s, form };
  };

  const seOf = (form: LinearForm): number | null => {
    if (o.draws) return mbootSummary([formDraws(o.draws, form)], n, o.alp).se[0];
    const inf = materialise(form, allCells, panel);
    let ss = 0;
    for (let u = 0; u < n; u++) ss += inf[u] * inf[u];
    const se = Math.sqrt(ss) / n;
    return se > SE_ZERO && Number.isFinite(se) ? se : null;
  };

  const critOf = (forms: LinearForm[]): number => {
    if (!o.cband || !o.draws || forms.length === 0) return z;
    const draws = o.draws;
    const c = mbootSummary(
      forms.map((f) => formDraws(draws, f)),
      n,
      o.alp,
    ).critVal;
    if (c === null || !Number.isFinite(c)) {
      notes.push('The simultaneous critical value could not be computed (standard errors are missing); pointwise intervals are shown.');
      return z;
    }
    if (c < z) {
      notes.push('The simultaneous band came out narrower than the pointwise one; pointwise intervals are shown, as did does.');
      return z;
    }
    if (c >= 7) notes.push('The simultaneous critical value is 7 or more; the band is not reliable (small cohorts or little outcome variation).');
    return c;
  };

  const keyName = o.type === 'dynamic' ? 'e' : o.type === 'group' ? 'g' : 't';
  const byRows = (keys: number[], ests: (Est | null)[], crit: number): AggteRow[] =>
    keys.map((key, i) => {
      const e = ests[i];
      const se = e ? seOf(e.form) : null;
      const a = e ? e.att : null;
      return { [keyName]: key, att: a, se, conf_low: a !== null && se !== null ? a - crit * se : null, conf_high: a !== null && se !== null ? a + crit * se : null };
    });

  let overall: Est | null = null;
  let by: AggteRow[] = [];
  let critVal: number | null = z;

  if (o.type === 'simple') {
    overall = weighted(att.map((_, k) => k).filter(within));
    critVal = null;
  } else if (o.type === 'group') {
    const gEsts = glist.map((g): Est | null => {
      const ks = att.map((_, k) => k).filter((k) => group[k] === g && within(k));
      if (ks.length === 0) return null;
      const form = emptyForm();
      for (const k of ks) addTo(form.cell, idx[k], 1 / ks.length);
      return { att: ks.reduce((s, k) => s + att[k], 0) / ks.length, form };
    });
    critVal = critOf(gEsts.filter((e): e is Est => e !== null).map((e) => e.form));
    by = byRows(glist, gEsts, critVal);
    if (gEsts.every((e) => e !== null)) {
      const ests = gEsts as Est[];
      const pgg = glist.map((g) => pgOf.get(g) as number);
      const s = pgg.reduce((a, b) => a + b, 0);
      const form = combine(ests.map((e, i) => ({ w: pgg[i] / s, form: e.form })));
      // The cohort-share weights P(G = g) are estimated: their term enters as for `simple`.
      for (const [g, c] of weightTerm(
        glist,
        pgg,
        ests.map((e) => e.att),
      ))
        addTo(form.group, g, c);
      overall = { att: ests.reduce((a, e, i) => a + e.att * pgg[i], 0) / s, form };
    } else notes.push('Some cohorts have no post-treatment ATT(g,t) in the window; the overall group ATT is not reported.');
  } else if (o.type === 'dynamic') {
    const eAll = att.map((_, k) => time[k] - group[k]);
    let eseq = [...new Set(eAll)].sort((a, b) => a - b);
    let include = att.map(() => true);
    if (o.balanceE !== null) {
      const attTimes = [...new Set(time)].sort((a, b) => a - b);
      const tFirst = attTimes[0];
      const tLast = attTimes[attTimes.length - 1];
      const be = o.balanceE;
      eseq = eseq.filter((e) => e <= be && e >= be - tLast + tFirst);
      include = group.map((g) => tLast - g >= be);
    }
    eseq = eseq.filter((e) => e >= o.minE && e <= o.maxE);
    const eEsts = eseq.map((e) => weighted(att.map((_, k) => k).filter((k) => eAll[k] === e && include[k])));
    critVal = critOf(eEsts.filter((x): x is Est => x !== null).map((x) => x.form));
    by = byRows(eseq, eEsts, critVal);
    const post = eEsts.filter((x, i): x is Est => x !== null && eseq[i] >= 0);
    if (post.length > 0)
      overall = {
        att: post.reduce((a, x) => a + x.att, 0) / post.length,
        form: combine(post.map((x) => ({ w: 1 / post.length, form: x.form }))),
      };
    else notes.push('No event time e >= 0 in the window; the overall dynamic ATT is not reported.');
  } else {
    const minG = Math.min(...group.map(pos));
    const tAll = [...new Set(time)].sort((a, b) => a - b).filter((t) => pos(t) >= minG);
    const tEsts = tAll.map((t1) => weighted(att.map((_, k) => k).filter((k) => time[k] === t1 && group[k] <= time[k])));
    critVal = critOf(tEsts.filter((x): x is Est => x !== null).map((x) => x.form));
    by = byRows(tAll, tEsts, critVal);
    const ok = tEsts.filter((x): x is Est => x !== null);
    if (ok.length > 0)
      overall = {
        att: ok.reduce((a, x) => a + x.att, 0) / ok.length,
        form: combine(ok.map((x) => ({ w: 1 / ok.length, form: x.form }))),
      };
  }
  const overallSe = overall ? seOf(overall.form) : null;
  const oa = overall ? overall.att : null;
  return {
    result: {
      type: o.type,
      overall_att: oa,
      overall_se: overallSe,
      overall_conf_low: oa !== null && overallSe !== null ? oa - z * overallSe : null,
      overall_conf_high: oa !== null && overallSe !== null ? oa + z * overallSe : null,
      by,
      crit_val: critVal,
      min_e: Number.isFinite(o.minE) ? o.minE : null,
      max_e: Number.isFinite(o.maxE) ? o.maxE : null,
      balance_e: o.balanceE,
    },
    notes,
  };
}
