/**
 * Merge (join by key columns) and append, with Stata's merge semantics and report.
 *
 * merge 1:1 / m:1 / 1:m: the declared side(s) must have unique keys, else a UserError lists
 * the repeated keys. Every master row is kept (expanded for 1:m); using rows that match no
 * master row are added after them unless `keep` says otherwise; a `_merge`-style column
 * records 1 = master only, 2 = using only, 3 = matched. As in Stata, a non-key column present
 * in both keeps the master's values (the using copy is reported, not added). Missing key
 * values match each other, as Stata's missing values do.
 */
import { UserError } from '../engine/errors';
import type { Column, Frame, NumericColumn } from '../engine/frame';
import type { StepReport } from './transforms';

export type MergeRelationship = '1:1' | 'm:1' | '1:m';

export interface MergeOptions {
  /** Key columns (same names in both), or pairs { master, using } when the names differ. */
  keys: (string | { master: string; using: string })[];
  relationship: MergeRelationship;
  /** Which result groups to keep; default all three (Stata's default). */
  keep?: ('master' | 'using' | 'matched')[];
  /** Name of the _merge column; null = do not add it. Default "_merge". */
  indicator?: string | null;
}

export interface MergeReport extends StepReport {
  masterOnly: number;
  usingOnly: number;
  matched: number;
  /** Rows of the result (after `keep`). */
  total: number;
  /** Non-key columns of using not added because master has them too. */
  conflicts: string[];
}

function col(frame: Frame, name: string, side: string): Column {
  const c = frame.columns.find((x) => x.name === name);
  if (!c) throw new UserError('unknown_column', `The ${side} data has no key column "${name}". Its columns: ${frame.columns.map((x) => x.name).slice(0, 30).join(', ')}.`, { column: name, side });
  return c;
}

function keyOf(cols: Column[], i: number): string {
  let s = '';
  for (const c of cols) {
    if (c.type === 'number') s += Number.isNaN(c.values[i]) ? '\u0001.' : `n${c.values[i]}`;
    else s += c.codes[i] < 0 ? '\u0001.' : `s${c.levels[c.codes[i]]}`;
    s += '\u0000';
  }
  return s;
}

function describeKey(cols: Column[], i: number): string {
  return cols.map((c) => `${c.name}=${c.type === 'number' ? (Number.isNaN(c.values[i]) ? '.' : c.values[i]) : c.codes[i] < 0 ? '""' : JSON.stringify(c.levels[c.codes[i]])}`).join(', ');
}

function index(frame: Frame, cols: Column[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let i = 0; i < frame.nrow; i++) {
    const k = keyOf(cols, i);
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  }
  return m;
}

function requireUnique(idx: Map<string, number[]>, cols: Column[], side: string, rel: string): void {
  const bad: string[] = [];
  let count = 0;
  for (const rows of idx.values()) {
    if (rows.length < 2) continue;
    count++;
    if (bad.length < 10) bad.push(`${describeKey(cols, rows[0])} (${rows.length} rows: ${rows.slice(0, 5).map((r) => r + 1).join(', ')}${rows.length > 5 ? ', …' : ''})`);
  }
  if (count)
    throw new UserError(
      'merge_keys_not_unique',
      `Merge ${rel}: the key does not identify rows uniquely in the ${side} data; ${count} key value${count > 1 ? 's are' : ' is'} repeated: ${bad.join('; ')}. Use ${side === 'master' ? "'m:1' or remove the duplicates" : "'1:m' or remove the duplicates"}, or add key columns.`,
      { side, relationship: rel, repeatedKeys: count, examples: bad },
    );
}

/** Gathers rows of `src` by index (-1 = missing) into a new column. */
function take(c: Column, rows: Int32Array): Column {
  if (c.type === 'number') {
    const values = new Float64Array(rows.length);
    const mk = c.missingKind ? new Uint8Array(rows.length) : undefined;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      values[i] = r < 0 ? Number.NaN : c.values[r];
      if (mk && r >= 0) mk[i] = (c.missingKind as Uint8Array)[r];
    }
    const out: NumericColumn = { ...c, values };
    if (mk) out.missingKind = mk;
    else delete out.missingKind;
    return out;
  }
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) codes[i] = rows[i] < 0 ? -1 : c.codes[rows[i]];
  return { ...c, codes };
}

