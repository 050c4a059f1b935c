/**
 * The IPC contract between the renderer and the Node side (docs/ipc.md). Every channel is
 * declared once here with its request and response schema and its kind:
 *
 * - `call`: request → response.
 * - `job`: request → `{jobId}` at once, then job events (progress …, then exactly one of
 *   done / failed / cancelled); the `response` schema is the payload of `done`.
 *
 * Both shells (Electron IPC and the browser host's WebSocket) carry the same messages; the
 * service layer (main/service) validates every request against these schemas before it acts,
 * and answers failures as `{code, message, details}`.
 */
import { z } from 'zod';
import { analysisSpec } from './specs/index';
import { variableSummary } from './specs/describe';
import { dataChannels } from './contract-data';
import { publishChannels } from './contract-publish';
import {
  analysisInfo,
  appInfo,
  dataSource,
  datasetInfo,
  errorInfo,
  importOptions,
  importReport,
  projectInfo,
  recentProject,
  runLogEntry,
  settings,
  storedResult,
  language,
} from './domain';

export * from './domain';

interface ChannelDef<K extends 'call' | 'job', Req extends z.ZodType, Res extends z.ZodType> {
  kind: K;
  request: Req;
  response: Res;
}

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelDef<'call', Req, Res> {
  return { kind: 'call', request, response };
}

function job<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelDef<'job', Req, Res> {
  return { kind: 'job', request, response };
}

const empty = z.object({}).strict();
const id = z.string().min(1);
const filePath = z.string().min(1);
/** Dataset names are used in analysis specs (`data`) and shown in lists. */
const datasetName = z.string().trim().min(1).max(200);

/** Paging through a dataset for the virtual grid: at most this many rows per request. */
export const MAX_PAGE_ROWS = 5000;

export const cell = z.union([z.number(), z.string(), z.null()]);
export type Cell = z.infer<typeof cell>;

export const channels = {
  'app.info': call(empty, appInfo),

  /** Creates and opens a project; without `path` it goes to appInfo.projectsDir/<name>.causeway. */
  'project.new': call(z.object({ name: z.string().trim().min(1).max(200), path: filePath.optional() }).strict(), projectInfo),
  'project.open': call(z.object({ path: filePath }).strict(), projectInfo),
  'project.close': call(empty, z.object({ closed: z.boolean() })),
  /** Copies the open project to `path` atomically and continues there. */
  'project.saveAs': call(z.object({ path: filePath, overwrite: z.boolean().optional() }).strict(), projectInfo),
  'project.info': call(empty, z.object({ project: projectInfo.nullable() })),
  'project.recent': call(empty, z.object({ projects: z.array(recentProject) })),
  /** Creates (or re-opens) the synthetic demo project and opens it. */
  'project.createDemo': call(z.object({ path: filePath.optional() }).strict(), projectInfo),
  'project.log': call(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(), z.object({ entries: z.array(runLogEntry) })),

  'dataset.list': call(empty, z.object({ datasets: z.array(datasetInfo) })),
  'dataset.import': job(
    z.object({ source: dataSource, name: datasetName.optional(), options: importOptions.optional() }).strict(),
    z.object({ dataset: datasetInfo, report: importReport }),
  ),
  /** A page of rows, column by column (`values[j][i]` is row offset+i of columns[j]). */
  'dataset.rows': call(
    z
      .object({
        datasetId: id,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(MAX_PAGE_ROWS),
        columns: z.array(z.string()).optional(),
      })
      .strict(),
    z.object({ datasetId: z.string(), nrow: z.number().int(), offset: z.number().int(), columns: z.array(z.string()), values: z.array(z.array(cell)) }),
  ),
  /** Column summaries (N, missing, mean, SD, min, max, distinct …) from the `describe` model. */
  'dataset.summary': call(
    z.object({ datasetId: id, columns: z.array(z.string()).optional() }).strict(),
    z.object({ datasetId: z.string(), nrow: z.number().int(), variables: z.array(variableSummary) }),
  ),
  'dataset.delete': call(z.object({ datasetId: id }).strict(), z.object({ datasetId: z.string() })),
  'dataset.rename': call(z.object({ datasetId: id, name: datasetName }).strict(), datasetInfo),

  'analysis.list': call(empty, z.object({ analyses: z.array(analysisInfo) })),
  'analysis.get': call(z.object({ analysisId: id }).strict(), z.object({ analysis: analysisInfo, result: storedResult.nullable() })),
  /** Stores a spec without running it (a new analysis, or an update of `analysisId`). */
  'analysis.save': call(z.object({ analysisId: id.optional(), name: z.string().trim().min(1).max(200).optional(), spec: analysisSpec }).strict(), analysisInfo),
  /** Runs a spec on the project dataset named by `spec.data` and stores the result. */
  'analysis.run': job(
    z.object({ analysisId: id.optional(), name: z.string().trim().min(1).max(200).optional(), spec: analysisSpec }).strict(),
    z.object({ analysis: analysisInfo, result: storedResult }),
  ),
  'analysis.delete': call(z.object({ analysisId: id }).strict(), z.object({ analysisId: z.string() })),

  'job.cancel': call(z.object({ jobId: id }).strict(), z.object({ cancelled: z.boolean() })),

  'settings.get': call(empty, settings),
  'settings.set': call(z.object({ language: language.nullable().optional(), demoOffered: z.boolean().optional() }).strict(), settings),

  ...dataChannels,
  ...publishChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type CallChannel = { [C in ChannelName]: Channels[C]['kind'] extends 'call' ? C : never }[ChannelName];
export type JobChannel = { [C in ChannelName]: Channels[C]['kind'] extends 'job' ? C : never }[ChannelName];
/** What a client sends (defaults may be omitted). */
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
/** What a handler receives after validation. */
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
/** A call's response, or a job's result (the payload of its `done` event). */
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** The immediate answer to a job channel. */
export const jobStarted = z.object({ jobId: z.string() });
export type JobStarted = z.infer<typeof jobStarted>;

export const jobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job.progress'), jobId: z.string(), fraction: z.number().min(0).max(1), message: z.string().optional() }),
  z.object({ type: z.literal('job.done'), jobId: z.string(), result: z.unknown() }),
  z.object({ type: z.literal('job.failed'), jobId: z.string(), error: errorInfo }),
  z.object({ type: z.literal('job.cancelled'), jobId: z.string() }),
]);
export type JobEvent = z.infer<typeof jobEvent>;

