/** Helpers for the store's tests: temp folders and a frame with every kind of column. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '../engine/frame';
import { numericColumn, stringColumn } from '../engine/frame';

export function tempDir(prefix = 'causeway-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Numbers with missing values and labels, an integer column, a date, extended missing kinds, strings. */
export function sampleFrame(): Frame {
  const income = numericColumn('income', [1.5, Number.NaN, -2.25, 1e300, 0], { label: '收入 (income)' });
  const kinds = new Uint8Array([0, 1, 0, 0, 27]);
  const coded = numericColumn('coded', [1, Number.NaN, 2, 1, Number.NaN], { valueLabels: { '1': '城镇', '2': '农村' }, missingKind: kinds });
  const date = numericColumn('date', [18262, 18263, Number.NaN, 0, -1], { format: 'date' });
  const city = stringColumn('city', ['北京', null, 'Shanghai', '北京', '"quoted", comma']);
  const size = { ...stringColumn('size', ['Low', 'High', 'Medium', 'Low', null]), levels: ['Low', 'High', 'Medium'], explicitOrder: true };
  return { nrow: 5, columns: [income, coded, date, city, size] };
}
