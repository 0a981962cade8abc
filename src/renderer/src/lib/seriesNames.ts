// Series names like 'sgd/eg', 'ode/R[1,0]', 'dev/logratio': parsing, grouping into charts,
// and matrices of order parameters at one time. Names are built and parsed by @shared/outputs/series.
import { parseSeriesName, type ParsedSeries } from '@shared/outputs/series'

export type { ParsedSeries } from '@shared/outputs/series'
export { parseSeriesName }

export interface SeriesGroup {
  id: string
  title: string
  /** y-axis label */
  yName: string
  names: string[]
  xLog: boolean
  yLog: boolean
}

const KNOWN: Record<string, { title: string; yName: string; yLog: boolean; order: number }> = {
  eg: { title: 'Generalisation error ε_g(t)', yName: 'ε_g', yLog: true, order: 0 },
  v: { title: 'Second layer v_k(t)', yName: 'v_k', yLog: false, order: 1 },
  Q: { title: 'Q_kl(t) = E[λ_k λ_l]', yName: 'Q', yLog: false, order: 2 },
  R: { title: 'R_km(t) = E[λ_k ν_m]', yName: 'R', yLog: false, order: 3 },
  W: { title: 'W_kl(t) = w_k·w_l / N', yName: 'W', yLog: false, order: 4 },
  Sigma: { title: 'Σ_kl(t) = S_k·S_l / D', yName: 'Σ', yLog: false, order: 5 },
  dev: { title: 'Deviation SGD ↔ ODE', yName: 'deviation', yLog: true, order: 6 }
}

function groupIdOf(p: ParsedSeries): string {
  if (p.source === 'dev') return 'dev'
  if (p.quantity === 'eg' || p.quantity.startsWith('eg_')) return 'eg'
  return p.quantity
}

/** Charts of the Run view: one per quantity, in a fixed order, unknown quantities last. */
export function groupSeries(names: readonly string[]): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>()
  for (const name of names) {
    const p = parseSeriesName(name)
    const id = groupIdOf(p)
    let g = groups.get(id)
    if (!g) {
      const known = KNOWN[id]
      g = { id, title: known?.title ?? `${id}(t)`, yName: known?.yName ?? id, names: [], xLog: true, yLog: known?.yLog ?? false }
      groups.set(id, g)
    }
    g.names.push(name)
  }
  for (const g of groups.values()) g.names.sort(compareSeries)
  return [...groups.values()].sort((a, b) => (KNOWN[a.id]?.order ?? 99) - (KNOWN[b.id]?.order ?? 99) || a.id.localeCompare(b.id))
}

const SOURCE_ORDER = ['sgd', 'ode', 'linear', 'dev']
export function compareSeries(a: string, b: string): number {
  const pa = parseSeriesName(a)
  const pb = parseSeriesName(b)
  for (let i = 0; i < Math.max(pa.indices.length, pb.indices.length); i++) {
    const d = (pa.indices[i] ?? -1) - (pb.indices[i] ?? -1)
    if (d) return d
  }
  const sa = SOURCE_ORDER.indexOf(pa.source)
  const sb = SOURCE_ORDER.indexOf(pb.source)
  if (sa !== sb) return (sa < 0 ? 99 : sa) - (sb < 0 ? 99 : sb)
  return a.localeCompare(b)
}

export type Dash = 'solid' | 'dashed' | 'dotted'
/** How a series is drawn: SGD solid, ODE dashed, variants of ε_g (eg_analytic, eg_mp) dotted; colour by entry. */
export function seriesStyle(name: string, group: string): { colorKey: string; dash: Dash } {
  const p = parseSeriesName(name)
  const dash: Dash = p.source === 'ode' ? 'dashed' : /^eg_/.test(p.quantity) ? 'dotted' : 'solid'
  if (group === 'eg' || group === 'dev') return { colorKey: p.source + '/' + p.quantity, dash }
  return { colorKey: p.indices.join(','), dash }
}

export interface MatrixAt {
  rows: number
  cols: number
  /** values[row][col], null where not recorded */
  values: (number | null)[][]
}

export interface SeriesLike {
  name: string
  t: number[]
  value: (number | null)[]
}

/** index of the recorded time closest to t */
export function nearestIndex(times: readonly number[], t: number): number {
  let best = 0
  let bestDist = Infinity
  for (let i = 0; i < times.length; i++) {
    const d = Math.abs(times[i] - t)
    if (d < bestDist) {
      bestDist = d
      best = i
    }
  }
  return best
}

const SYMMETRIC = new Set(['Q', 'W', 'Sigma', 'T'])

/** The matrix of `source/quantity[i,j]` series at time t (symmetric ones filled from one triangle). */
export function matrixAt(series: readonly SeriesLike[], source: string, quantity: string, t: number): MatrixAt | null {
  const entries = series.map((s) => ({ s, p: parseSeriesName(s.name) })).filter(({ p }) => p.source === source && p.quantity === quantity && p.indices.length === 2)
  if (!entries.length) return null
  const rows = Math.max(...entries.map(({ p }) => p.indices[0])) + 1
  const cols = Math.max(...entries.map(({ p }) => p.indices[1])) + 1
  const values: (number | null)[][] = Array.from({ length: rows }, () => new Array(cols).fill(null))
  for (const { s, p } of entries) {
    if (!s.t.length) continue
    const v = s.value[nearestIndex(s.t, t)] ?? null
    values[p.indices[0]][p.indices[1]] = v
  }
  if (SYMMETRIC.has(quantity) && rows === cols)
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (values[i][j] === null && values[j][i] !== null) values[i][j] = values[j][i]
  return { rows, cols, values }
}
