// Sweeps as the Sweeps view reads them: the axes of a stored sweep spec, each run's coordinates
// (from its sweep key, the canonical JSON of its point — see src/shared/sweep.ts), progress, and
// deviation maps: a deviation summary (MATH.md §6) averaged over every axis not shown (seeds…),
// on a grid of two chosen axes, one panel per value of a third (the standardisation).

import type { DeviationKey } from '@shared/outputs/twoLayer'
import { canonicalJson } from '@shared/canonicalJson'

export interface RunLike {
  id: string
  status: string
  seed: number
  spec: Record<string, unknown>
  summary: Record<string, unknown>
  sweepId: string | null
  sweepKey?: string | null
}

export interface SweepAxisInfo {
  path: string
  values: unknown[]
  /** one short label per value */
  labels: string[]
}

/** The deviation summaries of an hmm run (engine.ts), with their labels. */
export const DEVIATION_METRICS = [
  { key: 'dev.eg.final', label: 'Δε_g at t_max', short: 'Δε(t_max)' },
  { key: 'dev.eg.meanLate', label: 'Δε_g, mean over t ≥ 1', short: 'mean Δε' },
  { key: 'dev.v.meanLate', label: 'Δv = mean_k |v_k^SGD − v_k^ODE|, mean over t ≥ 1', short: 'mean Δv' },
  { key: 'dev.v.final', label: 'Δv at t_max', short: 'Δv(t_max)' },
  { key: 'dev.logratio.meanLate', label: '|log ε^SGD − log ε^ODE|, mean over t ≥ 1', short: 'mean log-ratio' },
  { key: 'dev.logratio.final', label: '|log ε^SGD − log ε^ODE| at t_max', short: 'log-ratio(t_max)' }
] as const satisfies readonly { key: DeviationKey; label: string; short: string }[]
export type DeviationMetric = (typeof DEVIATION_METRICS)[number]['key']

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x)
}

/** value at a dotted path of a plain object; undefined if absent */
export function valueAtPath(obj: unknown, path: string): unknown {
  let node = obj
  for (const k of path.split('.')) {
    if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, k)) return undefined
    node = node[k]
  }
  return node
}

const num = (x: unknown) => (typeof x === 'number' ? String(Number(x.toPrecision(6))) : String(x))

/** A short label of a latent spec, e.g. "GM(4, 1) std", "beta(2, 5)", "lorentz(0, 1)". */
export function latentLabel(l: Record<string, unknown>): string {
  const std = l.standardize && l.standardize !== 'none' ? ' std' : ''
  const p = (...keys: string[]) => keys.filter((k) => l[k] !== undefined).map((k) => num(l[k])).join(', ')
  switch (l.kind) {
    case 'mixture':
      return `GM(${p('m', 'alpha')})${l.components === 'vector' ? ' vec' : ''}${std}`
    case 'uniform':
    case 'beta':
      return `${l.kind}(${p('a', 'b')})${std}`
    case 'poisson':
      return `poisson(${p('lambda')})${std}`
    case 'laplace':
      return `laplace(${p('mu', 'b')})${std}`
    case 'pareto':
      return `pareto(${p('shape', 'scale')})${std}`
    case 'lorentz':
      return `lorentz(${p('x0', 'gamma')})${std}`
    default:
      return `${String(l.kind ?? '?')}${std}`
  }
}

/** A short label of an axis value: numbers and strings as they are, latent objects by latentLabel. */
export function valueLabel(v: unknown): string {
  if (typeof v === 'number') return num(v)
  if (typeof v === 'string' || typeof v === 'boolean') return String(v)
  if (isRecord(v) && typeof v.kind === 'string') return latentLabel(v)
  return JSON.stringify(v)
}

/** canonical JSON (sorted keys at every depth), as src/shared/sweep.ts keys points */
export const canonical = canonicalJson