/** A key column filled from master where present, else from using (for using-only rows). */
function coalesceKey(m: Column, u: Column, mRows: Int32Array, uRows: Int32Array): Column {
  if (m.type === 'number' && u.type === 'number') {
    const values = new Float64Array(mRows.length);
    for (let i = 0; i < mRows.length; i++) values[i] = mRows[i] >= 0 ? m.values[mRows[i]] : u.values[uRows[i]];
    return { ...m, values, missingKind: undefined };
  }
  const ms = m as Extract<Column, { type: 'string' }>;
  const us = u as Extract<Column, { type: 'string' }>;
  const levels = ms.levels.slice();
  const pos = new Map(levels.map((l, k) => [l, k]));
  const codes = new Int32Array(mRows.length);
  for (let i = 0; i < mRows.length; i++) {
    if (mRows[i] >= 0) {
      codes[i] = ms.codes[mRows[i]];
      continue;
    }
    const c = us.codes[uRows[i]];
    if (c < 0) {
      codes[i] = -1;
      continue;
    }
    const l = us.levels[c];
    let k = pos.get(l);
    if (k === undefined) {
      k = levels.length;
      levels.push(l);
      pos.set(l, k);
    }
    codes[i] = k;
  }
  return { ...ms, codes, levels };
}

export function merge(master: Frame, using: Frame, opts: MergeOptions): { frame: Frame; report: MergeReport } {
  if (opts.keys.length === 0) throw new UserError('bad_option', 'Choose at least one key column to merge on.', {});
  const pairs = opts.keys.map((k) => (typeof k === 'string' ? { master: k, using: k } : k));
  const mk = pairs.map((p) => col(master, p.master, 'master'));
  const uk = pairs.map((p) => col(using, p.using, 'using'));
  pairs.forEach((p, j) => {
    if (mk[j].type !== uk[j].type)
      throw new UserError('merge_key_types', `Key "${p.master}" is ${mk[j].type === 'number' ? 'numeric' : 'text'} in the master data but "${p.using}" is ${uk[j].type === 'number' ? 'numeric' : 'text'} in the using data; change one column's type first.`, { master: p.master, using: p.using });
  });
  const mIdx = index(master, mk);
  const uIdx = index(using, uk);
  if (opts.relationship === '1:1' || opts.relationship === '1:m') requireUnique(mIdx, mk, 'master', opts.relationship);
  if (opts.relationship === '1:1' || opts.relationship === 'm:1') requireUnique(uIdx, uk, 'using', opts.relationship);
  const keep = new Set(opts.keep ?? ['master', 'using', 'matched']);

  const mRows: number[] = [];
  const uRows: number[] = [];
  const code: number[] = [];
  let masterOnly = 0;
  let matched = 0;
  let usingOnly = 0;
  const usedUsing = new Uint8Array(using.nrow);
  for (let i = 0; i < master.nrow; i++) {
    const hits = uIdx.get(keyOf(mk, i));
    if (!hits) {
      masterOnly++;
      if (keep.has('master')) {
        mRows.push(i);
        uRows.push(-1);
        code.push(1);
      }
      continue;
    }
    for (const j of hits) {
      usedUsing[j] = 1;
      matched++;
      if (keep.has('matched')) {
        mRows.push(i);
        uRows.push(j);
        code.push(3);
      }
    }
  }
  for (let j = 0; j < using.nrow; j++) {
    if (usedUsing[j]) continue;
    usingOnly++;
    if (keep.has('using')) {
      mRows.push(-1);
      uRows.push(j);
      code.push(2);
    }
  }
  const mr = Int32Array.from(mRows);
  const ur = Int32Array.from(uRows);
  const keySet = new Set(pairs.map((p) => p.master));
  const uKeySet = new Set(pairs.map((p) => p.using));
  const masterNames = new Set(master.columns.map((c) => c.name));
  const columns: Column[] = master.columns.map((c) => {
    const j = pairs.findIndex((p) => p.master === c.name);
    return j >= 0 && keySet.has(c.name) ? coalesceKey(c, uk[j], mr, ur) : take(c, mr);
  });
  const conflicts: string[] = [];
  for (const c of using.columns) {
    if (uKeySet.has(c.name)) continue;
    if (masterNames.has(c.name)) {
      conflicts.push(c.name);
      continue;
    }
    columns.push(take(c, ur));
  }
  const indicator = opts.indicator === undefined ? '_merge' : opts.indicator;
  if (indicator) {
    if (columns.some((c) => c.name === indicator)) throw new UserError('name_taken', `A column named "${indicator}" already exists; drop it or choose another name for the merge indicator.`, { column: indicator });
    columns.push({ type: 'number', name: indicator, values: Float64Array.from(code), integer: true, label: 'merge result', valueLabels: { '1': 'master only', '2': 'using only', '3': 'matched' } });
  }
  const total = code.length;
  const message = `merge ${opts.relationship} on ${pairs.map((p) => (p.master === p.using ? p.master : `${p.master}=${p.using}`)).join(', ')}: ${matched} matched, ${masterOnly} master only, ${usingOnly} using only; ${total} rows${conflicts.length ? `; kept master's ${conflicts.join(', ')} (also in using)` : ''}`;
  return { frame: { nrow: total, columns }, report: { message, rows: total, masterOnly, usingOnly, matched, total, conflicts } };
}

