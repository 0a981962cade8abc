// Helpers of the Elasticity view (seed 003, MATH.md §8): artifact decoding, the 2-D projection of
// logits onto the plane orthogonal to 1 (where the ETF lives), and per-p_err aggregation of a
// label-corruption sweep.
import type { RunRow, SeriesData } from '@shared/api'
import { summaryOf } from '@shared/outputs/index'

/** Float64 values of an artifact sent as base64 (little-endian, as stored). */
export function decodeFloat64(base64: string): Float64Array {
  const bin = atob(base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return new Float64Array(bytes.buffer, 0, Math.floor(bytes.length / 8))
}

/**
 * Two orthonormal vectors u, v ⊥ 1 in R^K (K ≥ 3): the plane of the simplex, where the
 * centred class means of logits live; for K = 2 the second is 0. By Gram–Schmidt of
 * e_0 − 1/K and e_1 − 1/K.
 */
export function simplexPlane(K: number): [number[], number[]] {
  const d = (j: number) => Array.from({ length: K }, (_, i) => (i === j ? 1 : 0) - 1 / K)
  const norm = (x: number[]) => Math.hypot(...x)
  const u0 = d(0)
  const nu = norm(u0)
  const u = u0.map((x) => x / nu)
  if (K < 3) return [u, new Array(K).fill(0)]
  const w = d(1)
  const dot = w.reduce((s, x, i) => s + x * u[i], 0)
  const v0 = w.map((x, i) => x - dot * u[i])
  const nv = norm(v0)
  return [u, v0.map((x) => x / nv)]
}

export interface Trajectory {
  cls: number
  points: [number, number][]
  t: number[]
}

/**
 * Class-mean trajectories `${prefix}[k,j]` (k, j < K) projected onto (u, v): one polyline per class.
 * `plane` 'simplex' projects onto the plane ⊥ 1, 'coordinates' takes coordinates 0 and 1;
 * `normalise` divides each X̄_k(t) by its norm first (directions of exponentially growing means).
 */
export function trajectories(series: SeriesData[], prefix: string, K: number, p: number, plane: 'simplex' | 'coordinates', normalise = false): Trajectory[] {
  const byName = new Map(series.map((s) => [s.name, s]))
  const [u, v] = plane === 'simplex' && p === K ? simplexPlane(K) : [Array.from({ length: p }, (_, i) => (i === 0 ? 1 : 0)), Array.from({ length: p }, (_, i) => (i === 1 ? 1 : 0))]
  const out: Trajectory[] = []
  for (let k = 0; k < K; k++) {
    const cols = Array.from({ length: p }, (_, j) => byName.get(`${prefix}[${k},${j}]`))
    if (cols.some((c) => !c)) continue
    const t = cols[0]!.t
    const points: [number, number][] = []
    for (let r = 0; r < t.length; r++) {
      let x = 0
      let y = 0
      let norm = 0
      for (let j = 0; j < p; j++) {
        const val = cols[j]!.value[r] ?? NaN
        x += u[j] * val
        y += v[j] * val
        norm += val * val
      }
      const f = normalise ? 1 / Math.sqrt(norm) : 1
      points.push([x * f, y * f])
    }
    out.push({ cls: k, points, t })
  }
  return out
}

export interface CorruptionRow {
  pErr: number
  runs: number
  valLoss: number
  valAcc: number
  tailAlpha: number
  tailBeta: number
  tailAlphaL: number
  tailBetaL: number
}

const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : NaN)
const meanOf = (xs: number[]) => {
  const f = xs.filter(Number.isFinite)
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN
}

/** Completed le-train runs grouped by spec.pErr (ascending), summaries averaged over seeds. */
export function corruptionTable(runs: RunRow[]): CorruptionRow[] {
  const groups = new Map<number, RunRow[]>()
  for (const r of runs) {
    if (r.engine !== 'le-train' || r.status !== 'completed') continue
    const p = num(r.spec.pErr)
    if (!Number.isFinite(p)) continue
    ;(groups.get(p) ?? groups.set(p, []).get(p)!).push(r)
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([pErr, rs]) => {
      const s = rs.map((r) => summaryOf('le-train', r.summary))
      return {
        pErr,
        runs: rs.length,
        valLoss: meanOf(s.map((x) => num(x.val?.lossFinal))),
        valAcc: meanOf(s.map((x) => num(x.val?.accFinal))),
        tailAlpha: meanOf(s.map((x) => num(x.estimate?.tailAlpha))),
        tailBeta: meanOf(s.map((x) => num(x.estimate?.tailBeta))),
        tailAlphaL: meanOf(s.map((x) => num(x.estimate?.L?.tailAlpha))),
        tailBetaL: meanOf(s.map((x) => num(x.estimate?.L?.tailBeta)))
      }
    })
}
