/**
 * The service layer: the one implementation of every contract channel, used by the Electron
 * shell, the browser host and the CLI. `handle(channel, payload, sink)` validates the request
 * against shared/contract.ts, runs it, validates the answer, and returns a Reply; failures are
 * typed `{code, message, details}`. Imports, analyses and summaries run in worker threads;
 * this thread only routes, reads metadata and pages of rows, and writes small records.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError, CancelledError } from '../engine/errors';
import { MODEL_NAMES } from '../../shared/specs/index';
import { ERROR_CODES, channels, isChannelName } from '../../shared/contract';
import type { CallChannel, DataSource, JobChannel, JobEvent, ParsedRequestOf, Reply, ResponseOf, UploadResponse } from '../../shared/contract';
import type { ProjectInfo, RunLogEntry } from '../../shared/domain';
import { ProjectStore } from '../store/project';
import type { Home } from '../store/home';
import { WorkerPool, TaskFailure } from '../workers/pool';
import type { WorkerTask } from '../workers/protocol';
import { toErrorInfo } from '../workers/protocol';
import { fillDemoProject } from '../demo/project';
import { RowReader } from './rows';
import { dataService } from './data';
import { publishService } from './publish';
import { Downloads } from './downloads';
import { APP_VERSION, ENGINE_VERSION } from './version';

export type EventSink = (event: JobEvent) => void;

export interface ServiceOptions {
  home: Home;
  shell: 'electron' | 'browser';
  pool?: WorkerPool;
  /** Electron: shows a native save dialog and answers the chosen path (null = cancelled). */
  chooseSavePath?: (suggestedName: string, extensions: string[]) => Promise<string | null>;
}

export const PROJECT_EXTENSION = '.causeway';
const DEMO_FILE = `causeway-demo${PROJECT_EXTENSION}`;
const SUMMARY_CACHE = 16;

type CallHandlers = { [C in CallChannel]: (req: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };
/** A job channel turns its request into a worker task and names what the run log records. */
export interface PreparedJob {
  task: WorkerTask;
  kind: RunLogEntry['kind'];
  /** What the run log names: the file or the analysis. */
  target: string;
  onDone?: () => void;
}
type JobHandlers = { [C in JobChannel]: (req: ParsedRequestOf<C>) => PreparedJob };

/** A file name from a project name: no separators or characters Windows forbids. */
export function projectFileName(name: string): string {
  const safe = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120);
  return `${safe || 'project'}${PROJECT_EXTENSION}`;
}

function withExtension(path: string): string {
  return extname(path).toLowerCase() === PROJECT_EXTENSION ? path : `${path}${PROJECT_EXTENSION}`;
}

