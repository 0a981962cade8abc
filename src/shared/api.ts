// The one API of the lab. Every transport (Electron IPC, HTTP/WebSocket for `lab serve`, the
// CLI) calls the same handlers with arguments parsed by these schemas, and the renderer sees
// it as the typed `LabApi` below.
import { z } from 'zod'
import { parseRunQuery, QuerySyntaxError, MAX_QUERY_LENGTH, isColumnKey, groupField } from './query'
import { clusterApiArgs, type ClusterApiResults } from './cluster'

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'diverged', 'interrupted'] as const
export const RunStatus = z.enum(RUN_STATUSES)
export type RunStatus = z.infer<typeof RunStatus>
/** States a run never leaves. */
export const FINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'diverged', 'interrupted']

const runId = z.string().min(1).max(64)
/** `--set path=value` overrides */
const overrides = z.array(z.string().min(1).max(100_000)).max(100).default([])

/** A query in the run query language (src/shared/query/parse.ts); a malformed one names its column. */
const RunQueryText = z
  .string()
  .max(MAX_QUERY_LENGTH)
  .superRefine((text, ctx) => {
    try {
      parseRunQuery(text)
    } catch (e) {
      if (!(e instanceof QuerySyntaxError)) throw e
      ctx.addIssue({ code: 'custom', message: e.message })
    }
  })

/** A column of the Runs table (src/shared/query/fields.ts), or any spec or summary value: 'spec:train.lr', 'summary:sgd.egFinal'. */
const ColumnKey = z
  .string()
  .max(200)
  .refine(isColumnKey, { error: (iss) => `'${String(iss.input).slice(0, 60)}' is not a column: use a column of the runs table, spec:<path> or summary:<path>` })

export const RunFilter = z.strictObject({
  /** the run query language: free words, key=value, key<value, tag:x, -word, … */
  text: RunQueryText.optional(),
  status: z.array(RunStatus).max(RUN_STATUSES.length).optional(),
  engine: z.array(z.string().max(64)).max(100).optional(),
  tag: z.string().max(64).optional(),
  sweepId: z.string().max(64).optional(),
  limit: z.number().int().positive().max(100_000).default(10_000),
  offset: z.number().int().nonnegative().default(0),
  /** a column of the Runs table, or 'spec:<path>' / 'summary:<path>' (src/shared/query/fields.ts); default: newest first */
  sort: ColumnKey.optional(),
  dir: z.enum(['asc', 'desc']).default('desc')
})
export type RunFilter = z.input<typeof RunFilter>

/** One page of the runs list: the filter's rows from offset, and how many match in all. */
export const RunPageArgs = RunFilter.extend({
  limit: z.number().int().nonnegative().max(2_000).default(200),
  /** also count the whole archive by status and engine, and list its tags (filter chips) */
  facets: z.boolean().default(false),
  /** group by this column: rows come ordered by its value first, and the page lists every group with its count */
  groupBy: ColumnKey.refine((k) => groupField(k) !== null, { message: 'runs cannot be grouped by tags, duration or this column' }).optional()
})

