// Columns of the Runs table: what each shows and how it sorts.
import type { RunRow, RunStatus } from '@shared/api'
import { runDurationMs } from './format'
import { devFinal, egFinals, keyParams } from './runParams'

export type ColumnKind = 'text' | 'mono' | 'num' | 'date' | 'duration' | 'status' | 'tags' | 'engine'

export interface RunColumn {
  key: string
  label: string
  /** tooltip of the header */
  title: string
  width: number
  kind: ColumnKind
  value(run: RunRow, now: number): unknown
}

const STATUS_ORDER: Record<RunStatus, number> = {
  running: 0,
  queued: 1,
  completed: 2,
  diverged: 3,
  failed: 4,
  cancelled: 5,
  interrupted: 6
}

const param = (key: keyof ReturnType<typeof keyParams>) => (run: RunRow) => keyParams(run)[key]

export const RUN_COLUMNS: RunColumn[] = [
  { key: 'name', label: 'Name', title: 'Run name (or id)', width: 220, kind: 'text', value: (r) => r.name || r.id },
  { key: 'engine', label: 'Engine', title: 'Engine', width: 68, kind: 'engine', value: (r) => r.engine },
  { key: 'status', label: 'Status', title: 'Status; progress and ETA while running', width: 150, kind: 'status', value: (r) => STATUS_ORDER[r.status] ?? 9 },
  { key: 'created', label: 'Created', title: 'Created at (local time)', width: 128, kind: 'date', value: (r) => r.createdAt },
  { key: 'duration', label: 'Duration', title: 'Wall time', width: 80, kind: 'duration', value: (r, now) => runDurationMs(r.startedAt, r.finishedAt, now) },
  { key: 'N', label: 'N', title: 'Input dimension N', width: 52, kind: 'num', value: param('N') },
  { key: 'D', label: 'D', title: 'Latent dimension D (δ = D/N)', width: 52, kind: 'num', value: param('D') },
  { key: 'K', label: 'K', title: 'Student hidden units K', width: 34, kind: 'num', value: param('K') },
  { key: 'M', label: 'M', title: 'Teacher hidden units M', width: 34, kind: 'num', value: param('M') },
  { key: 'P', label: 'P', title: 'Training examples P (linear engine; α = P/N)', width: 48, kind: 'num', value: param('P') },
  { key: 'latent', label: 'Latent', title: 'Latent distribution', width: 74, kind: 'text', value: param('latent') },
  { key: 'alpha', label: 'α', title: 'Mixture spread α', width: 46, kind: 'num', value: param('alpha') },
  { key: 'm', label: 'm', title: 'Mixture components m', width: 34, kind: 'num', value: param('m') },
  { key: 'std', label: 'Std.', title: 'Standardisation of the latents', width: 58, kind: 'text', value: param('std') },
  { key: 'eta', label: 'η', title: 'Learning rate η', width: 52, kind: 'num', value: param('eta') },
  { key: 'seed', label: 'Seed', title: 'Seed', width: 56, kind: 'num', value: (r) => r.seed },
  { key: 'egSgd', label: 'ε_g SGD', title: 'Final generalisation error, SGD', width: 76, kind: 'num', value: (r) => egFinals(r).sgd },
  { key: 'egOde', label: 'ε_g ODE', title: 'Final generalisation error, ODE theory', width: 76, kind: 'num', value: (r) => egFinals(r).ode },
  { key: 'egLinear', label: 'ε_g lin.', title: 'Final generalisation error, linear (Advani & Saxe)', width: 76, kind: 'num', value: (r) => egFinals(r).linear },
  { key: 'dev', label: 'Δε', title: '|ε_SGD − ε_ODE| at t_max', width: 70, kind: 'num', value: devFinal },
  { key: 'tags', label: 'Tags', title: 'Tags', width: 180, kind: 'tags', value: (r) => r.tags.join(' ') || undefined }
]

export const SELECT_WIDTH = 30

export function columnTemplate(columns: readonly RunColumn[]): string {
  return `${SELECT_WIDTH}px ` + columns.map((c) => `${c.width}px`).join(' ')
}

export function totalWidth(columns: readonly RunColumn[]): number {
  return SELECT_WIDTH + columns.reduce((s, c) => s + c.width, 0)
}
