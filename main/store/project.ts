/**
 * One open project file: datasets, analyses, results and the run log. The main thread and
 * each worker hold their own ProjectStore (own connection); writes that may be large (an
 * import, a result) happen in one transaction, so a crash or a kill leaves the previous state.
 */
import { randomUUID } from 'node:crypto';
import { basename, extname } from 'node:path';
import { UserError } from '../engine/errors';
import type { RunContext } from '../engine/context';
import { silentContext } from '../engine/context';
import type { Frame } from '../engine/frame';
import { analysisSpec } from '../../shared/specs/index';
import type { AnalysisResult, AnalysisSpec } from '../../shared/specs/index';
import type { AnalysisInfo, ColumnInfo, DatasetInfo, ProjectInfo, RunLogEntry, StoredResult } from '../../shared/domain';
import { createProjectDb, openProjectDb } from './db';
import type { Db } from './db';
import { decodeColumn, encodeColumn, fingerprintRows } from './columns';
import type { ColumnRow } from './columns';
import { copyDatabaseAtomically } from './files';

export interface DatasetSource {
  file: string | null;
  format: string;
  encoding: string | null;
  delimiter: string | null;
}

interface DatasetRow {
  id: string;
  name: string;
  description: string | null;
  nrow: number;
  ncol: number;
  source: string;
  fingerprint: string;
  created_at: string;
  updated_at: string;
}

interface AnalysisRow {
  id: string;
  name: string;
  model: string;
  dataset: string;
  spec: string;
  created_at: string;
  updated_at: string;
}

interface ResultRow {
  id: string;
  analysis_id: string;
  spec: string;
  result: string;
  data_fingerprint: string;
  engine_version: string;
  timing: string;
  notes: string;
  created_at: string;
}

type ColumnMetaRow = Omit<ColumnRow, 'data' | 'missing_kind'>;

const now = (): string => new Date().toISOString();

function notFound(what: string, id: string): UserError {
  return new UserError('not_found', `No ${what} "${id}" in this project. It may have been deleted; refresh the list.`, { [what]: id });
}

export class ProjectStore {
  private constructor(
    readonly path: string,
    readonly db: Db,
  ) {}

  static create(path: string, name: string): ProjectStore {
    return new ProjectStore(path, createProjectDb(path, name));
  }

  static open(path: string, options: { migrate?: boolean } = {}): ProjectStore {
    return new ProjectStore(path, openProjectDb(path, options));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? row.value : null;
  }