export const ExportFormat = z.enum(['csv', 'json', 'npy'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** Arguments of every API method: one schema per thing, reused by IPC, HTTP and CLI. */
export const apiArgs = {
  listRuns: RunFilter.default({ limit: 10_000, offset: 0, dir: 'desc' }),
  /** the runs list in pages, with the total count (the Runs view) */
  pageRuns: RunPageArgs.default({ limit: 200, offset: 0, dir: 'desc', facets: false }),
  getRun: z.strictObject({ id: runId }),
  listSeries: z.strictObject({ id: runId }),
  getSeries: z.strictObject({ id: runId, names: z.array(z.string().max(200)).max(10_000).optional() }),
  /** the run's row and every series, read at one instant: row.lastT is the t of the last point in them (the live Run view) */
  getRunSeries: z.strictObject({ id: runId }),
  listArtifacts: z.strictObject({ id: runId }),
  /** spec: a run spec (validated by parseRunSpec); or a preset id with optional overrides path=value */
  createRun: z.union([
    z.strictObject({ spec: z.unknown(), preset: z.undefined().optional(), set: overrides }),
    z.strictObject({ preset: z.string().min(1).max(200), spec: z.undefined().optional(), set: overrides })
  ]),
  /** sweep: a SweepSpec (src/shared/sweep.ts), validated by its own schema */
  createSweep: z.strictObject({ sweep: z.unknown() }),
  /** start any preset in one call: kind run/study → one run (createRun), kind sweep → createSweep; set: path=value overrides (for a sweep: of its base spec) */
  startPreset: z.strictObject({ id: z.string().min(1).max(200), set: overrides }),
  /** re-run a stored run's spec, with the same seed or a new one */
  rerun: z.strictObject({ id: runId, seed: z.number().int().nonnegative().max(2 ** 32 - 1).optional() }),
  cancelRun: z.strictObject({ id: runId }),
  deleteRun: z.strictObject({ id: runId }),
  renameRun: z.strictObject({ id: runId, name: z.string().max(200) }),
  setTags: z.strictObject({ id: runId, tags: z.array(z.string().min(1).max(64)).max(100) }),
  setNotes: z.strictObject({ id: runId, notes: z.string().max(100_000) }),
  exportRun: z.strictObject({ id: runId, format: ExportFormat }),
  listPresets: z.strictObject({}).default({}),
  listSweeps: z.strictObject({}).default({}),
  getSweep: z.strictObject({ id: runId }),
  validateSpec: z.strictObject({ spec: z.unknown() }),
  /** one stored artifact (matrix) as base64 float64, optionally only its first `rows` rows */
  getArtifact: z.strictObject({ id: runId, name: z.string().min(1).max(200), rows: z.number().int().positive().max(1_000_000).optional() }),
  /** digits of a completed mnist-fit run: originals, reconstructions f(CF/√D), KDE samples (bytes, base64) */
  mnistPreview: z.strictObject({ id: runId, count: z.number().int().positive().max(400).default(24), seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(0) }),
  /** cluster bundles: exportSweepBundle, bundleStatus, submitBundle, importBundle (src/shared/cluster.ts) */
  ...clusterApiArgs
} as const
export type ApiMethod = keyof typeof apiArgs
export const API_METHODS = Object.keys(apiArgs) as ApiMethod[]

export interface RunRow {
  id: string
  name: string
  engine: string
  /** the parsed spec (defaults filled in) */
  spec: Record<string, unknown>
  seed: number
  status: RunStatus
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  error: string | null
  tags: string[]
  notes: string
  summary: Record<string, unknown>
  sweepId: string | null
  /** the point of its sweep: canonical JSON of the axis coordinates (see expandSweep), null outside a sweep */
  sweepKey?: string | null
  /** fraction done in [0, 1], last known */
  progress: number | null
  /** the time t of the last point recorded (not of progress between record times) */
  lastT: number | null
  /** the lab that made the run (package version); '0.1.0' for runs older than provenance */
  labVersion: string | null
  /** the engine's version (src/shared/versions.ts): equal spec and versions ⇒ bit-identical curves */
  engineVersion: number | null
}

/** A run and its series from one read of the archive (nothing is stored between the two). */
export interface RunSeries {
  run: RunRow
  series: SeriesData[]
}

export interface RunPage {
  runs: RunRow[]
  /** rows matching the filter, in all */
  total: number
  offset: number
  /** with groupBy: every group of the filtered runs, in the order the rows come, with its count */
  groups?: { value: string | number | null; count: number }[]
  /** counts over the whole archive (when asked) */
  facets?: { total: number; status: Record<string, number>; engine: Record<string, number>; tags: string[] }
}

export interface SeriesData {
  name: string
  t: number[]
  /** NaN is sent as null */
  value: (number | null)[]
}

export interface ArtifactInfo {
  name: string
  dtype: string
  shape: number[]
}

export interface Preset {
  id: string
  title: string
  description: string
  kind: 'run' | 'sweep' | 'study'
  spec: unknown
}

/** What startPreset started: one run, or a sweep with its newly queued runs. */
export type StartedPreset =
  | { kind: 'run' | 'study'; run: RunRow }
  | { kind: 'sweep'; sweep: SweepRow; runs: RunRow[]; skipped: number }

export interface SweepRow {
  id: string
  name: string
  spec: Record<string, unknown>
  createdAt: string
  runIds: string[]
}

export interface ExportFile {
  name: string
  mime: string
  /** text, or base64 for binary content */
  text?: string
  base64?: string
}

export interface FieldIssue {
  path: string
  message: string
}

/** An artifact's values: row-major float64, little-endian, base64. */
export interface ArtifactData {
  name: string
  /** shape of the data sent (rows cut to `rows` if asked) */
  shape: number[]
  /** shape as stored */
  fullShape: number[]
  base64: string
}

/** Digit grids of a pseudo-real fit (bytes 0..255, row-major count × rows·cols, base64). */
export interface MnistPreview {
  count: number
  rows: number
  cols: number
  /** digits of the fitted images shown */
  labels: number[]
  /** the original images, or null when the IDX files cannot be read any more (originalsError says why) */
  originals: string | null
  originalsError: string | null
  /** f(c_p F/√D) of the same images */
  reconstructions: string
  /** f(cF/√D) of KDE samples c, with the digit of the picked row */
  samples: string
  sampleLabels: number[]
}

export type ValidateResult = { ok: true; spec: Record<string, unknown> } | { ok: false; issues: FieldIssue[] }

export interface ApiResults extends ClusterApiResults {
  listRuns: RunRow[]
  pageRuns: RunPage
  getRun: RunRow
  listSeries: string[]
  getSeries: SeriesData[]
  getRunSeries: RunSeries
  listArtifacts: ArtifactInfo[]
  createRun: RunRow
  createSweep: { sweep: SweepRow; runs: RunRow[]; skipped: number }
  startPreset: StartedPreset
  rerun: RunRow
  cancelRun: RunRow
  deleteRun: { id: string }
  renameRun: RunRow
  setTags: RunRow
  setNotes: RunRow
  exportRun: ExportFile[]
  listPresets: Preset[]
  listSweeps: SweepRow[]
  getSweep: SweepRow
  validateSpec: ValidateResult
  getArtifact: ArtifactData
  mnistPreview: MnistPreview
}

/** Live news from the runner, fanned out to every listener. */
export type LabEvent =
  | {
      type: 'progress'
      runId: string
      fraction: number
      t: number | null
      phase: string | null
      /** latest values of a few headline series (e.g. sgd/eg, ode/eg) */
      metrics: Record<string, number>
      etaSeconds: number | null
    }
  | { type: 'status'; runId: string; status: RunStatus; error: string | null }
  | { type: 'created'; runId: string }
  | { type: 'deleted'; runId: string }
  | { type: 'updated'; runId: string }

export type LabApi = {
  [K in ApiMethod]: (arg: z.input<(typeof apiArgs)[K]>) => Promise<ApiResults[K]>
} & {
  /** subscribe to live events; returns the unsubscribe function */
  subscribe(listener: (event: LabEvent) => void): () => void
}

/** The reply envelope every transport uses, turned back into a real error on the client. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string; issues?: FieldIssue[]; code?: string } }

/** An API error as the client sees it. */
export class ApiError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly code?: string
  ) {
    super(message)
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value
  throw new ApiError(envelope.error.name, envelope.error.message, envelope.error.issues ?? [], envelope.error.code)
}
