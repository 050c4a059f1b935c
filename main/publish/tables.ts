/**
 * One entry point for the table builder screen and the CLI: a table spec plus the resolved
 * inputs → a TableModel; a TableModel → the bytes of an export format.
 */
import type { TableFormat, TableSpec } from '../../shared/specs/table';
import { UserError } from '../engine/errors';
import { buildBalanceTable } from './balance';
import type { CorrelationResult } from './correlation';
import { buildCorrelationTable } from './correlation';
import { tableToCsv } from './csv';
import { buildDescriptivesTable } from './descriptives';
import { tablesToDocx } from './docx';
import { tablesToHtmlDocument } from './html';
import type { ResolvedColumn, TableModel } from './table-model';
import { assertModelShape, buildRegressionTable } from './table-model';
import { tablesToTexDocument } from './tex';
import { tablesToXlsx } from './xlsx';

/** What a table needs besides its spec; which field is used depends on the spec's kind. */
export interface TableInputs {
  /** regression: one per spec column, in order. descriptives / balance: the one source. */
  columns?: ResolvedColumn[];
  /** correlation: the matrix computed on the spec's data (correlationMatrix). */
  correlation?: CorrelationResult;
  /** Variable labels of the data, used where the spec gives no label. */
  variableLabels?: Record<string, string>;
}

function single(spec: { source: string }, inputs: TableInputs): ResolvedColumn {
  const c = inputs.columns?.[0];
  if (!c) throw new UserError('table_columns', `No result was given for ${spec.source}.`, { source: spec.source });
  return c;
}

export function buildTable(spec: TableSpec, inputs: TableInputs): TableModel {
  const labels = inputs.variableLabels ?? {};
  let model: TableModel;
  switch (spec.kind) {
    case 'regression':
      model = buildRegressionTable(spec, inputs.columns ?? [], labels);
      break;
    case 'descriptives':
      model = buildDescriptivesTable(spec, single(spec, inputs).result, labels);
      break;
    case 'balance':
      model = buildBalanceTable(spec, single(spec, inputs).result, labels);
      break;
    case 'correlation':
      if (!inputs.correlation) throw new UserError('table_columns', 'A correlation table needs its correlation matrix.', { data: spec.data });
      model = buildCorrelationTable(spec, inputs.correlation);
      break;
  }
  assertModelShape(model);
  return model;
}

/** The file content of tables in a format; several tables follow one another (xlsx: one sheet each). */
export async function exportTables(models: TableModel[], format: TableFormat): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return tablesToDocx(models);
    case 'xlsx':
      return tablesToXlsx(models);
    case 'tex':
      return Buffer.from(tablesToTexDocument(models), 'utf8');
    case 'csv':
      return Buffer.from(models.map((m, i) => tableToCsv(m, { bom: i === 0 })).join('\r\n'), 'utf8');
    case 'html':
      return Buffer.from(tablesToHtmlDocument(models), 'utf8');
  }
}