  info(): ProjectInfo {
    const count = (table: string): number => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      path: this.path,
      name: this.meta('name') ?? basename(this.path, extname(this.path)),
      createdAt: this.meta('created_at') ?? '',
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      datasets: count('datasets'),
      analyses: count('analyses'),
    };
  }

  /** Copies the project to `target` (temp file, fsync, rename); see files.ts. */
  saveCopy(target: string, options: { overwrite?: boolean; onProgress?: (fraction: number) => void } = {}): Promise<void> {
    return copyDatabaseAtomically(this.db, this.path, target, options);
  }

  // ---- datasets ----------------------------------------------------------------------------

  private columnInfos(datasetId: string): ColumnInfo[] {
    const rows = this.db
      .prepare(
        'SELECT position, name, type, label, value_labels, is_integer, format, levels, nlevels, explicit_order FROM dataset_columns WHERE dataset_id = ? ORDER BY position',
      )
      .all(datasetId) as ColumnMetaRow[];
    return rows.map((r) => ({
      name: r.name,
      type: r.type,
      label: r.label,
      integer: r.is_integer === 1,
      format: r.format === 'date' ? 'date' : null,
      valueLabels: r.value_labels ? (JSON.parse(r.value_labels) as Record<string, string>) : null,
      nlevels: r.nlevels,
      explicitOrder: r.explicit_order === 1,
    }));
  }

  private datasetInfo(row: DatasetRow): DatasetInfo {
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      nrow: row.nrow,
      ncol: row.ncol,
      columns: this.columnInfos(row.id),
      source: JSON.parse(row.source) as DatasetSource,
      fingerprint: row.fingerprint,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  listDatasets(): DatasetInfo[] {
    const rows = this.db.prepare('SELECT * FROM datasets ORDER BY created_at, name').all() as DatasetRow[];
    return rows.map((r) => this.datasetInfo(r));
  }

  findDataset(by: { id: string } | { name: string }): DatasetInfo | null {
    const row = ('id' in by
      ? this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(by.id)
      : this.db.prepare('SELECT * FROM datasets WHERE name = ?').get(by.name)) as DatasetRow | undefined;
    return row ? this.datasetInfo(row) : null;
  }

  getDataset(id: string): DatasetInfo {
    const d = this.findDataset({ id });
    if (!d) throw notFound('dataset', id);
    return d;
  }

  /** The dataset an analysis spec names (`data`), or a UserError listing the project's datasets. */
  datasetByName(name: string): DatasetInfo {
    const d = this.findDataset({ name });
    if (d) return d;
    const names = (this.db.prepare('SELECT name FROM datasets ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    throw new UserError(
      'dataset_not_found',
      `The project has no dataset named "${name}". ${names.length ? `Datasets: ${names.join(', ')}.` : 'Import a data file first.'}`,
      { dataset: name, available: names },
    );
  }

  /** `base`, or `base_2`, `base_3` … whichever is free. */
  uniqueDatasetName(base: string): string {
    const taken = new Set((this.db.prepare('SELECT name FROM datasets').all() as { name: string }[]).map((r) => r.name));
    if (!taken.has(base)) return base;
    for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
  }

  /**
   * Stores a frame as a new dataset in one transaction. Cancellation between columns rolls
   * everything back, as does a crash.
   */
  insertDataset(frame: Frame, meta: { name: string; description?: string | null; source: DatasetSource }, ctx: RunContext = silentContext): DatasetInfo {
    const id = randomUUID();
    const rows = frame.columns.map((c, j) => encodeColumn(c, j));
    const fingerprint = fingerprintRows(rows, frame.nrow);
    const insertColumn = this.db.prepare(
      `INSERT INTO dataset_columns (dataset_id, position, name, type, label, value_labels, is_integer, format, levels, nlevels, explicit_order, data, missing_kind)
       VALUES (@dataset_id, @position, @name, @type, @label, @value_labels, @is_integer, @format, @levels, @nlevels, @explicit_order, @data, @missing_kind)`,
    );
    const t = now();
    // IMMEDIATE takes the write lock first, so the name check holds against a concurrent import.
    this.db.transaction(() => {
      if (this.findDataset({ name: meta.name }))
        throw new UserError('dataset_exists', `The project already has a dataset named "${meta.name}". Choose another name.`, { dataset: meta.name });
      this.db
        .prepare('INSERT INTO datasets (id, name, description, nrow, ncol, source, fingerprint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, meta.name, meta.description ?? null, frame.nrow, frame.columns.length, JSON.stringify(meta.source), fingerprint, t, t);
      rows.forEach((r, j) => {
        ctx.checkCancelled();
        insertColumn.run({ dataset_id: id, ...r });
        ctx.progress((j + 1) / rows.length, 'write');
      });
    }).immediate();
    return this.getDataset(id);
  }

  /** The dataset as a Frame; `columns` restricts (and orders) the columns read. */
  loadFrame(datasetId: string, columns?: string[]): Frame {
    const d = this.db.prepare('SELECT nrow FROM datasets WHERE id = ?').get(datasetId) as { nrow: number } | undefined;
    if (!d) throw notFound('dataset', datasetId);
    let rows: ColumnRow[];
    if (columns) {
      const stmt = this.db.prepare('SELECT * FROM dataset_columns WHERE dataset_id = ? AND name = ?');
      rows = columns.map((name) => {
        const r = stmt.get(datasetId, name) as ColumnRow | undefined;
        if (!r) throw new UserError('column_not_found', `The dataset has no column "${name}".`, { column: name });
        return r;
      });
    } else rows = this.db.prepare('SELECT * FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(datasetId) as ColumnRow[];
    return { nrow: d.nrow, columns: rows.map(decodeColumn) };
  }

  renameDataset(id: string, name: string): DatasetInfo {
    const d = this.getDataset(id);
    if (d.name === name) return d;
    if (this.findDataset({ name })) throw new UserError('dataset_exists', `The project already has a dataset named "${name}".`, { dataset: name });
    this.db.prepare('UPDATE datasets SET name = ?, updated_at = ? WHERE id = ?').run(name, now(), id);
    return this.getDataset(id);
  }

  deleteDataset(id: string): void {
    const r = this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    if (r.changes === 0) throw notFound('dataset', id);
  }

  // ---- analyses and results ----------------------------------------------------------------

  private analysisInfo(row: AnalysisRow): AnalysisInfo {
    const last = this.db
      .prepare('SELECT id, created_at, data_fingerprint FROM results WHERE analysis_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get(row.id) as { id: string; created_at: string; data_fingerprint: string } | undefined;
    return {
      id: row.id,
      name: row.name,
      model: row.model,
      dataset: row.dataset,
      spec: this.parseSpec(row.spec, row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      lastRun: last ? { resultId: last.id, createdAt: last.created_at, stale: this.staleness(row.dataset, last.data_fingerprint) !== null } : null,
    };
  }

  private parseSpec(json: string, analysisId: string): AnalysisSpec {
    const parsed = analysisSpec.safeParse(JSON.parse(json));
    if (!parsed.success)
      throw new UserError('stored_spec_invalid', `The stored spec of analysis ${analysisId} is not valid for this version of Causeway.`, {
        analysis: analysisId,
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    return parsed.data;
  }

  private staleness(dataset: string, fingerprint: string): StoredResult['staleReason'] {
    const d = this.db.prepare('SELECT fingerprint FROM datasets WHERE name = ?').get(dataset) as { fingerprint: string } | undefined;
    if (!d) return 'dataset_missing';
    return d.fingerprint === fingerprint ? null : 'dataset_changed';
  }

  /** Runs `f` in one transaction: everything it writes is stored, or nothing (an error rolls back). */
  inTransaction<T>(f: () => T): T {
    return this.db.transaction(f)();
  }

  listAnalyses(): AnalysisInfo[] {
    const rows = this.db.prepare('SELECT * FROM analyses ORDER BY created_at, rowid').all() as AnalysisRow[];
    return rows.map((r) => this.analysisInfo(r));
  }

  getAnalysis(id: string): AnalysisInfo {
    const row = this.db.prepare('SELECT * FROM analyses WHERE id = ?').get(id) as AnalysisRow | undefined;
    if (!row) throw notFound('analysis', id);
    return this.analysisInfo(row);
  }

  /** A new analysis, or a new spec (and name) for `id`. */
  saveAnalysis(input: { id?: string; name?: string; spec: AnalysisSpec }): AnalysisInfo {
    const t = now();
    const spec = JSON.stringify(input.spec);
    if (input.id) {
      const old = this.getAnalysis(input.id);
      this.db
        .prepare('UPDATE analyses SET name = ?, model = ?, dataset = ?, spec = ?, updated_at = ? WHERE id = ?')
        .run(input.name ?? old.name, input.spec.model, input.spec.data, spec, t, input.id);
      return this.getAnalysis(input.id);
    }
    const id = randomUUID();
    const name = input.name ?? `${input.spec.model} · ${input.spec.data}`;
    this.db
      .prepare('INSERT INTO analyses (id, name, model, dataset, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, name, input.spec.model, input.spec.data, spec, t, t);
    return this.getAnalysis(id);
  }

  deleteAnalysis(id: string): void {
    const r = this.db.prepare('DELETE FROM analyses WHERE id = ?').run(id);
    if (r.changes === 0) throw notFound('analysis', id);
  }

  insertResult(input: {
    analysisId: string;
    spec: AnalysisSpec;
    result: AnalysisResult;
    dataFingerprint: string;
    engineVersion: string;
    timing: { load_s: number; estimate_s: number };
    notes?: string[];
  }): StoredResult {
    const id = randomUUID();
    this.db
      .prepare(
        'INSERT INTO results (id, analysis_id, spec, result, data_fingerprint, engine_version, timing, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        input.analysisId,
        JSON.stringify(input.spec),
        JSON.stringify(input.result),
        input.dataFingerprint,
        input.engineVersion,
        JSON.stringify(input.timing),
        JSON.stringify(input.notes ?? []),
        now(),
      );
    return this.resultById(id);
  }

  private storedResult(row: ResultRow): StoredResult {
    const dataset = (this.db.prepare('SELECT dataset FROM analyses WHERE id = ?').get(row.analysis_id) as { dataset: string }).dataset;
    const staleReason = this.staleness(dataset, row.data_fingerprint);
    return {
      id: row.id,
      analysisId: row.analysis_id,
      spec: this.parseSpec(row.spec, row.analysis_id),
      result: JSON.parse(row.result) as AnalysisResult,
      dataFingerprint: row.data_fingerprint,
      engineVersion: row.engine_version,
      createdAt: row.created_at,
      timing: JSON.parse(row.timing) as StoredResult['timing'],
      notes: JSON.parse(row.notes) as string[],
      stale: staleReason !== null,
      staleReason,
    };
  }

  resultById(id: string): StoredResult {
    const row = this.db.prepare('SELECT * FROM results WHERE id = ?').get(id) as ResultRow | undefined;
    if (!row) throw notFound('result', id);
    return this.storedResult(row);
  }

  latestResult(analysisId: string): StoredResult | null {
    const row = this.db
      .prepare('SELECT * FROM results WHERE analysis_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get(analysisId) as ResultRow | undefined;
    return row ? this.storedResult(row) : null;
  }

  // ---- run log -------------------------------------------------------------------------------

  logRun(entry: { kind: RunLogEntry['kind']; target: string; status: RunLogEntry['status']; message?: string | null; seconds: number; details?: unknown }): void {
    this.db
      .prepare('INSERT INTO run_log (at, kind, target, status, message, seconds, details) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(now(), entry.kind, entry.target, entry.status, entry.message ?? null, entry.seconds, entry.details === undefined ? null : JSON.stringify(entry.details));
  }

  listLog(limit = 100): RunLogEntry[] {
    return this.db.prepare('SELECT id, at, kind, target, status, message, seconds FROM run_log ORDER BY id DESC LIMIT ?').all(limit) as RunLogEntry[];
  }
}