/** The axes of a stored sweep spec ({ axes: [{ path, values }] }). */
export function sweepAxes(spec: Record<string, unknown>): SweepAxisInfo[] {
  const axes = Array.isArray(spec.axes) ? spec.axes : []
  return axes.filter((a): a is { path: string; values: unknown[] } => isRecord(a) && typeof a.path === 'string' && Array.isArray(a.values)).map((a) => ({ path: a.path, values: a.values, labels: a.values.map(valueLabel) }))
}

/** A run's coordinates: parsed from its sweep key, else read from its spec at the axis paths. */
export function runCoords(run: RunLike, axes: readonly SweepAxisInfo[]): Record<string, unknown> {
  if (run.sweepKey) {
    try {
      const parsed = JSON.parse(run.sweepKey)
      if (isRecord(parsed)) return parsed
    } catch {
      /* fall through */
    }
  }
  return Object.fromEntries(axes.map((a) => [a.path, valueAtPath(run.spec, a.path)]))
}

/** index of a run's value on an axis (−1 if it is none of the axis' values) */
export function axisIndex(axis: SweepAxisInfo, coords: Record<string, unknown>, run?: RunLike): number {
  const v = axis.path in coords ? coords[axis.path] : run ? valueAtPath(run.spec, axis.path) : undefined
  const key = canonical(v)
  return axis.values.findIndex((x) => canonical(x) === key)
}

export interface SweepProgress {
  total: number
  completed: number
  running: number
  queued: number
  failed: number
  /** fraction done in [0, 1] (finished runs count whole, running ones by their progress) */
  fraction: number
}

export function sweepProgress(runs: readonly (RunLike & { progress?: number | null })[]): SweepProgress {
  const count = (s: string[]) => runs.filter((r) => s.includes(r.status)).length
  const completed = count(['completed'])
  const running = count(['running'])
  const queued = count(['queued'])
  const failed = runs.length - completed - running - queued
  const done = runs.reduce((s, r) => s + (r.status === 'running' ? (r.progress ?? 0) : r.status === 'queued' ? 0 : 1), 0)
  return { total: runs.length, completed, running, queued, failed, fraction: runs.length ? done / runs.length : 0 }
}

export interface MapCell {
  mean: number | null
  /** standard error of the mean over the runs of the cell (null for one run) */
  se: number | null
  n: number
  runIds: string[]
  /** runs of the cell that are not (yet) counted: queued, running, failed, diverged */
  pending: number
}

export interface DeviationPanel {
  /** the value of the split axis ('' when there is none) */
  title: string
  rows: string[]
  cols: string[]
  /** cells[row][col] */
  cells: MapCell[][]
}

export interface MapChoice {
  x: string
  y: string
  /** split into panels by this axis ('' for one panel) */
  split: string
  metric: string
}

/**
 * Default choice: x = latent.alpha, y = latent.m, split by latent.standardize where they are axes
 * (else the first axes that are not the seed); the metric is mean Δv unless `varying` (the
 * deviation keys whose values differ between runs) says it is constant — Δv is 0 when v is not
 * trained — then the first deviation metric that varies.
 */
