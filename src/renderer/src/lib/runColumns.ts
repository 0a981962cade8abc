// Columns of the Runs table: what each shows and how it sorts. The fixed columns below, plus any
// spec parameter ('spec:<path>') or summary metric ('summary:<key>') picked in the column picker;
// the store sorts and groups by the same keys (src/shared/query/fields.ts columnField).
import type { RunRow, RunStatus } from '@shared/api'
import { ENGINE_OUTPUTS } from '@shared/outputs'
import { paramSymbol } from '@shared/paramLabels'
import { runDurationMs } from './format'
import { devFinal, egFinals, getPath, keyParams } from './runParams'

/** 'auto': a picked spec or summary value, shown as a number when it is one */
export type ColumnKind = 'text' | 'mono' | 'num' | 'date' | 'duration' | 'status' | 'tags' | 'engine' | 'auto'

export interface RunColumn {
  key: string
  label: string
  /** tooltip of the header */
  title: string
  width: number
  kind: ColumnKind
  value(run: RunRow, now: number): unknown
  /** can rows be grouped by it (one value per run) */
  groupable?: boolean
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
  { key: 'name', label: 'Name', title: 'Run name (or id)', width: 220, kind: 'text', value: (r) => r.name || r.id, groupable: true },
  { key: 'engine', label: 'Engine', title: 'Engine', width: 68, kind: 'engine', value: (r) => r.engine },
  { key: 'status', label: 'Status', title: 'Status; progress and ETA while running', width: 106, kind: 'status', value: (r) => STATUS_ORDER[r.status] ?? 9 },
  { key: 'created', label: 'Created', title: 'Created at (local time)', width: 128, kind: 'date', value: (r) => r.createdAt },
  { key: 'duration', label: 'Duration', title: 'Wall time', width: 80, kind: 'duration', value: (r, now) => runDurationMs(r.startedAt, r.finishedAt, now) },
  { key: 'N', label: 'N', title: 'Input dimension N', width: 52, kind: 'num', value: param('N') },
  { key: 'D', label: 'D', title: 'Latent dimension D (δ = D/N)', width: 52, kind: 'num', value: param('D') },
  { key: 'K', label: 'K', title: 'Student hidden units K', width: 32, kind: 'num', value: param('K') },
  { key: 'M', label: 'M', title: 'Teacher hidden units M', width: 34, kind: 'num', value: param('M') },
  { key: 'P', label: 'P', title: 'Training examples P (linear engine; α = P/N)', width: 48, kind: 'num', value: param('P') },
  { key: 'latent', label: 'Latent', title: 'Latent distribution', width: 66, kind: 'text', value: param('latent') },
  { key: 'alpha', label: 'α', title: 'Mixture spread α', width: 44, kind: 'num', value: param('alpha') },
  { key: 'm', label: 'm', title: 'Mixture components m', width: 34, kind: 'num', value: param('m') },
  { key: 'std', label: 'Std.', title: 'Standardisation of the latents', width: 56, kind: 'text', value: param('std') },
  { key: 'eta', label: 'η', title: 'Learning rate η', width: 50, kind: 'num', value: param('eta') },
  { key: 'seed', label: 'Seed', title: 'Seed', width: 52, kind: 'num', value: (r) => r.seed },
  { key: 'egSgd', label: 'ε_g SGD', title: 'Final generalisation error, SGD', width: 72, kind: 'num', value: (r) => egFinals(r).sgd },
  { key: 'egOde', label: 'ε_g ODE', title: 'Final generalisation error, ODE theory', width: 72, kind: 'num', value: (r) => egFinals(r).ode },
  { key: 'egLinear', label: 'ε_g lin.', title: 'Final generalisation error, linear (Advani & Saxe)', width: 76, kind: 'num', value: (r) => egFinals(r).linear },
  { key: 'dev', label: 'Δε', title: '|ε_SGD − ε_ODE| at t_max', width: 74, kind: 'num', value: devFinal },
  { key: 'tags', label: 'Tags', title: 'Tags', width: 150, kind: 'tags', value: (r) => r.tags.join(' ') || undefined }
]