function validationError(issues: readonly { path: PropertyKey[]; message: string }[], what: string): UserError {
  const list = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return new UserError(
    ERROR_CODES.invalidRequest,
    `Invalid ${what}: ${list.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    { issues: list },
  );
}

export class Service {
  private store: ProjectStore | null = null;
  private readonly home: Home;
  private readonly shell: 'electron' | 'browser';
  private readonly pool: WorkerPool;
  private readonly jobs = new Map<string, { cancel(): void }>();
  private readonly uploads = new Map<string, { path: string; name: string }>();
  private uploadDir: string | null = null;
  private readonly rows = new RowReader();
  /** Column summaries by dataset fingerprint and column list (a summary of unchanged data is reused). */
  private readonly summaries = new Map<string, ResponseOf<'dataset.summary'>>();
  /** Files prepared for the browser host to hand out (exports). */
  readonly downloads = new Downloads();
  private readonly chooseSavePath: ServiceOptions['chooseSavePath'];
  private readonly data = dataService({
    project: () => this.project(),
    pool: () => this.pool,
    downloads: this.downloads,
    sourceFile: (source) => this.sourceFile(source),
    chooseSavePath: (name, extensions) => (this.chooseSavePath ? this.chooseSavePath(name, extensions) : Promise.resolve(null)),
  });
  private readonly publish = publishService({ project: () => this.project(), pool: () => this.pool, downloads: this.downloads });

  constructor(options: ServiceOptions) {
    this.home = options.home;
    this.shell = options.shell;
    this.pool = options.pool ?? new WorkerPool();
    this.chooseSavePath = options.chooseSavePath;
  }

  /** Answers one request; never throws. Job events for a started job go to `sink`. */
  async handle(channel: string, payload: unknown, sink: EventSink): Promise<Reply> {
    try {
      if (!isChannelName(channel))
        throw new UserError(ERROR_CODES.unknownChannel, `There is no channel "${channel}".`, { channel });
      const def = channels[channel];
      const parsed = def.request.safeParse(payload);
      if (!parsed.success) throw validationError(parsed.error.issues, `request for ${channel}`);
      if (def.kind === 'job') return { ok: true, result: { jobId: this.startJob(channel as JobChannel, parsed.data, sink) } };
      const handler = this.calls[channel as CallChannel] as (req: unknown) => unknown;
      const result = await handler(parsed.data);
      const checked = def.response.safeParse(result);
      if (!checked.success) throw new Error(`The answer on ${channel} breaks the contract: ${JSON.stringify(checked.error.issues.slice(0, 5))}`);
      return { ok: true, result: checked.data };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  }

  /** Browser host: stores an uploaded file until it is imported (or the service stops). */
  async acceptUpload(name: string, body: Readable): Promise<UploadResponse> {
    const clean = basename(name.replace(/\\/g, '/')).slice(0, 255) || 'upload';
    if (!this.uploadDir) this.uploadDir = mkdtempSync(join(tmpdir(), 'causeway-uploads-'));
    const uploadId = randomUUID();
    // A folder per upload keeps the user's file name, which readers show in their messages.
    const path = join(this.uploadDir, uploadId, clean);
    mkdirSync(dirname(path));
    const out = createWriteStream(path);
    await pipeline(body, out);
    this.uploads.set(uploadId, { path, name: clean });
    return { uploadId, name: clean, size: out.bytesWritten };
  }

  /** Cancels running jobs, closes the project and removes uploads. */
  async dispose(): Promise<void> {
    for (const j of this.jobs.values()) j.cancel();
    await this.pool.close();
    this.closeStore();
    if (this.uploadDir) rmSync(this.uploadDir, { recursive: true, force: true });
    this.downloads.dispose();
  }

  /** Browser host: a finished export to send, or null. */
  download(id: string): { path: string; name: string } | null {
    return this.downloads.get(id);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private project(): ProjectStore {
    if (!this.store) throw new UserError(ERROR_CODES.noProject, 'No project is open. Create or open a project first.', {});
    return this.store;
  }

  private notBusy(action: string): void {
    if (this.jobs.size > 0)
      throw new UserError(ERROR_CODES.busy, `Cannot ${action} while an import or analysis is running. Wait for it to finish or cancel it.`, { running: this.jobs.size });
  }

  /** The file behind an import source; an upload keeps the user's file name as its label. */
  private sourceFile(source: DataSource): { path: string; label: string; uploadId: string | null } {
    if (source.kind === 'path') return { path: resolve(source.path), label: basename(source.path), uploadId: null };
    const up = this.uploads.get(source.uploadId);
    if (!up) throw new UserError(ERROR_CODES.notFound, 'The uploaded file is no longer available. Choose the file again.', { uploadId: source.uploadId });
    return { path: up.path, label: up.name, uploadId: source.uploadId };
  }

  private closeStore(): void {
    this.store?.close();
    this.store = null;
    this.rows.clear();
    this.summaries.clear();
  }

  private switchTo(store: ProjectStore): ProjectInfo {
    this.closeStore();
    this.store = store;
    const info = store.info();
    this.home.touchRecent(store.path, info.name);
    return info;
  }

  /** `request` has passed the channel's schema. */
  private startJob(channel: JobChannel, request: unknown, sink: EventSink): string {
    const prepared = (this.jobHandlers[channel] as (r: unknown) => PreparedJob)(request);
    const jobId = randomUUID();
    const store = this.project();
    const t0 = performance.now();
    // Progress never moves back (a CSV that turns out not to be UTF-8 is read again as GBK).
    let shown = 0;
    const run = this.pool.run(prepared.task, (fraction, message) => {
      shown = Math.min(1, Math.max(shown, fraction));
      sink({ type: 'job.progress', jobId, fraction: shown, message });
    });
    this.jobs.set(jobId, run);
    const log = (status: 'ok' | 'error' | 'cancelled', message: string | null, details?: unknown): void => {
      // The project cannot be closed while a job runs, so the store is still the job's.
      if (this.store === store) store.logRun({ kind: prepared.kind, target: prepared.target, status, message, seconds: (performance.now() - t0) / 1000, details });
    };
    run.promise.then(
      (result) => {
        this.jobs.delete(jobId);
        const checked = channels[channel].response.safeParse(result);
        if (!checked.success) {
          const error = toErrorInfo(new Error(`The result of ${channel} breaks the contract: ${JSON.stringify(checked.error.issues.slice(0, 5))}`));
          log('error', error.message);
          sink({ type: 'job.failed', jobId, error });
          return;
        }
        log('ok', null);
        prepared.onDone?.();
        sink({ type: 'job.done', jobId, result: checked.data });
      },
      (e: unknown) => {
        this.jobs.delete(jobId);
        if (e instanceof CancelledError) {
          log('cancelled', null);
          sink({ type: 'job.cancelled', jobId });
          return;
        }
        const error = e instanceof TaskFailure ? e.info : toErrorInfo(e);
        log('error', error.message, { code: error.code, details: error.details });
        sink({ type: 'job.failed', jobId, error });
      },
    );
    return jobId;
  }

  // ---- channels ------------------------------------------------------------------------------

  private readonly jobHandlers: JobHandlers = {
    'dataset.import': (req) => {
      const store = this.project();
      const { uploadId, ...file } = this.sourceFile(req.source);
      if (req.name !== undefined && store.findDataset({ name: req.name }))
        throw new UserError('dataset_exists', `The project already has a dataset named "${req.name}". Choose another name.`, { dataset: req.name });
      return {
        kind: 'import',
        target: file.label,
        task: { kind: 'import', projectPath: store.path, file, name: req.name, options: req.options ?? {} },
        onDone: () => {
          if (!uploadId) return;
          const up = this.uploads.get(uploadId);
          this.uploads.delete(uploadId);
          if (up) rmSync(dirname(up.path), { recursive: true, force: true });
        },
      };
    },
    'analysis.run': (req) => {
      const store = this.project();
      // Fail at once, not as a failed job, when the dataset or analysis does not exist.
      store.datasetByName(req.spec.data);
      const existing = req.analysisId ? store.getAnalysis(req.analysisId) : null;
      return {
        kind: 'analysis',
        target: req.name ?? existing?.name ?? `${req.spec.model} · ${req.spec.data}`,
        task: { kind: 'analysis', projectPath: store.path, analysisId: req.analysisId, name: req.name, spec: req.spec },
      };
    },
    ...this.data.jobs,
    ...this.publish.jobs,
  };

  private readonly calls: CallHandlers = {
    'app.info': () => ({ version: APP_VERSION, engineVersion: ENGINE_VERSION, shell: this.shell, projectsDir: this.home.projectsDir, models: [...MODEL_NAMES] }),

    'project.new': (req) => {
      this.notBusy('create a project');
      let path: string;
      if (req.path) path = withExtension(resolve(req.path));
      else {
        this.home.ensure();
        path = join(this.home.projectsDir, projectFileName(req.name));
      }
      return this.switchTo(ProjectStore.create(path, req.name));
    },
    'project.open': (req) => {
      const path = resolve(req.path);
      if (this.store && resolve(this.store.path) === path) return this.store.info();
      this.notBusy('open another project');
      // Open the new file before closing the current one: a bad file leaves the app as it was.
      return this.switchTo(ProjectStore.open(path));
    },
    'project.close': () => {
      this.notBusy('close the project');
      const closed = this.store !== null;
      this.closeStore();
      return { closed };
    },
    'project.saveAs': async (req) => {
      const store = this.project();
      this.notBusy('save the project');
      const target = withExtension(resolve(req.path));
      await store.saveCopy(target, { overwrite: req.overwrite });
      return this.switchTo(ProjectStore.open(target));
    },
    'project.info': () => ({ project: this.store ? this.store.info() : null }),
    'project.recent': () => ({ projects: this.home.recent() }),
    'project.createDemo': (req) => {
      this.notBusy('open the demo project');
      this.home.updateSettings({ demoOffered: true });
      let path: string;
      if (req.path) path = withExtension(resolve(req.path));
      else {
        this.home.ensure();
        path = join(this.home.projectsDir, DEMO_FILE);
      }
      if (existsSync(path)) return this.switchTo(ProjectStore.open(path));
      const store = ProjectStore.create(path, '示例项目 Demo: pilot cities');
      try {
        fillDemoProject(store);
      } catch (e) {
        store.close();
        rmSync(path, { force: true });
        throw e;
      }
      return this.switchTo(store);
    },
    'project.log': (req) => ({ entries: this.project().listLog(req.limit ?? 100) }),

    'dataset.list': () => ({ datasets: this.project().listDatasets() }),
    'dataset.rows': (req) => {
      const store = this.project();
      return this.rows.page(store, store.getDataset(req.datasetId), req.offset, req.limit, req.columns);
    },
    'dataset.summary': async (req) => {
      const store = this.project();
      const dataset = store.getDataset(req.datasetId);
      const known = new Set(dataset.columns.map((c) => c.name));
      for (const c of req.columns ?? [])
        if (!known.has(c)) throw new UserError('column_not_found', `Dataset "${dataset.name}" has no column "${c}".`, { dataset: dataset.name, column: c });
      const key = `${dataset.id}\u0000${dataset.fingerprint}\u0000${JSON.stringify(req.columns ?? null)}`;
      const cached = this.summaries.get(key);
      if (cached) return cached;
      const run = this.pool.run({ kind: 'summary', projectPath: store.path, datasetId: dataset.id, columns: req.columns }, () => undefined);
      try {
        const summary = (await run.promise) as ResponseOf<'dataset.summary'>;
        if (this.summaries.size >= SUMMARY_CACHE) this.summaries.delete(this.summaries.keys().next().value as string);
        this.summaries.set(key, summary);
        return summary;
      } catch (e) {
        throw e instanceof TaskFailure ? new UserError(e.info.code, e.info.message, e.info.details) : e;
      }
    },
    'dataset.delete': (req) => {
      const store = this.project();
      this.notBusy('delete a dataset');
      store.deleteDataset(req.datasetId);
      this.rows.forget(req.datasetId);
      return { datasetId: req.datasetId };
    },
    'dataset.rename': (req) => {
      this.notBusy('rename a dataset');
      return this.project().renameDataset(req.datasetId, req.name);
    },

    'analysis.list': () => ({ analyses: this.project().listAnalyses() }),
    'analysis.get': (req) => {
      const store = this.project();
      return { analysis: store.getAnalysis(req.analysisId), result: store.latestResult(req.analysisId) };
    },
    'analysis.save': (req) => this.project().saveAnalysis({ id: req.analysisId, name: req.name, spec: req.spec }),
    'analysis.delete': (req) => {
      this.project().deleteAnalysis(req.analysisId);
      return { analysisId: req.analysisId };
    },

    'job.cancel': (req) => {
      const job = this.jobs.get(req.jobId);
      job?.cancel();
      return { cancelled: job !== undefined };
    },

    'settings.get': () => this.home.settings(),
    'settings.set': (req) => this.home.updateSettings(req),
    ...this.data.calls,
    ...this.publish.calls,
  };
}
