/**
 * Reading an RD design out of a Frame: numeric checks with clear errors, complete cases
 * (rdrobust drops rows with a missing x, y, treatment, covariate, cluster or weight, and rows
 * with a negative weight), covariates (text columns become 0/1 dummies with the first level
 * as reference, as a formula in rdrobust 4 does), a stable sort on x, and the split into the
 * two sides of the cutoff (left: x < c, right: x >= c).
 */
import { UserError } from '../errors';
import { getColumn, type Frame, type StringColumn } from '../frame';
import { stableArgsort } from './sort';
import { timeRunningVariable, type RdTimeOptions } from './in-time';

export interface RdColumnsRequest {
  y?: string;
  x?: string;
  time?: RdTimeOptions;
  fuzzy?: string;
  covs?: string[];
  cluster?: string;
  weights?: string;
}

export interface RdData {
  /** Complete cases, sorted by x (stable). */
  x: Float64Array;
  y: Float64Array | null;
  t: Float64Array | null;
  z: Float64Array[];
  zNames: string[];
  cluster: Int32Array | null;
  weights: Float64Array | null;
  /** Rows dropped for a missing value, and for a negative weight. */
  droppedMissing: number;
  droppedNegativeWeight: number;
  notes: string[];
}

/** One side of the cutoff, sorted by x ascending. */
export interface RdSide {
  x: Float64Array;
  y: Float64Array;
  t: Float64Array | null;
  z: Float64Array[];
  cluster: Int32Array | null;
  weights: Float64Array | null;
  n: number;
}

export function numericColumn(frame: Frame, name: string, role: string): Float64Array {
  const col = getColumn(frame, name);
  if (col.type !== 'number')
    throw new UserError('rd_not_numeric', `The ${role} "${name}" holds text; it must be numeric. Recode it (e.g. with generate) before running the RD.`, {
      column: name,
      role,
    });
  return col.values;
}

function sortedLevels(col: StringColumn): number[] {
  const idx = col.levels.map((_, i) => i);
  if (col.explicitOrder) return idx;
  return idx.sort((a, b) => (col.levels[a] < col.levels[b] ? -1 : col.levels[a] > col.levels[b] ? 1 : 0));
}

/** Covariate columns: numbers as they are, text as dummies for every level but the first. */
function covariateColumns(frame: Frame, names: string[]): { names: string[]; cols: Float64Array[] } {
  const outNames: string[] = [];
  const cols: Float64Array[] = [];
  for (const name of names) {
    const col = getColumn(frame, name);
    if (col.type === 'number') {
      outNames.push(name);
      cols.push(col.values);
      continue;
    }
    const order = sortedLevels(col);
    for (const lev of order.slice(1)) {
      const v = new Float64Array(frame.nrow);
      for (let i = 0; i < frame.nrow; i++) v[i] = col.codes[i] < 0 ? NaN : col.codes[i] === lev ? 1 : 0;
      outNames.push(`${name}${col.levels[lev]}`);
      cols.push(v);
    }
  }
  return { names: outNames, cols };
}

function clusterCodes(frame: Frame, name: string): Int32Array {
  const col = getColumn(frame, name);
  if (col.type === 'string') return col.codes;
  const map = new Map<number, number>();
  const out = new Int32Array(frame.nrow);
  for (let i = 0; i < frame.nrow; i++) {
    const v = col.values[i];
    if (Number.isNaN(v)) {
      out[i] = -1;
      continue;
    }
    let k = map.get(v);
    if (k === undefined) {
      k = map.size;
      map.set(v, k);
    }
    out[i] = k;
  }
  return out;
}

