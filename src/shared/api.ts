// The one API of the lab. Every transport (Electron IPC, HTTP/WebSocket for `lab serve`, the
// CLI) calls the same handlers with arguments parsed by these schemas, and the renderer sees
// it as the typed `LabApi` below.
import { z } from 'zod'
import { clusterApiArgs, type ClusterApiResults } from './cluster'

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'diverged', 'interrupted'] as const
export const RunStatus = z.enum(RUN_STATUSES)
export type RunStatus = z.infer<typeof RunStatus>
/** States a run never leaves. */
export const FINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'diverged', 'interrupted']

const runId = z.string().min(1).max(64)

export const RunFilter = z.object({
  /** full-text filter over name, engine, tags, notes and the spec */
  text: z.string().max(500).optional(),
  status: z.array(RunStatus).optional(),
  engine: z.array(z.string()).optional(),
  tag: z.string().optional(),
  sweepId: z.string().optional(),
  limit: z.number().int().positive().max(100_000).default(10_000),
  offset: z.number().int().nonnegative().default(0)
})
export type RunFilter = z.input<typeof RunFilter>

export const ExportFormat = z.enum(['csv', 'json', 'npy'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** Arguments of every API method: one schema per thing, reused by IPC, HTTP and CLI. */
export const apiArgs = {
  listRuns: RunFilter.default({ limit: 10_000, offset: 0 }),
  getRun: z.object({ id: runId }),
  listSeries: z.object({ id: runId }),
  getSeries: z.object({ id: runId, names: z.array(z.string()).optional() }),
  listArtifacts: z.object({ id: runId }),
  /** spec: a run spec (validated by parseRunSpec); or a preset id with optional overrides path=value */
  createRun: z.union([
    z.object({ spec: z.unknown(), preset: z.undefined().optional(), set: z.array(z.string()).default([]) }),
    z.object({ preset: z.string().min(1), spec: z.undefined().optional(), set: z.array(z.string()).default([]) })
  ]),
  /** sweep: a SweepSpec (src/shared/sweep.ts), validated by its own schema */
  createSweep: z.object({ sweep: z.unknown() }),
  /** start any preset in one call: kind run/study → one run (createRun), kind sweep → createSweep; set: path=value overrides (for a sweep: of its base spec) */
  startPreset: z.object({ id: z.string().min(1), set: z.array(z.string()).default([]) }),
  /** re-run a stored run's spec, with the same seed or a new one */
  rerun: z.object({ id: runId, seed: z.number().int().nonnegative().optional() }),
  cancelRun: z.object({ id: runId }),
  deleteRun: z.object({ id: runId }),
  renameRun: z.object({ id: runId, name: z.string().max(200) }),
  setTags: z.object({ id: runId, tags: z.array(z.string().min(1).max(64)) }),
  setNotes: z.object({ id: runId, notes: z.string().max(100_000) }),
  exportRun: z.object({ id: runId, format: ExportFormat }),
  listPresets: z.object({}).default({}),
  listSweeps: z.object({}).default({}),
  getSweep: z.object({ id: runId }),
  validateSpec: z.object({ spec: z.unknown() }),
  /** one stored artifact (matrix) as base64 float64, optionally only its first `rows` rows */
  getArtifact: z.object({ id: runId, name: z.string().min(1).max(200), rows: z.number().int().positive().max(1_000_000).optional() }),
  /** digits of a completed mnist-fit run: originals, reconstructions f(CF/√D), KDE samples (bytes, base64) */
  mnistPreview: z.object({ id: runId, count: z.number().int().positive().max(400).default(24), seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(0) }),
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
  /** the last recorded time t */
  lastT: number | null
  /** the lab that made the run (package version); '0.1.0' for runs older than provenance */
  labVersion: string | null
  /** the engine's version (src/shared/versions.ts): equal spec and versions ⇒ bit-identical curves */
  engineVersion: number | null
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
  getRun: RunRow
  listSeries: string[]
  getSeries: SeriesData[]
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
