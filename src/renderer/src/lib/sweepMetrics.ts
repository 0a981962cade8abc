// Any summary metric of a sweep against any swept parameter: the metrics a sweep's runs recorded
// (read through their engine's summary schema, src/shared/outputs), the swept parameters with
// their math symbols, sensible defaults (a metric that varies, never the seed as x when another
// parameter exists), and the aggregation behind the plot: one line per value of a second
// parameter, each point the mean ± sample std over the runs that share (x, line) — seeds and any
// other parameter not shown — with their count n.
import { ENGINE_OUTPUTS, summaryOf } from '@shared/outputs'
import type { EngineName } from '@shared/runSpec'
import { paramSymbol } from './diffParams'
import { summaryLabel } from './seriesNames'
import { axisIndex, runCoords, type RunLike, type SweepAxisInfo } from './sweepMaps'

export interface MetricRun extends RunLike {
  engine: string
}

/** a summary key's human name as math markup (lib/seriesNames.summaryLabel; lib/mathText renders it) */
export const metricLabel = (key: string, engine = 'hmm'): string => summaryLabel(engine, key)

/** Metrics picked first when they vary: the test error, then the SGD–ODE deviations. */
const PREFERRED = ['sgd.egFinal', 'ode.egFinal', 'dev.eg.final', 'dev.logratio.final', 'dev.eg.meanLate', 'dev.logratio.meanLate', 'dev.v.final', 'dev.v.meanLate']

const isEngine = (e: string): e is EngineName => Object.prototype.hasOwnProperty.call(ENGINE_OUTPUTS, e)

/** a completed run's finite numeric summary values, read through its engine's schema */
export function numericSummary(run: MetricRun): Record<string, number> {
  if (run.status !== 'completed' || !isEngine(run.engine)) return {}
  const typed = summaryOf(run.engine, run.summary) as Record<string, unknown>
  const out: Record<string, number> = {}
  for (const key of Object.keys(ENGINE_OUTPUTS[run.engine].summary.shape)) {
    const v = typed[key]
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v
  }
  return out
}

export interface MetricInfo {
  key: string
  label: string
  /** completed runs that recorded it as a finite number */
  n: number
  /** it takes at least two different values (relative spread above 1e-9) */
  varies: boolean
}

/** every summary metric the completed runs recorded, schema order, with whether it varies */
export function sweepMetrics(runs: readonly MetricRun[]): MetricInfo[] {
  const values = new Map<string, number[]>()
  const engineOf = new Map<string, string>()
  for (const run of runs)
    for (const [k, v] of Object.entries(numericSummary(run))) {
      ;(values.get(k) ?? values.set(k, []).get(k)!).push(v)
      if (!engineOf.has(k)) engineOf.set(k, run.engine)
    }
  return [...values].map(([key, xs]) => {
    const lo = Math.min(...xs)
    const hi = Math.max(...xs)
    return { key, label: metricLabel(key, engineOf.get(key)), n: xs.length, varies: xs.length >= 2 && hi - lo > 1e-9 * Math.max(Math.abs(lo), Math.abs(hi)) }
  })
}

export interface ParamInfo {
  path: string
  /** the paper's symbol (math markup): η, α, N, K, t_max, … */
  symbol: string
  values: unknown[]
  labels: string[]
  /** every value is a number (a value axis), else categories */
  numeric: boolean
  /** numeric, positive and spanning at least a decade: drawn on a log axis by default */
  log: boolean
  /** distinct values the runs take on this axis */
  distinct: number
}

/** the swept parameters of a sweep, with the number of distinct values its runs take */
export function sweptParams(axes: readonly SweepAxisInfo[], runs: readonly RunLike[]): ParamInfo[] {
  return axes.map((a) => {
    const seen = new Set<number>()
    for (const r of runs) {
      const i = axisIndex(a, runCoords(r, axes), r)
      if (i >= 0) seen.add(i)
    }
    const numeric = a.values.length > 0 && a.values.every((v) => typeof v === 'number' && Number.isFinite(v))
    const nums = numeric ? (a.values as number[]) : []
    const log = numeric && nums.every((v) => v > 0) && Math.max(...nums) / Math.min(...nums) >= 10
    return { path: a.path, symbol: paramSymbol(a.path), values: a.values, labels: a.labels, numeric, log, distinct: seen.size }
  })
}

export interface MetricChoice {
  metric: string
  /** the x parameter */
  x: string
  /** one line per value of this parameter ('' for one line) */
  lines: string
}

/**
 * Defaults from what the runs recorded: x is the first parameter with ≥ 2 values that is not the
 * seed (the seed only when nothing else varies); lines per the next such parameter (none if there
 * is none: the seeds are averaged over); the metric is the first preferred one that varies, else
 * any that varies, else '' — never a constant one.
 */