/** The answer to one request, in both shells: ok + result, or a typed error. */
export const reply = z.union([z.object({ ok: z.literal(true), result: z.unknown() }), z.object({ ok: z.literal(false), error: errorInfo })]);
export type Reply = z.infer<typeof reply>;

/** WebSocket, client → host. `id` pairs the reply with its request. */
export const wsRequest = z.object({ kind: z.literal('request'), id: z.number().int().nonnegative(), channel: z.string(), payload: z.unknown() }).strict();
export type WsRequest = z.infer<typeof wsRequest>;

/** WebSocket, host → client: a reply to request `id`, or a job event. */
export const wsMessage = z.union([
  z.object({ kind: z.literal('reply'), id: z.number().int(), reply }),
  z.object({ kind: z.literal('event'), event: jobEvent }),
]);
export type WsMessage = z.infer<typeof wsMessage>;

/** Electron: ipcRenderer.invoke(IPC_REQUEST, {channel, payload}) → Reply; events arrive on IPC_EVENT. */
export const IPC_REQUEST = 'causeway:request';
export const IPC_EVENT = 'causeway:event';
export const ipcRequest = z.object({ channel: z.string(), payload: z.unknown() }).strict();

/** Browser host endpoints. The token travels as `?token=` on the page URL, then as a cookie or header. */
/** GET `${download}/<id>` serves a file the service prepared for download (data exports, …). */
export const HOST_PATHS = { socket: '/ws', upload: '/upload', download: '/download' } as const;
export const TOKEN_HEADER = 'x-causeway-token';
/** POST /upload: raw file bytes as the body, the file's name (URI-encoded) in this header. */
export const UPLOAD_NAME_HEADER = 'x-causeway-filename';
export const uploadResponse = z.object({ uploadId: z.string(), name: z.string(), size: z.number().int() });
export type UploadResponse = z.infer<typeof uploadResponse>;