/**
 * Stacks datasets: columns are matched by name (union; a column missing from one dataset is
 * missing in its rows); a column numeric in one and text in another is an error naming it.
 * Labels come from the first dataset that has them. `source` adds a column with each row's
 * dataset number (1, 2, …).
 */
export function append(frames: Frame[], opts: { source?: string } = {}): { frame: Frame; report: StepReport } {
  if (frames.length === 0) throw new UserError('bad_option', 'Nothing to append.', {});
  const order: string[] = [];
  const proto = new Map<string, Column>();
  frames.forEach((f, d) => {
    for (const c of f.columns) {
      const p = proto.get(c.name);
      if (!p) {
        proto.set(c.name, c);
        order.push(c.name);
      } else if (p.type !== c.type)
        throw new UserError('append_type_mismatch', `Column "${c.name}" is ${p.type === 'number' ? 'numeric' : 'text'} in one dataset but ${c.type === 'number' ? 'numeric' : 'text'} in dataset ${d + 1}; change its type before appending.`, { column: c.name, dataset: d + 1 });
    }
  });
  const n = frames.reduce((s, f) => s + f.nrow, 0);
  const columns: Column[] = order.map((name) => {
    const p = proto.get(name) as Column;
    const parts = frames.map((f) => f.columns.find((c) => c.name === name));
    const meta = { label: parts.find((c) => c?.label)?.label, valueLabels: parts.find((c) => c?.valueLabels)?.valueLabels };
    if (p.type === 'number') {
      const values = new Float64Array(n).fill(Number.NaN);
      let mk: Uint8Array | undefined;
      let at = 0;
      frames.forEach((f, d) => {
        const c = parts[d];
        if (c && c.type === 'number') {
          values.set(c.values, at);
          if (c.missingKind) {
            if (!mk) mk = new Uint8Array(n);
            mk.set(c.missingKind, at);
          }
        }
        at += f.nrow;
      });
      const out: NumericColumn = { type: 'number', name, values, integer: parts.every((c) => !c || (c.type === 'number' && c.integer)) };
      if (mk) out.missingKind = mk;
      if (p.format) out.format = p.format;
      if (meta.label) out.label = meta.label;
      if (meta.valueLabels) out.valueLabels = meta.valueLabels;
      return out;
    }
    const levels: string[] = [];
    const pos = new Map<string, number>();
    const codes = new Int32Array(n).fill(-1);
    let at = 0;
    frames.forEach((f, d) => {
      const c = parts[d];
      if (c && c.type === 'string') {
        const remap = c.levels.map((l) => {
          let k = pos.get(l);
          if (k === undefined) {
            k = levels.length;
            levels.push(l);
            pos.set(l, k);
          }
          return k;
        });
        for (let i = 0; i < f.nrow; i++) codes[at + i] = c.codes[i] < 0 ? -1 : remap[c.codes[i]];
      }
      at += f.nrow;
    });
    return { type: 'string', name, codes, levels, ...(meta.label ? { label: meta.label } : {}) };
  });
  if (opts.source) {
    if (proto.has(opts.source)) throw new UserError('name_taken', `A column named "${opts.source}" already exists.`, { column: opts.source });
    const values = new Float64Array(n);
    let at = 0;
    frames.forEach((f, d) => {
      values.fill(d + 1, at, at + f.nrow);
      at += f.nrow;
    });
    columns.push({ type: 'number', name: opts.source, values, integer: true, label: 'source dataset' });
  }
  const missingCols = frames.map((f, d) => ({ d, miss: order.filter((nm) => !f.columns.some((c) => c.name === nm)) })).filter((x) => x.miss.length);
  const note = missingCols.length ? `; ${missingCols.map((x) => `dataset ${x.d + 1} lacks ${x.miss.join(', ')}`).join('; ')}` : '';
  return { frame: { nrow: n, columns }, report: { message: `appended ${frames.length} datasets: ${n} rows${note}`, rows: n } };
}