export function defaultMetricChoice(params: readonly ParamInfo[], metrics: readonly MetricInfo[]): MetricChoice {
  const swept = params.filter((p) => p.distinct >= 2)
  const notSeed = swept.filter((p) => p.path !== 'seed')
  const x = (notSeed[0] ?? swept[0])?.path ?? params[0]?.path ?? ''
  const lines = notSeed.find((p) => p.path !== x)?.path ?? ''
  const varying = metrics.filter((m) => m.varies)
  const metric = PREFERRED.find((k) => varying.some((m) => m.key === k)) ?? varying[0]?.key ?? ''
  return { metric, x, lines }
}

export interface MetricPoint {
  /** index of the x value on its axis */
  xi: number
  x: unknown
  xLabel: string
  mean: number
  /** sample standard deviation (n − 1 in the denominator); null for n = 1 */
  std: number | null
  n: number
  runIds: string[]
}

export interface MetricLine {
  /** the value of the lines parameter ('' for a single line) */
  label: string
  points: MetricPoint[]
}

export interface MetricAggregate {
  lines: MetricLine[]
  /** symbols of the parameters averaged over (neither x nor lines), e.g. ['seed'] */
  averagedOver: string[]
  /** completed runs without a finite value of the metric, and runs not finished */
  missing: number
}

/** mean and sample std of xs (std null for one value) */
export function meanStd(xs: readonly number[]): { mean: number; std: number | null } {
  const n = xs.length
  const mean = xs.reduce((a, b) => a + b, 0) / n
  const std = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : null
  return { mean, std }
}

/** group the runs by (lines value, x value) and take mean ± std of the metric over each group */
export function aggregateMetric(runs: readonly MetricRun[], axes: readonly SweepAxisInfo[], choice: MetricChoice): MetricAggregate {
  const xa = axes.find((a) => a.path === choice.x)
  const la = axes.find((a) => a.path === choice.lines && a.path !== choice.x)
  const averagedOver = axes.filter((a) => a !== xa && a !== la && a.values.length > 1).map((a) => paramSymbol(a.path))
  if (!xa) return { lines: [], averagedOver, missing: runs.length }
  const cells = new Map<string, { li: number; xi: number; xs: number[]; ids: string[] }>()
  let missing = 0
  for (const run of runs) {
    const c = runCoords(run, axes)
    const xi = axisIndex(xa, c, run)
    const li = la ? axisIndex(la, c, run) : 0
    const v = numericSummary(run)[choice.metric]
    if (xi < 0 || li < 0 || v === undefined) {
      missing++
      continue
    }
    const key = `${li}:${xi}`
    const cell = cells.get(key) ?? cells.set(key, { li, xi, xs: [], ids: [] }).get(key)!
    cell.xs.push(v)
    cell.ids.push(run.id)
  }
  const lineIdx = la ? la.values.map((_, i) => i) : [0]
  const lines = lineIdx
    .map((li) => ({
      label: la ? `${paramSymbol(la.path)} = ${la.labels[li]}` : '',
      points: xa.values
        .map((x, xi) => {
          const cell = cells.get(`${li}:${xi}`)
          if (!cell) return null
          return { xi, x, xLabel: xa.labels[xi], ...meanStd(cell.xs), n: cell.xs.length, runIds: cell.ids }
        })
        .filter((p): p is MetricPoint => p !== null)
    }))
    .filter((l) => l.points.length > 0)
  return { lines, averagedOver, missing }
}

export interface ParallelData {
  /** one dimension per swept parameter, then the metric */
  dims: { name: string; path: string; categories?: string[]; log?: boolean }[]
  /** one row per completed run with the metric: its value per dimension (category label or number) */
  rows: { id: string; values: (number | string)[] }[]
}

/** Parallel coordinates over every swept parameter and the metric: one polyline per run. */
export function parallelData(runs: readonly MetricRun[], axes: readonly SweepAxisInfo[], params: readonly ParamInfo[], metric: string): ParallelData {
  // the seed is a label, not a quantity: a category axis (no "2.5" between seeds 2 and 3)
  const asNumber = (p: ParamInfo) => p.numeric && p.path !== 'seed'
  const dims: ParallelData['dims'] = params.map((p) => (asNumber(p) ? { name: p.symbol, path: p.path, log: p.log } : { name: p.symbol, path: p.path, categories: p.labels }))
  dims.push({ name: metricLabel(metric, runs[0]?.engine), path: metric })
  const rows: ParallelData['rows'] = []
  for (const run of runs) {
    const v = numericSummary(run)[metric]
    if (v === undefined) continue
    const c = runCoords(run, axes)
    const values: (number | string)[] = []
    let ok = true
    for (const p of params) {
      const a = axes.find((x) => x.path === p.path)!
      const i = axisIndex(a, c, run)
      if (i < 0) ok = false
      else values.push(asNumber(p) ? (a.values[i] as number) : a.labels[i])
    }
    if (ok) rows.push({ id: run.id, values: [...values, v] })
  }
  return { dims, rows }
}
