/**
 * Columns ↔ stored rows. A numeric column's values are the bytes of its Float64Array, a
 * string column's its Int32Array codes with the levels as JSON; both little-endian, as every
 * platform Electron and Node run on.
 */
import { createHash } from 'node:crypto';
import type { Column } from '../engine/frame';

export interface ColumnRow {
  position: number;
  name: string;
  type: 'number' | 'string';
  label: string | null;
  value_labels: string | null;
  is_integer: number;
  format: string | null;
  levels: string | null;
  nlevels: number | null;
  explicit_order: number;
  data: Buffer;
  missing_kind: Buffer | null;
}

function bytesOf(a: Float64Array | Int32Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A typed view on a blob; copied when the blob is not aligned to the element size. */
function view<T extends Float64Array | Int32Array>(buf: Buffer, Ctor: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }): T {
  const size = Ctor.BYTES_PER_ELEMENT;
  const n = buf.byteLength / size;
  if (buf.byteOffset % size === 0) return new Ctor(buf.buffer as ArrayBuffer, buf.byteOffset, n);
  const copy = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return new Ctor(copy, 0, n);
}

export function encodeColumn(col: Column, position: number): ColumnRow {
  const common = {
    position,
    name: col.name,
    label: col.label ?? null,
    value_labels: col.valueLabels ? JSON.stringify(col.valueLabels) : null,
  };
  if (col.type === 'number')
    return {
      ...common,
      type: 'number',
      is_integer: col.integer ? 1 : 0,
      format: col.format ?? null,
      levels: null,
      nlevels: null,
      explicit_order: 0,
      data: bytesOf(col.values),
      missing_kind: col.missingKind ? bytesOf(col.missingKind) : null,
    };
  return {
    ...common,
    type: 'string',
    is_integer: 0,
    format: null,
    levels: JSON.stringify(col.levels),
    nlevels: col.levels.length,
    explicit_order: col.explicitOrder ? 1 : 0,
    data: bytesOf(col.codes),
    missing_kind: null,
  };
}

export function decodeColumn(row: ColumnRow): Column {
  const meta = {
    name: row.name,
    ...(row.label !== null ? { label: row.label } : {}),
    ...(row.value_labels !== null ? { valueLabels: JSON.parse(row.value_labels) as Record<string, string> } : {}),
  };
  if (row.type === 'number')
    return {
      type: 'number',
      ...meta,
      values: view(row.data, Float64Array),
      integer: row.is_integer === 1,
      ...(row.format === 'date' ? { format: 'date' as const } : {}),
      ...(row.missing_kind ? { missingKind: new Uint8Array(row.missing_kind) } : {}),
    };
  return {
    type: 'string',
    ...meta,
    codes: view(row.data, Int32Array),
    levels: JSON.parse(row.levels ?? '[]') as string[],
    ...(row.explicit_order ? { explicitOrder: true } : {}),
  };
}

/** SHA-256 over every stored field of every column, in order: equal fingerprints = equal data. */
export function fingerprintRows(rows: ColumnRow[], nrow: number): string {
  const h = createHash('sha256');
  h.update(`rows:${nrow}\n`);
  for (const r of rows) {
    h.update(JSON.stringify([r.position, r.name, r.type, r.label, r.value_labels, r.is_integer, r.format, r.levels, r.explicit_order]));
    h.update(r.data);
    h.update(r.missing_kind ?? Buffer.alloc(0));
  }
  return h.digest('hex');
}
