/**
 * The service's publication channels (shared/contract-publish.ts). Building tables, rendering
 * figures and writing files run in the worker pool (main/workers/publish-tasks.ts); this thread
 * reads and writes the small saved-table records, generates code (string work on one spec) and
 * reserves downloads.
 */
import { basename, resolve } from 'node:path';
import { UserError } from '../engine/errors';
import { generateR } from '../publish/codegen/r';
import { generateStata } from '../publish/codegen/stata';
import type { GeneratedCode } from '../publish/codegen/common';
import type { ProjectStore } from '../store/project';
import { deleteTable, listTables, saveTable } from '../store/tables';
import type { WorkerPool } from '../workers/pool';
import type { ExportTarget } from '../workers/publish-tasks';
import type { CodeOrReason, publishChannels } from '../../shared/contract-publish';
import { callInWorker, type AreaHandlers } from './area';
import { exportFileName } from './data';
import type { Downloads } from './downloads';

export interface PublishServiceHost {
  project(): ProjectStore;
  pool(): WorkerPool;
  downloads: Downloads;
}


function code(generate: (spec: unknown, header: string) => GeneratedCode, spec: unknown, header: string): CodeOrReason {
  try {
    const c = generate(spec, header);
    return { ok: true, code: { script: c.script, call: c.call, notes: c.notes } };
  } catch (e) {
    if (e instanceof UserError) return { ok: false, reason: e.message };
    throw e;
  }
}

export function publishService(host: PublishServiceHost): AreaHandlers<typeof publishChannels> {
  /** Where an export goes: the chosen path (Electron), else a download the browser host hands out. */
  const target = (path: string | undefined, name: string): { target: ExportTarget; onDone?: () => void } => {
    if (path) {
      const p = resolve(path);
      return { target: { path: p, file: basename(p), downloadUrl: null } };
    }
    const spot = host.downloads.reserve(name);
    return { target: { path: spot.path, file: spot.name, downloadUrl: spot.url }, onDone: () => host.downloads.ready(spot.id) };
  };

  return {
    calls: {
      'table.list': () => ({ tables: listTables(host.project()) }),
      'table.save': (req) => saveTable(host.project(), { id: req.tableId, name: req.name, spec: req.spec }),
      'table.delete': (req) => {
        deleteTable(host.project(), req.tableId);
        return { tableId: req.tableId };
      },
      'table.preview': (req) => callInWorker(host.pool(), { kind: 'publish.preview', projectPath: host.project().path, spec: req.spec }),
      'table.clipboard': (req) => callInWorker(host.pool(), { kind: 'publish.clipboard', projectPath: host.project().path, spec: req.spec }),
      'analysis.code': (req) => {
        const store = host.project();
        const analysis = store.getAnalysis(req.analysisId);
        const dataset = store.findDataset({ name: analysis.dataset });
        // The script reads the file the dataset was imported from, under its own name.
        const file = dataset?.source.file ?? null;
        const spec = file ? { ...analysis.spec, data: file } : analysis.spec;
        const lines = [`Causeway analysis "${analysis.name}" on dataset "${analysis.dataset}"${file ? ` (imported from ${file})` : ''}.`];
        if (dataset) lines.push(`Data fingerprint (SHA-256 of the project data): ${dataset.fingerprint}`);
        const header = lines.join('\n');
        return { analysisId: analysis.id, r: code(generateR, spec, header), stata: code(generateStata, spec, header) };
      },
    },
    jobs: {
      'table.export': (req) => {
        const store = host.project();
        const title = req.name ?? req.specs[0].title ?? 'table';
        const t = target(req.path, exportFileName(title, req.format));
        return { kind: 'data', target: `table export: ${t.target.file}`, task: { kind: 'publish.tables', projectPath: store.path, specs: req.specs, format: req.format, target: t.target }, onDone: t.onDone };
      },
      'figure.export': (req) => {
        const store = host.project();
        const analysis = store.getAnalysis(req.spec.source);
        const t = target(req.path, exportFileName(`${analysis.name} ${req.spec.kind}`, req.format));
        return { kind: 'data', target: `figure export: ${t.target.file}`, task: { kind: 'publish.figure', projectPath: store.path, spec: req.spec, format: req.format, target: t.target }, onDone: t.onDone };
      },
      'project.report': (req) => {
        const store = host.project();
        const title = req.title ?? store.info().name;
        const t = target(req.path, exportFileName(`${title} report`, 'html'));
        return { kind: 'data', target: `report: ${t.target.file}`, task: { kind: 'publish.report', projectPath: store.path, language: req.language, title, target: t.target }, onDone: t.onDone };
      },
    },
  };
}
