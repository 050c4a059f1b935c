/**
 * The in-memory dataset every estimator reads: an ordered list of typed columns.
 *
 * Numbers are `Float64Array` with NaN for missing (fast column-major loops, see
 * docs/architecture.md); strings are dictionary-encoded (`codes` into `levels`, -1 for
 * missing) so a factor with 5,000 levels costs 4 bytes a row. Labels travel with the column
 * because tables and builders show them.
 */

/** Value → label, e.g. {1: "城镇", 2: "农村"}; keys are the numeric codes as strings. */
export type ValueLabels = Record<string, string>;

export interface ColumnMeta {
  name: string;
  /** Variable label (Stata/SPSS "label"), shown instead of the name where space allows. */
  label?: string;
  valueLabels?: ValueLabels;
}

export interface NumericColumn extends ColumnMeta {
  type: 'number';
  values: Float64Array;
  /** Every non-missing value is a whole number (display and type inference only). */
  integer?: boolean;
  /** Values are days since 1970-01-01 (UTC) and display as dates. */
  format?: 'date';
  /**
   * Which kind of missing each NaN is, where the source distinguishes them:
   * 0 = system missing ("." / NA), 1..26 = Stata's .a … .z, 27 = SPSS user-missing.
   * Absent when the source has only one kind.
   */
  missingKind?: Uint8Array;
}

export interface StringColumn extends ColumnMeta {
  type: 'string';
  /** Index into `levels`; -1 = missing. */
  codes: Int32Array;
  /** Distinct values; first-appearance order unless `explicitOrder`. */
  levels: string[];
  /**
   * `levels` is the analyst's chosen factor order (e.g. Low < Medium < High; set by the spec's
   * `levels` option or in data management). Otherwise a factor sorts its levels as R does.
   */
  explicitOrder?: boolean;
}

export type Column = NumericColumn | StringColumn;

export interface Frame {
  nrow: number;
  columns: Column[];
}

export class ColumnNotFoundError extends Error {
  override name = 'ColumnNotFoundError';
  constructor(
    readonly column: string,
    readonly available: string[],
  ) {
    super(`Column "${column}" is not in the data. Available columns: ${available.slice(0, 30).join(', ')}${available.length > 30 ? ', …' : ''}`);
  }
}

export function findColumn(frame: Frame, name: string): Column | undefined {
  return frame.columns.find((c) => c.name === name);
}

export function getColumn(frame: Frame, name: string): Column {
  const col = findColumn(frame, name);
  if (!col) throw new ColumnNotFoundError(name, frame.columns.map((c) => c.name));
  return col;
}

export function isMissing(col: Column, i: number): boolean {
  return col.type === 'number' ? Number.isNaN(col.values[i]) : col.codes[i] < 0;
}

/** The value of row i as a JS value (number, string or null for missing). */
export function cellValue(col: Column, i: number): number | string | null {
  if (col.type === 'number') {
    const v = col.values[i];
    return Number.isNaN(v) ? null : v;
  }
  const c = col.codes[i];
  return c < 0 ? null : col.levels[c];
}

export function numericColumn(name: string, values: Float64Array | number[], meta: Partial<Omit<NumericColumn, 'type' | 'values' | 'name'>> = {}): NumericColumn {
  const arr = values instanceof Float64Array ? values : Float64Array.from(values);
  let integer = true;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (!Number.isNaN(v) && !Number.isInteger(v)) {
      integer = false;
      break;
    }
  }
  return { type: 'number', name, values: arr, integer, ...meta };
}

/** Dictionary-encodes strings; null/undefined become missing. Levels keep first-appearance order. */
export function stringColumn(name: string, values: ReadonlyArray<string | null | undefined>, meta: Partial<ColumnMeta> = {}): StringColumn {
  const codes = new Int32Array(values.length);
  const levels: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = levels.length;
      levels.push(v);
      index.set(v, k);
    }
    codes[i] = k;
  }
  return { type: 'string', name, codes, levels, ...meta };
}

/** A new frame holding the rows where keep[i] is true (columns copied, labels kept). */
export function filterRows(frame: Frame, keep: Uint8Array | boolean[]): Frame {
  let n = 0;
  for (let i = 0; i < frame.nrow; i++) if (keep[i]) n++;
  const columns = frame.columns.map((col): Column => {
    if (col.type === 'number') {
      const values = new Float64Array(n);
      const mk = col.missingKind ? new Uint8Array(n) : undefined;
      for (let i = 0, j = 0; i < frame.nrow; i++) {
        if (!keep[i]) continue;
        values[j] = col.values[i];
        if (mk && col.missingKind) mk[j] = col.missingKind[i];
        j++;
      }
      return { ...col, values, ...(mk ? { missingKind: mk } : {}) };
    }
    const codes = new Int32Array(n);
    for (let i = 0, j = 0; i < frame.nrow; i++) if (keep[i]) codes[j++] = col.codes[i];
    return { ...col, codes };
  });
  return { nrow: n, columns };
}

/** Replaces or appends a column (by name), returning a new frame that shares the other columns. */
export function withColumn(frame: Frame, column: Column): Frame {
  const idx = frame.columns.findIndex((c) => c.name === column.name);
  const columns = frame.columns.slice();
  if (idx >= 0) columns[idx] = column;
  else columns.push(column);
  return { nrow: frame.nrow, columns };
}

/**
 * Reorders a string column's levels to the given order (the spec's `levels` option, R's
 * factor(x, levels = …)). Values not in `order` become missing, as in R; the caller reports
 * how many.
 */
export function setLevelOrder(col: StringColumn, order: string[]): { column: StringColumn; dropped: number } {
  const pos = new Map(order.map((l, i) => [l, i]));
  const remap = col.levels.map((l) => pos.get(l) ?? -1);
  const codes = new Int32Array(col.codes.length);
  let dropped = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i];
    const r = c < 0 ? -1 : remap[c];
    if (c >= 0 && r < 0) dropped++;
    codes[i] = r;
  }
  return { column: { ...col, codes, levels: order.slice(), explicitOrder: true }, dropped };
}