export function readRdData(frame: Frame, req: RdColumnsRequest): RdData {
  const notes: string[] = [];
  let xRaw: Float64Array;
  if (req.time) {
    const tr = timeRunningVariable(frame, req.time);
    xRaw = tr.values;
    notes.push(...tr.notes);
  } else if (req.x) xRaw = numericColumn(frame, req.x, 'running variable');
  else throw new UserError('rd_no_running_variable', 'Choose the running variable (x) or build it from a date column (time).', {});
  const yRaw = req.y ? numericColumn(frame, req.y, 'outcome') : null;
  const tRaw = req.fuzzy ? numericColumn(frame, req.fuzzy, 'treatment (fuzzy) variable') : null;
  const covs = covariateColumns(frame, req.covs ?? []);
  const clRaw = req.cluster ? clusterCodes(frame, req.cluster) : null;
  const wRaw = req.weights ? numericColumn(frame, req.weights, 'weights') : null;

  const n = frame.nrow;
  const keep = new Uint8Array(n);
  let droppedMissing = 0;
  let droppedNegativeWeight = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    // Infinite values cannot enter a fit; they are treated as missing.
    let ok = Number.isFinite(xRaw[i]);
    if (ok && yRaw) ok = Number.isFinite(yRaw[i]);
    if (ok && tRaw) ok = Number.isFinite(tRaw[i]);
    if (ok) for (const z of covs.cols) if (!Number.isFinite(z[i])) ok = false;
    if (ok && clRaw) ok = clRaw[i] >= 0;
    if (ok && wRaw) ok = Number.isFinite(wRaw[i]);
    if (!ok) {
      droppedMissing++;
      continue;
    }
    if (wRaw && wRaw[i] < 0) {
      droppedNegativeWeight++;
      continue;
    }
    keep[i] = 1;
    kept++;
  }
  if (droppedMissing > 0) notes.push(`${droppedMissing} rows with a missing (or infinite) value in the variables used are left out.`);
  if (droppedNegativeWeight > 0) notes.push(`${droppedNegativeWeight} rows with a negative weight are left out (as rdrobust does).`);
  if (kept === 0) throw new UserError('rd_no_data', 'No rows are left once rows with missing values are removed.', {});

  const pick = (src: Float64Array): Float64Array => {
    const out = new Float64Array(kept);
    for (let i = 0, j = 0; i < n; i++) if (keep[i]) out[j++] = src[i];
    return out;
  };
  const xk = pick(xRaw);
  const perm = stableArgsort(xk);
  const order = <T extends Float64Array | Int32Array>(src: T, make: (m: number) => T): T => {
    const out = make(kept);
    for (let j = 0; j < kept; j++) out[j] = src[perm[j]];
    return out;
  };
  const sortF = (src: Float64Array | null): Float64Array | null => (src ? order(pick(src), (m) => new Float64Array(m)) : null);
  let cluster: Int32Array | null = null;
  if (clRaw) {
    const ck = new Int32Array(kept);
    for (let i = 0, j = 0; i < n; i++) if (keep[i]) ck[j++] = clRaw[i];
    cluster = order(ck, (m) => new Int32Array(m));
  }
  return {
    x: order(xk, (m) => new Float64Array(m)),
    y: sortF(yRaw),
    t: sortF(tRaw),
    z: covs.cols.map((c) => sortF(c) as Float64Array),
    zNames: covs.names,
    cluster,
    weights: sortF(wRaw),
    droppedMissing,
    droppedNegativeWeight,
    notes,
  };
}

/** Splits sorted data at c: left x < c, right x >= c. */
export function splitSides(d: RdData, c: number): { left: RdSide; right: RdSide } {
  const n = d.x.length;
  let cut = 0;
  while (cut < n && d.x[cut] < c) cut++;
  const side = (a: number, b: number): RdSide => ({
    x: d.x.subarray(a, b),
    y: d.y ? d.y.subarray(a, b) : new Float64Array(b - a),
    t: d.t ? d.t.subarray(a, b) : null,
    z: d.z.map((z) => z.subarray(a, b)),
    cluster: d.cluster ? d.cluster.subarray(a, b) : null,
    weights: d.weights ? d.weights.subarray(a, b) : null,
    n: b - a,
  });
  return { left: side(0, cut), right: side(cut, n) };
}