export function defaultMapChoice(axes: readonly SweepAxisInfo[], varying?: ReadonlySet<string>): MapChoice {
  const paths = axes.map((a) => a.path)
  const pick = (want: string, not: string[]) => (paths.includes(want) && !not.includes(want) ? want : (paths.find((p) => !not.includes(p) && p !== 'seed') ?? ''))
  const x = pick('latent.alpha', [])
  const y = pick('latent.m', [x])
  const split = paths.includes('latent.standardize') && ![x, y].includes('latent.standardize') ? 'latent.standardize' : ''
  const preferred: DeviationKey = 'dev.v.meanLate'
  const metric = !varying || varying.has(preferred) ? preferred : (DEVIATION_METRICS.find((m) => varying.has(m.key))?.key ?? preferred)
  return { x, y, split, metric }
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * One panel per value of the split axis, a grid of (y, x) cells, each the mean of the metric over
 * its completed runs (all other axes — seeds, … — averaged over). An axis path that is not an axis
 * of the sweep gives one row/column.
 */
export function deviationMaps(runs: readonly RunLike[], axes: readonly SweepAxisInfo[], choice: MapChoice): DeviationPanel[] {
  const one: SweepAxisInfo = { path: '', values: [undefined], labels: [''] }
  const find = (p: string) => axes.find((a) => a.path === p) ?? one
  const xa = find(choice.x)
  const ya = find(choice.y)
  const sa = find(choice.split)
  const acc = sa.values.map(() => ya.values.map(() => xa.values.map(() => ({ xs: [] as number[], ids: [] as string[], pending: 0 }))))
  for (const run of runs) {
    const c = runCoords(run, axes)
    const at = (a: SweepAxisInfo) => (a === one ? 0 : axisIndex(a, c, run))
    const [si, yi, xi] = [at(sa), at(ya), at(xa)]
    if (si < 0 || yi < 0 || xi < 0) continue
    const cell = acc[si][yi][xi]
    cell.ids.push(run.id)
    const v = run.summary[choice.metric]
    if (run.status === 'completed' && finite(v)) cell.xs.push(v)
    else cell.pending++
  }
  return sa.values.map((_, si) => ({
    title: sa === one ? '' : `${sa.path} = ${sa.labels[si]}`,
    rows: ya.labels,
    cols: xa.labels,
    cells: acc[si].map((row) =>
      row.map(({ xs, ids, pending }) => {
        const n = xs.length
        const mean = n ? xs.reduce((a, b) => a + b, 0) / n : null
        const se = n > 1 && mean !== null ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) / n) : null
        return { mean, se, n, runIds: ids, pending }
      })
    )
  }))
}

/** the largest finite cell mean over all panels (one colour scale for all), 0 if none */
export function mapsMax(panels: readonly DeviationPanel[]): number {
  let max = 0
  for (const p of panels) for (const row of p.cells) for (const c of row) if (c.mean !== null && c.mean > max) max = c.mean
  return max
}

// ------------------------------------------------------------------ studies

export interface ErrorCurve {
  label: string
  t: number[]
  mean: (number | null)[]
  se: (number | null)[]
}

/**
 * Curves with error bars from series named `<prefix><label>` and `<prefix><label>/se`, e.g. the
 * KL study's `kl/m=4` and `kl/m=4/se`, or the cumulant study's `Ef/relu/laplace(0,1)` (+ `/se`).
 * `theory` series (`…/theory`) are left out. Sorted by the number in the label where there is one.
 */
export function errorCurves(series: readonly { name: string; t: number[]; value: (number | null)[] }[], prefix: string): ErrorCurve[] {
  const byName = new Map(series.map((s) => [s.name, s]))
  const out: ErrorCurve[] = []
  for (const s of series) {
    if (!s.name.startsWith(prefix) || s.name.endsWith('/se') || s.name.endsWith('/theory')) continue
    const label = s.name.slice(prefix.length)
    if (!label || label.includes('/')) continue
    const se = byName.get(`${s.name}/se`)
    const seAt = new Map(se ? se.t.map((t, i) => [t, se.value[i]]) : [])
    out.push({ label, t: s.t.slice(), mean: s.value.slice(), se: s.t.map((t) => seAt.get(t) ?? null) })
  }
  const n = (l: string) => Number(/-?\d+(\.\d+)?/.exec(l)?.[0] ?? NaN)
  return out.sort((a, b) => (Number.isFinite(n(a.label)) && Number.isFinite(n(b.label)) ? n(a.label) - n(b.label) : a.label.localeCompare(b.label)))
}

/** `<stat>/<f>` groups of a cumulant study (e.g. 'Ef/relu'), from its series names */
export function cumulantGroups(names: readonly string[]): string[] {
  const groups = new Set<string>()
  for (const n of names) {
    const parts = n.split('/')
    if (parts.length >= 3 && parts[2] !== 'theory') groups.add(`${parts[0]}/${parts[1]}`)
  }
  return [...groups].sort((a, b) => (a.startsWith('Ef/') === b.startsWith('Ef/') ? a.localeCompare(b) : a.startsWith('Ef/') ? -1 : 1))
}
