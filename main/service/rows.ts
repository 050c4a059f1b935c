/**
 * Pages of rows for the virtual grid. Columns are read whole from the project (one BLOB each)
 * and kept in a byte-bounded cache, so scrolling a million rows costs one read per column and
 * then slices. Entries are keyed by the dataset fingerprint: changed data is never served.
 */
import type { Column } from '../engine/frame';
import { UserError } from '../engine/errors';
import type { ProjectStore } from '../store/project';
import type { Cell, ResponseOf } from '../../shared/contract';
import type { DatasetInfo } from '../../shared/domain';

/** JSON has no infinities: ±Inf (readable from CSV "Inf") travel as the strings R prints. */
function cell(col: Column, i: number): Cell {
  if (col.type === 'string') return col.codes[i] < 0 ? null : col.levels[col.codes[i]];
  const v = col.values[i];
  if (Number.isNaN(v)) return null;
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  return v;
}

function bytesOf(c: Column): number {
  return c.type === 'number' ? c.values.byteLength : c.codes.byteLength + c.levels.reduce((s, l) => s + 2 * l.length + 16, 0);
}

export class RowReader {
  private readonly cache = new Map<string, { column: Column; bytes: number }>();
  private bytes = 0;

  constructor(private readonly budget = 512 * 1024 * 1024) {}

  private column(store: ProjectStore, dataset: DatasetInfo, name: string): Column {
    const key = `${dataset.id}\u0000${dataset.fingerprint}\u0000${name}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Re-insert: Map order is the LRU order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.column;
    }
    const column = store.loadFrame(dataset.id, [name]).columns[0];
    const bytes = bytesOf(column);
    this.cache.set(key, { column, bytes });
    this.bytes += bytes;
    for (const [k, v] of this.cache) {
      if (this.bytes <= this.budget || k === key) break;
      this.cache.delete(k);
      this.bytes -= v.bytes;
    }
    return column;
  }

  page(store: ProjectStore, dataset: DatasetInfo, offset: number, limit: number, columns?: string[]): ResponseOf<'dataset.rows'> {
    const names = columns ?? dataset.columns.map((c) => c.name);
    const known = new Set(dataset.columns.map((c) => c.name));
    for (const n of names)
      if (!known.has(n)) throw new UserError('column_not_found', `Dataset "${dataset.name}" has no column "${n}".`, { dataset: dataset.name, column: n });
    const end = Math.min(dataset.nrow, offset + limit);
    const values = names.map((n) => {
      const col = this.column(store, dataset, n);
      const out: Cell[] = [];
      for (let i = offset; i < end; i++) out.push(cell(col, i));
      return out;
    });
    return { datasetId: dataset.id, nrow: dataset.nrow, offset, columns: names, values };
  }

  forget(datasetId: string): void {
    for (const [k, v] of this.cache)
      if (k.startsWith(`${datasetId}\u0000`)) {
        this.cache.delete(k);
        this.bytes -= v.bytes;
      }
  }

  clear(): void {
    this.cache.clear();
    this.bytes = 0;
  }
}
