/**
 * The service's data-management channels (shared/contract-data.ts). Everything that reads or
 * writes a dataset's rows runs in the worker pool; this thread checks that the datasets exist,
 * reads and writes the small recipe records, and reserves downloads.
 */
import { basename, resolve } from 'node:path';
import { UserError } from '../engine/errors';
import type { ProjectStore } from '../store/project';
import { readRecipe, setPanel } from '../store/recipes';
import type { WorkerPool } from '../workers/pool';
import type { WorkerTask } from '../workers/protocol';
import type { DataSource } from '../../shared/contract';
import type { dataChannels } from '../../shared/contract-data';
import { callInWorker, type AreaHandlers } from './area';
import type { Downloads } from './downloads';
import type { PreparedJob } from './service';

export interface DataServiceHost {
  project(): ProjectStore;
  pool(): WorkerPool;
  downloads: Downloads;
  /** The file behind an import source (an upload keeps the user's file name). */
  sourceFile(source: DataSource): { path: string; label: string };
  /** Electron's native save dialog; null in the browser host (which downloads instead). */
  chooseSavePath(suggestedName: string, extensions: string[]): Promise<string | null>;
}

export type DataHandlers = AreaHandlers<typeof dataChannels>;

/** A file name for an exported dataset: no separators or characters Windows forbids. */
export function exportFileName(datasetName: string, extension: string): string {
  const stem = datasetName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120);
  return `${stem || 'data'}.${extension}`;
}

export function dataService(host: DataServiceHost): DataHandlers {
  const inWorker = <T>(task: WorkerTask): Promise<T> => callInWorker<T>(host.pool(), task);

  const jobOn = (datasetId: string, what: string, task: WorkerTask): PreparedJob => {
    const dataset = host.project().getDataset(datasetId);
    return { kind: 'data', target: `${dataset.name}: ${what}`, task };
  };

  const newName = (store: ProjectStore, name: string): void => {
    if (store.findDataset({ name })) throw new UserError('dataset_exists', `The project already has a dataset named "${name}". Choose another name.`, { dataset: name });
  };

  return {
    calls: {
      'file.inspect': (req) => {
        const file = host.sourceFile(req.source);
        return inWorker({ kind: 'data.inspect', path: file.path, label: file.label });
      },
      'file.chooseSavePath': async (req) => ({ path: await host.chooseSavePath(req.suggestedName, req.extensions) }),
      'dataset.recipe': (req) => readRecipe(host.project(), req.datasetId),
      'dataset.setPanel': (req) => setPanel(host.project(), req.datasetId, req.panel),
      'dataset.panelDiagnostics': (req) => {
        const store = host.project();
        store.getDataset(req.datasetId);
        if (req.unit === req.time) throw new UserError('bad_option', 'The unit and the time must be different columns.', { column: req.unit });
        return inWorker({ kind: 'data.panel', projectPath: store.path, ...req });
      },
      'dataset.summaryTable': (req) => {
        const store = host.project();
        store.getDataset(req.datasetId);
        return inWorker({ kind: 'data.summary', projectPath: store.path, ...req });
      },
      'dataset.frequency': (req) => {
        const store = host.project();
        store.getDataset(req.datasetId);
        return inWorker({ kind: 'data.frequency', projectPath: store.path, ...req });
      },
    },
    jobs: {
      'dataset.transform': (req) => jobOn(req.datasetId, req.step.op, { kind: 'data.transform', projectPath: host.project().path, ...req }),
      'dataset.undo': (req) => jobOn(req.datasetId, 'undo', { kind: 'data.undo', projectPath: host.project().path, ...req }),
      'dataset.replay': (req) => jobOn(req.datasetId, 'replay', { kind: 'data.replay', projectPath: host.project().path, ...req }),
      'dataset.merge': (req) => {
        const store = host.project();
        const using = store.getDataset(req.using);
        newName(store, req.name);
        return jobOn(req.datasetId, `merge with ${using.name}`, { kind: 'data.merge', projectPath: store.path, ...req });
      },
      'dataset.append': (req) => {
        const store = host.project();
        for (const id of req.others) store.getDataset(id);
        newName(store, req.name);
        return jobOn(req.datasetId, 'append', { kind: 'data.append', projectPath: store.path, ...req });
      },
      'dataset.export': (req) => {
        const store = host.project();
        const dataset = store.getDataset(req.datasetId);
        const options = { datasetId: req.datasetId, format: req.format, encoding: req.encoding, useValueLabels: req.useValueLabels };
        if (req.path) {
          const path = resolve(req.path);
          return { kind: 'data', target: `${dataset.name}: export to ${basename(path)}`, task: { kind: 'data.export', projectPath: store.path, ...options, path, file: basename(path), downloadUrl: null } };
        }
        const spot = host.downloads.reserve(exportFileName(dataset.name, req.format));
        return {
          kind: 'data',
          target: `${dataset.name}: export to ${spot.name}`,
          task: { kind: 'data.export', projectPath: store.path, ...options, path: spot.path, file: spot.name, downloadUrl: spot.url },
          onDone: () => host.downloads.ready(spot.id),
        };
      },
    },
  };
}