for (const c of RUN_COLUMNS) if (['engine', 'status', 'N', 'D', 'K', 'M', 'P', 'latent', 'alpha', 'm', 'std', 'eta', 'seed'].includes(c.key)) c.groupable = true

/** Shown until the user picks: fits 1440 px beside the sidebar and the inspector, ε_g included. */
export const DEFAULT_COLUMNS = ['name', 'status', 'N', 'K', 'latent', 'alpha', 'std', 'eta', 'seed', 'egSgd', 'egOde', 'dev'] as const

const FIXED = new Map(RUN_COLUMNS.map((c) => [c.key, c]))

/** Human names of summary metrics (the keys of src/shared/outputs); others show their key. */
const METRIC_LABELS: Record<string, string> = {
  'sgd.egFinal': 'ε_g SGD',
  'ode.egFinal': 'ε_g ODE',
  egFinal: 'ε_g',
  'dev.eg.final': 'Δε final',
  'dev.eg.meanLate': 'Δε late mean',
  'dev.eg.maxLate': 'Δε late max',
  'dev.v.final': 'Δv final',
  'dev.v.meanLate': 'Δv late mean',
  'dev.v.maxLate': 'Δv late max',
  'dev.logratio.final': '|log ε ratio| final',
  'dev.logratio.meanLate': '|log ε ratio| late mean',
  'dev.logratio.maxLate': '|log ε ratio| late max',
  'sgd.diverged': 'SGD diverged',
  mu1: 'μ₁',
  mu2: 'μ₂',
  delta: 'δ = D/N'
}
export const metricLabel = (key: string): string => METRIC_LABELS[key] ?? key

/** A column for any key: a fixed one, 'spec:<path>' (a parameter) or 'summary:<key>' (a metric). */
export function columnFor(key: string): RunColumn | null {
  const fixed = FIXED.get(key)
  if (fixed) return fixed
  const m = /^(spec|summary):(.+)$/.exec(key)
  if (!m) return null
  const path = m[2]
  if (m[1] === 'spec') {
    const label = paramSymbol(path)
    return { key, label, title: `spec ${path}`, width: Math.max(56, Math.min(120, 16 + 7 * label.length)), kind: 'auto', value: (r) => getPath(r.spec, path), groupable: true }
  }
  const label = metricLabel(path)
  return { key, label, title: `summary ${path}`, width: Math.max(64, Math.min(130, 16 + 7 * label.length)), kind: 'auto', value: (r) => getPath(r.summary, path), groupable: true }
}

export function columnsFor(keys: readonly string[]): RunColumn[] {
  const cols = keys.map(columnFor).filter((c): c is RunColumn => c !== null)
  // the name column is always there, first (it stays in view when scrolling sideways)
  return cols.some((c) => c.key === 'name') ? [FIXED.get('name')!, ...cols.filter((c) => c.key !== 'name')] : [FIXED.get('name')!, ...cols]
}

/** Every leaf parameter path of the given specs (numbers, text, yes/no), sorted; name/notes/tags left out. */
export function specPaths(specs: readonly unknown[]): string[] {
  const out = new Set<string>()
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 6) return
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, depth + 1)
    else if (path && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) out.add(path)
  }
  for (const s of specs) walk(s, '', 0)
  for (const skip of ['name', 'notes', 'engine']) out.delete(skip)
  return [...out].filter((p) => !p.startsWith('tags')).sort()
}

/** The summary metrics the engines declare (src/shared/outputs), for the given engines. */
export function summaryKeys(engines: readonly string[]): string[] {
  const out = new Set<string>()
  for (const e of engines) {
    const outputs = (ENGINE_OUTPUTS as Record<string, { summary: { shape: Record<string, unknown> } }>)[e]
    if (outputs) for (const k of Object.keys(outputs.summary.shape)) out.add(k)
  }
  return [...out].sort()
}

export const SELECT_WIDTH = 30

/** The grid of a row: the name column takes what is left when the table is narrower than the view. */
export function columnTemplate(columns: readonly RunColumn[]): string {
  return `${SELECT_WIDTH}px ` + columns.map((c) => (c.key === 'name' ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ')
}

export function totalWidth(columns: readonly RunColumn[]): number {
  return SELECT_WIDTH + columns.reduce((s, c) => s + c.width, 0)
}
