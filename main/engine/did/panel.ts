/**
 * Turns long panel data into the unit × period arrays the staggered-adoption estimators use,
 * applying did::pre_process_did's rules (did 2.5.1): complete cases on the columns used,
 * first-treatment times after the last period mean never treated, units treated in the first
 * period are dropped, the panel is balanced by dropping units not observed in every period.
 * Units are ordered by cohort (never treated last) so a cohort is a contiguous block, which the
 * multiplier bootstrap exploits.
 */
import { UserError } from '../errors';
import type { Column, Frame } from '../frame';
import { getColumn, ColumnNotFoundError } from '../frame';

/** Covariates of a one-sided formula "~ a + b" (numeric columns; text columns become dummies). */
export interface CovariateTerm {
  /** Column name in the data. */
  column: string;
  /** Names of the model-matrix columns it produces (one for a number, levels - 1 for text). */
  names: string[];
}

/**
 * Parses did's `xformla`: "~1", "~ x", "~ x + z". Only plain column names are accepted (no
 * transformations or interactions); anything else is a UserError naming the term.
 */
export function parseCovariateFormula(xformla: string | undefined): string[] {
  if (xformla === undefined) return [];
  const s = xformla.trim();
  if (!s.startsWith('~')) throw new UserError('did_bad_xformla', `xformla must be a one-sided formula such as "~ lpop + x2"; got "${xformla}".`, { xformla });
  const rhs = s.slice(1).trim();
  if (rhs === '' || rhs === '1') return [];
  const terms = rhs.split('+').map((t) => t.trim());
  const out: string[] = [];
  for (const t of terms) {
    if (t === '1') continue;
    if (!/^[A-Za-z_.][A-Za-z0-9_.]*$/.test(t) && !/^`[^`]+`$/.test(t))
      throw new UserError('did_bad_xformla', `Covariate term "${t}" in xformla is not a column name; create the variable in the data first (transformations and interactions are not supported here).`, { term: t, xformla });
    const name = t.startsWith('`') ? t.slice(1, -1) : t;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** The values of a numeric column; UserError naming the role when absent or text. */
export function numericColumnOrError(frame: Frame, name: string, role: string): Float64Array {
  const col = getColumnOrUserError(frame, name, role);
  if (col.type !== 'number') throw new UserError('did_not_numeric', `The ${role} column "${name}" must be numeric.`, { column: name, role });
  return col.values;
}

export function getColumnOrUserError(frame: Frame, name: string, role: string): Column {
  try {
    return getColumn(frame, name);
  } catch (e) {
    if (e instanceof ColumnNotFoundError) throw new UserError('column_not_found', `The ${role} column "${name}" is not in the data.`, { column: name, role, available: e.available.slice(0, 50) });
    throw e;
  }
}

/** Dense codes 0..count-1 of a column's values on the given rows (first-appearance order). */
export function rowCodes(col: Column, rows: ReadonlyArray<number>): { codes: Int32Array; count: number } {
  const map = new Map<number | string, number>();
  const codes = new Int32Array(rows.length);
  rows.forEach((i, k) => {
    const key = col.type === 'number' ? col.values[i] : col.codes[i];
    let c = map.get(key);
    if (c === undefined) {
      c = map.size;
      map.set(key, c);
    }
    codes[k] = c;
  });
  return { codes, count: map.size };
}

/** Sorted distinct finite values. */
function sortedUnique(values: Float64Array, keep?: Uint8Array): number[] {
  const s = new Set<number>();
  for (let i = 0; i < values.length; i++) if (!keep || keep[i]) s.add(values[i]);
  return [...s].sort((a, b) => a - b);
}

export interface PanelOptions {
  yname: string;
  tname: string;
  idname: string;
  gname: string;
  covariates: string[];
  controlGroup: 'nevertreated' | 'notyettreated';
  anticipation: number;
}

export interface BalancedPanel {
  /** Number of units (rows of every influence function). */
  n: number;
  /** Sorted periods. */
  tlist: number[];
  /** Treated cohorts for which ATT(g,t) are estimated (did's glist). */
  glist: number[];
  /** Cohort of each unit (0 = never treated), in the unit order used throughout. */
  unitG: Float64Array;
  /** Outcome: y[p * n + u] for period index p and unit u. */
  y: Float64Array;
  /** Model-matrix columns of the covariates (intercept excluded), each indexed like y. */
  x: Float64Array[];
  /** Model-matrix column names matching x. */
  xNames: string[];
  /** Number of covariates as written in xformla (did's small-group rule). */
  nCovariateTerms: number;
  /** Rows of the data used (n × periods). */
  nObs: number;
  notes: string[];
}

/** R's factor level order for text covariates: explicit order, else sorted. */
function levelOrder(col: Extract<Column, { type: 'string' }>): number[] {
  const idx = col.levels.map((_, i) => i);
  if (col.explicitOrder) return idx;
  return idx.sort((a, b) => (col.levels[a] < col.levels[b] ? -1 : col.levels[a] > col.levels[b] ? 1 : 0));
}

export function buildBalancedPanel(frame: Frame, o: PanelOptions): BalancedPanel {
  const notes: string[] = [];
  const y = numericColumnOrError(frame, o.yname, 'outcome (yname)');
  const t = numericColumnOrError(frame, o.tname, 'time (tname)');
  const gRaw = numericColumnOrError(frame, o.gname, 'first-treatment (gname)');
  const idCol = getColumnOrUserError(frame, o.idname, 'unit id (idname)');
  const covCols = o.covariates.map((c) => getColumnOrUserError(frame, c, 'covariate'));
  const nrow = frame.nrow;

  // Complete cases on every column used (did drops incomplete rows with a warning).
  const keep = new Uint8Array(nrow);
  let dropped = 0;
  for (let i = 0; i < nrow; i++) {
    let ok = !Number.isNaN(y[i]) && !Number.isNaN(t[i]) && !Number.isNaN(gRaw[i]);
    if (ok) ok = idCol.type === 'number' ? !Number.isNaN(idCol.values[i]) : idCol.codes[i] >= 0;
    for (let j = 0; ok && j < covCols.length; j++) {
      const c = covCols[j];
      ok = c.type === 'number' ? Number.isFinite(c.values[i]) : c.codes[i] >= 0;
    }
    keep[i] = ok ? 1 : 0;
    if (!ok) dropped++;
  }
  if (dropped > 0) notes.push(`Dropped ${dropped} rows with missing values in the outcome, time, id, gname or covariates.`);
  for (let i = 0; i < nrow; i++)
    if (keep[i] && !Number.isFinite(y[i])) throw new UserError('did_nonfinite', `The outcome "${o.yname}" is not finite in row ${i + 1}.`, { column: o.yname, row: i + 1 });

  let tlist = sortedUnique(t, keep);
  if (tlist.length < 2) throw new UserError('did_too_few_periods', `At least two time periods are needed; "${o.tname}" has ${tlist.length}.`, { column: o.tname });
  // Cohorts first treated after the last period behave as never treated (did).
  const g = new Float64Array(nrow);
  const maxT = tlist[tlist.length - 1];
  for (let i = 0; i < nrow; i++) g[i] = gRaw[i] > maxT ? 0 : gRaw[i];

  let glistAll = sortedUnique(g, keep);
  let lastCohortOnlyControl = false;
  if (!glistAll.includes(0)) {
    if (o.controlGroup === 'nevertreated')
      throw new UserError('did_no_never_treated', `No never-treated units (gname = 0) in "${o.gname}". Use control_group "notyettreated" to compare with units not yet treated.`, { column: o.gname });
    // Without never-treated units the last cohort only serves as a comparison group; periods
    // from its treatment (less anticipation) on are dropped (did).
    const gmax = glistAll[glistAll.length - 1];
    let n0 = 0;
    for (let i = 0; i < nrow; i++)
      if (keep[i] && !(t[i] < gmax - o.anticipation)) {
        keep[i] = 0;
        n0++;
      }
    notes.push(`No never-treated units: cohort ${gmax} is used only as a comparison group and the ${n0} rows from period ${gmax - o.anticipation} on are dropped.`);
    tlist = sortedUnique(t, keep);
    glistAll = sortedUnique(g, keep);
    lastCohortOnlyControl = true;
  }
  let glist = glistAll.filter((v) => v > 0);
  if (lastCohortOnlyControl) glist = glist.filter((v) => v < glistAll[glistAll.length - 1]);
  let first = tlist[0];
  glist = glist.filter((v) => v > first + o.anticipation);

  // Units already treated in the first period have no pre-period: dropped, as did does.
  const firstTreatedIds = new Set<number | string>();
  for (let i = 0; i < nrow; i++) if (keep[i] && g[i] <= first && g[i] !== 0) firstTreatedIds.add(idCol.type === 'number' ? idCol.values[i] : idCol.codes[i]);
  if (firstTreatedIds.size > 0) {
    notes.push(`Dropped ${firstTreatedIds.size} units that were already treated in the first period.`);
    const allowed = new Set([0, ...glist]);
    for (let i = 0; i < nrow; i++) if (keep[i] && !allowed.has(g[i])) keep[i] = 0;
    tlist = sortedUnique(t, keep);
    first = tlist[0];
    glist = sortedUnique(g, keep).filter((v) => v > 0 && v > first + o.anticipation && (!lastCohortOnlyControl || v < glistAll[glistAll.length - 1]));
  }
  if (glist.length === 0)
    throw new UserError('did_no_groups', `No treated cohort with a pre-treatment period. "${o.gname}" must hold the period a unit is first treated (0 if never treated).`, { column: o.gname });
  const tIndex = new Map(tlist.map((v, i) => [v, i]));
  for (const gv of glist)
    if (!tIndex.has(gv) && gv <= tlist[tlist.length - 1])
      throw new UserError('did_group_not_period', `Cohort ${gv} in "${o.gname}" is not one of the periods of "${o.tname}". Set each unit's first-treatment time to the first observed period in which it is treated.`, { column: o.gname, value: gv, periods: tlist });

  // Units: map ids, check one row per unit and period and a constant cohort.
  const unitOf = new Map<number | string, number>();
  const unitCohort: number[] = [];
  const unitKey: (number | string)[] = [];
  const rowUnit = new Int32Array(nrow).fill(-1);
  for (let i = 0; i < nrow; i++) {
    if (!keep[i]) continue;
    const key = idCol.type === 'number' ? idCol.values[i] : idCol.codes[i];
    let u = unitOf.get(key);
    if (u === undefined) {
      u = unitCohort.length;
      unitOf.set(key, u);
      unitCohort.push(g[i]);
      unitKey.push(idCol.type === 'number' ? idCol.values[i] : idCol.levels[idCol.codes[i]]);
    } else if (unitCohort[u] !== g[i]) {
      throw new UserError('did_cohort_varies', `Unit ${String(unitKey[u])} has more than one value of "${o.gname}" (${unitCohort[u]} and ${g[i]}, row ${i + 1}). The first-treatment time must be constant within a unit; treatment that switches off is not staggered adoption.`, { unit: unitKey[u], row: i + 1, column: o.gname });
    }
    rowUnit[i] = u;
  }
  const nAll = unitCohort.length;
  const nT = tlist.length;
  const rowOf = new Int32Array(nAll * nT).fill(-1);
  for (let i = 0; i < nrow; i++) {
    const u = rowUnit[i];
    if (u < 0) continue;
    const p = tIndex.get(t[i]) as number;
    if (rowOf[u * nT + p] >= 0)
      throw new UserError('did_duplicate_unit_period', `Unit ${String(unitKey[u])} appears more than once in period ${t[i]} (rows ${rowOf[u * nT + p] + 1} and ${i + 1}). Each unit must have one row per period.`, { unit: unitKey[u], time: t[i], rows: [rowOf[u * nT + p] + 1, i + 1] });
    rowOf[u * nT + p] = i;
  }
  // Balance: keep units observed in every period (BMisc::makeBalancedPanel).
  const complete: number[] = [];
  for (let u = 0; u < nAll; u++) {
    let ok = true;
    for (let p = 0; p < nT && ok; p++) ok = rowOf[u * nT + p] >= 0;
    if (ok) complete.push(u);
  }
  if (complete.length < nAll) notes.push(`Dropped ${nAll - complete.length} units not observed in every period (balanced panel).`);
  if (complete.length === 0) throw new UserError('did_no_balanced_units', `No unit is observed in all ${nT} periods; att_gt needs a balanced panel.`, { periods: tlist });
  if (complete.length < nAll) {
    // Cohorts and the never-treated group as they are after balancing (did updates glist
    // after makeBalancedPanel): a cohort whose every unit was dropped has no ATT(g,t).
    const cohorts = new Set(complete.map((u) => unitCohort[u]));
    const gone = glist.filter((gv) => !cohorts.has(gv));
    if (gone.length > 0) {
      notes.push(`Cohort${gone.length > 1 ? 's' : ''} ${gone.join(', ')} of "${o.gname}" ha${gone.length > 1 ? 've' : 's'} no unit observed in every period and ${gone.length > 1 ? 'are' : 'is'} left out.`);
      glist = glist.filter((gv) => cohorts.has(gv));
    }
    if (glist.length === 0)
      throw new UserError('did_no_groups', `No treated cohort of "${o.gname}" has a unit observed in every period (the balanced panel att_gt needs).`, { column: o.gname });
    if (o.controlGroup === 'nevertreated' && !lastCohortOnlyControl && !cohorts.has(0))
      throw new UserError('did_no_never_treated', `No never-treated unit of "${o.gname}" is observed in every period, so the balanced panel has no never-treated comparison group. Use control_group "notyettreated".`, { column: o.gname });
  }
  // Cohort blocks, never treated last; ties keep the data order.
  const cohortKey = (u: number): number => (unitCohort[u] === 0 ? Number.POSITIVE_INFINITY : unitCohort[u]);
  complete.sort((a, b) => cohortKey(a) - cohortKey(b) || a - b);
  const n = complete.length;
  const unitG = new Float64Array(n);
  const yy = new Float64Array(n * nT);
  for (let k = 0; k < n; k++) {
    const u = complete[k];
    unitG[k] = unitCohort[u];
    for (let p = 0; p < nT; p++) yy[p * n + k] = y[rowOf[u * nT + p]];
  }
  const x: Float64Array[] = [];
  const xNames: string[] = [];
  covCols.forEach((c) => {
    if (c.type === 'number') {
      const arr = new Float64Array(n * nT);
      for (let k = 0; k < n; k++) for (let p = 0; p < nT; p++) arr[p * n + k] = c.values[rowOf[complete[k] * nT + p]];
      x.push(arr);
      xNames.push(c.name);
      return;
    }
    const order = levelOrder(c);
    const present = new Set<number>();
    for (let k = 0; k < n; k++) for (let p = 0; p < nT; p++) present.add(c.codes[rowOf[complete[k] * nT + p]]);
    const used = order.filter((l) => present.has(l));
    for (const l of used.slice(1)) {
      const arr = new Float64Array(n * nT);
      for (let k = 0; k < n; k++) for (let p = 0; p < nT; p++) arr[p * n + k] = c.codes[rowOf[complete[k] * nT + p]] === l ? 1 : 0;
      x.push(arr);
      xNames.push(`${c.name}${c.levels[l]}`);
    }
  });

  // did's small-group rule: a never-treated group smaller than (#covariates + 5) is an error.
  const reqSize = o.covariates.length + 5;
  const sizes = new Map<number, number>();
  for (let k = 0; k < n; k++) sizes.set(unitG[k], (sizes.get(unitG[k]) ?? 0) + 1);
  const small = [...sizes.entries()].filter(([, s]) => s < reqSize).map(([gv]) => gv).sort((a, b) => a - b);
  if (small.length > 0) {
    notes.push(`Some cohorts are small (fewer than ${reqSize} units): ${small.join(', ')}.`);
    if (small.includes(0) && o.controlGroup === 'nevertreated')
      throw new UserError('did_small_never_treated', `The never-treated group has only ${sizes.get(0)} units (fewer than ${reqSize}); use control_group "notyettreated".`, { n_never_treated: sizes.get(0) });
  }
  return { n, tlist, glist, unitG, y: yy, x, xNames, nCovariateTerms: o.covariates.length, nObs: n * nT, notes };
}
