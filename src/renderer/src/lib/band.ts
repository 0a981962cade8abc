// Mean ± standard deviation across runs that differ only in their seed.
import { canonicalJson } from '@shared/canonicalJson'

export interface Curve {
  t: number[]
  value: (number | null)[]
}

export interface Band {
  t: number[]
  mean: (number | null)[]
  std: (number | null)[]
  lower: (number | null)[]
  upper: (number | null)[]
  /** how many curves contributed at each t */
  n: number[]
}

/** Linear interpolation of a curve at time x (null outside its range or at a null neighbour). */
export function interpolateAt(curve: Curve, x: number): number | null {
  const { t, value } = curve
  const n = t.length
  if (n === 0 || x < t[0] || x > t[n - 1]) return null
  let lo = 0
  let hi = n - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (t[mid] <= x) lo = mid
    else hi = mid
  }
  if (t[lo] === x) return value[lo] ?? null
  if (t[hi] === x) return value[hi] ?? null
  const a = value[lo]
  const b = value[hi]
  if (a === null || b === null || a === undefined || b === undefined) return null
  const f = (x - t[lo]) / (t[hi] - t[lo])
  return a + f * (b - a)
}

function sameGrid(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(a[i]))) return false
  return true
}

/**
 * Mean and sample standard deviation (n − 1) of several curves on the grid of the first one;
 * curves on another grid are interpolated linearly. Non-finite values are skipped.
 */
export function meanStdBand(curves: Curve[]): Band {
  const grid = curves[0]?.t ?? []
  const aligned = curves.map((c) => (sameGrid(c.t, grid) ? c.value : grid.map((x) => interpolateAt(c, x))))
  const mean: (number | null)[] = []
  const std: (number | null)[] = []
  const lower: (number | null)[] = []
  const upper: (number | null)[] = []
  const n: number[] = []
  for (let i = 0; i < grid.length; i++) {
    let sum = 0
    let count = 0
    for (const values of aligned) {
      const v = values[i]
      if (v !== null && v !== undefined && Number.isFinite(v)) {
        sum += v
        count++
      }
    }
    n.push(count)
    if (count === 0) {
      mean.push(null), std.push(null), lower.push(null), upper.push(null)
      continue
    }
    const m = sum / count
    let ss = 0
    for (const values of aligned) {
      const v = values[i]
      if (v !== null && v !== undefined && Number.isFinite(v)) ss += (v - m) * (v - m)
    }
    const s = count > 1 ? Math.sqrt(ss / (count - 1)) : 0
    mean.push(m)
    std.push(s)
    lower.push(m - s)
    upper.push(m + s)
  }
  return { t: grid.slice(), mean, std, lower, upper, n }
}

/** Stable JSON with sorted keys, so two equal specs give the same text. */
export { canonicalJson }

/** Spec fields that do not change the experiment. */
const COSMETIC = ['name', 'notes', 'tags']

/** A copy of spec without the dotted paths given (e.g. 'train.lr'); the input is not changed. */
export function withoutPaths(spec: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...spec }
  for (const path of paths) {
    const keys = path.split('.')
    let node: Record<string, unknown> = copy
    for (let i = 0; i < keys.length - 1; i++) {
      const child = node[keys[i]]
      if (!child || typeof child !== 'object' || Array.isArray(child)) break
      node = node[keys[i]] = { ...(child as Record<string, unknown>) } // copy on the way down
    }
    delete node[keys[keys.length - 1]]
  }
  return copy
}

/** The key of a run's group: its spec without seed, cosmetic fields and the pooled paths `over`. */
export function seedGroupKey(spec: Record<string, unknown>, over: string[] = []): string {
  return canonicalJson(withoutPaths(spec, [...COSMETIC, 'seed', ...over]))
}

/**
 * Group items (runs) whose specs differ only in the seed and in the paths `over` (mean ± std over
 * seeds, or over seeds and η, …); groups keep the input order.
 */
export function groupBySeed<T>(items: T[], specOf: (item: T) => Record<string, unknown>, over: string[] = []): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = seedGroupKey(specOf(item), over)
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return [...groups.values()]
}
