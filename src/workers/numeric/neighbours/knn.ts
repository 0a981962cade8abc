// Exact k-nearest neighbours by brute force, fast: squared distances
//   ‖x_i − y_j‖² = ‖x_i‖² + ‖y_j‖² − 2 x_i·y_j
// with the dot products computed tile by tile (dotTiles.ts: 4×4 register tiles over a block of
// Y rows that stays in cache), keeping only the k smallest per row — never an n×m matrix.
// The expansion loses digits when ‖x−y‖² ≪ ‖x‖²: both sets are first shifted by the mean of x
// (distances are translation invariant), and the k kept neighbours get their distances
// recomputed directly at the end. What remains: neighbours whose squared distances differ by
// less than ~1e−16 · (spread of the data)² may be ranked in the wrong order.
import { createQuadDots, quadBytes } from './dotTiles'

export interface Neighbours {
  k: number
  /** squared distances, row i's k nearest ascending at [i·k, (i+1)·k) */
  dist2: Float64Array
  /** indices of those neighbours (rows of y, or of x for the self search) */
  index: Int32Array
}

export interface KnnOptions {
  /** force the plain-JS dot kernel (tests, benchmarks) */
  preferJs?: boolean
  /** rows of Y per cache block, a multiple of 4; default ≈ 128 KiB of Y */
  blockRows?: number
}

/** copy rows [0, rows) of a row-major rows×d matrix into quads (row r of quad q, entry t at [4(qd + t) + r]) */
function packQuads(src: Float64Array, rows: number, d: number, center: Float64Array, dst: Float64Array, at: number) {
  const quads = Math.ceil(rows / 4)
  dst.fill(0, at, at + quads * 4 * d)
  for (let i = 0; i < rows; i++) {
    const base = at + Math.floor(i / 4) * 4 * d + (i % 4)
    for (let t = 0, s = i * d; t < d; t++, s++) dst[base + 4 * t] = src[s] - center[t]
  }
}

/** ‖a_i − center‖² per row */
function squaredNorms(a: Float64Array, rows: number, d: number, center: Float64Array): Float64Array {
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    let s = 0
    for (let t = 0, p = i * d; t < d; t++, p++) s += (a[p] - center[t]) ** 2
    out[i] = s
  }
  return out
}

function columnMeans(a: Float64Array, rows: number, d: number): Float64Array {
  const c = new Float64Array(d)
  for (let i = 0; i < rows; i++) for (let t = 0, p = i * d; t < d; t++, p++) c[t] += a[p]
  for (let t = 0; t < d; t++) c[t] /= rows
  return c
}

/** insert (dist, j) into row i's ascending list of k if it beats the current k-th */
function offer(bestD: Float64Array, bestI: Int32Array, k: number, i: number, dist: number, j: number) {
  const base = i * k
  let s = base + k - 1
  if (!(dist < bestD[s])) return
  while (s > base && bestD[s - 1] > dist) {
    bestD[s] = bestD[s - 1]
    bestI[s] = bestI[s - 1]
    s--
  }
  bestD[s] = dist
  bestI[s] = j
}

/**
 * The k nearest rows of y (m×d, row-major) to each row of x (n×d), by squared Euclidean distance.
 * With y = null: the k nearest *other* rows of x (each unordered pair is computed once).
 * Needs k ≤ m (k ≤ n − 1 for the self search).
 */
export function kNearest(x: Float64Array, n: number, y: Float64Array | null, m: number, d: number, k: number, options: KnnOptions = {}): Neighbours {
  const self = y === null
  if (self) m = n
  if (!(Number.isInteger(n) && Number.isInteger(m) && Number.isInteger(d) && Number.isInteger(k)) || n < 1 || d < 1 || k < 1)
    throw new RangeError(`kNearest: need integers n, d, k ≥ 1 (n=${n}, m=${m}, d=${d}, k=${k})`)
  if (x.length < n * d || (y !== null && y.length < m * d)) throw new RangeError('kNearest: arrays shorter than rows × d')
  if (k > (self ? n - 1 : m)) throw new RangeError(`kNearest: k = ${k} exceeds the ${self ? n - 1 : m} candidate neighbours`)

  const qb = quadBytes(d)
  const nq = Math.ceil(n / 4)
  const mq = Math.ceil(m / 4)
  const blockQuads = Math.max(1, Math.floor((options.blockRows ?? Math.max(4, Math.floor(131072 / (8 * d)))) / 4))
  const xAt = 0
  const yAt = self ? xAt : xAt + nq * 4 * d
  const outAt = self ? yAt + nq * 4 * d : yAt + mq * 4 * d
  const kernel = createQuadDots(options.preferJs)
  kernel.reserve((outAt + 16 * blockQuads) * 8)
  const F = kernel.view()
  const center = columnMeans(x, n, d)
  packQuads(x, n, d, center, F, xAt)
  if (y !== null) packQuads(y, m, d, center, F, yAt)

  const nx = squaredNorms(x, n, d, center)
  const ny = y === null ? nx : squaredNorms(y, m, d, center)
  const bestD = new Float64Array(n * k).fill(Infinity)
  const bestI = new Int32Array(n * k).fill(-1)
  const last = k - 1

  // kth[i]: row i's current k-th smallest (the bar a candidate must pass)
  const kth = new Float64Array(n).fill(Infinity)
  const take = (i: number, dd: number, j: number) => {
    offer(bestD, bestI, k, i, dd, j)
    kth[i] = bestD[i * k + last]
  }
  /** one 4×4 block of dot products at F[o..o+16), any shape (edges, the diagonal of the self search) */
  const edgeBlock = (i0: number, j0: number, o: number) => {
    const rows = Math.min(4, n - i0)
    const cols = Math.min(4, m - j0)
    for (let c = 0; c < cols; c++) {
      const j = j0 + c
      for (let r = 0; r < rows; r++) {
        const i = i0 + r
        if (self && j <= i) continue
        const dd = nx[i] + ny[j] - 2 * F[o + 4 * c + r]
        if (dd < kth[i]) take(i, dd, j)
        if (self && dd < kth[j]) take(j, dd, i)
      }
    }
  }

  for (let jb = 0; jb < mq; jb += blockQuads) {
    const je = Math.min(mq, jb + blockQuads)
    const iqEnd = self ? je : nq // self: only quads iq ≤ jq (pairs j > i)
    for (let iq = 0; iq < iqEnd; iq++) {
      const js = self ? Math.max(jb, iq) : jb
      kernel.dots((xAt + iq * 4 * d) * 8, yAt * 8 + js * qb, yAt * 8 + je * qb, d, outAt * 8)
      const i0 = 4 * iq
      if (i0 + 4 > n) {
        for (let jq = js, o = outAt; jq < je; jq++, o += 16) edgeBlock(i0, 4 * jq, o)
        continue
      }
      const n0 = nx[i0], n1 = nx[i0 + 1], n2 = nx[i0 + 2], n3 = nx[i0 + 3]
      for (let jq = js, o = outAt; jq < je; jq++, o += 16) {
        const j0 = 4 * jq
        if ((self && jq === iq) || j0 + 4 > m) {
          edgeBlock(i0, j0, o)
          continue
        }
        for (let c = 0, oc = o; c < 4; c++, oc += 4) {
          const j = j0 + c
          const nyj = ny[j]
          let dd = n0 + nyj - 2 * F[oc]
          if (dd < kth[i0]) take(i0, dd, j)
          if (self && dd < kth[j]) take(j, dd, i0)
          dd = n1 + nyj - 2 * F[oc + 1]
          if (dd < kth[i0 + 1]) take(i0 + 1, dd, j)
          if (self && dd < kth[j]) take(j, dd, i0 + 1)
          dd = n2 + nyj - 2 * F[oc + 2]
          if (dd < kth[i0 + 2]) take(i0 + 2, dd, j)
          if (self && dd < kth[j]) take(j, dd, i0 + 2)
          dd = n3 + nyj - 2 * F[oc + 3]
          if (dd < kth[i0 + 3]) take(i0 + 3, dd, j)
          if (self && dd < kth[j]) take(j, dd, i0 + 3)
        }
      }
    }
  }

  // exact distances for the kept neighbours, re-sorted (rounding may swap near-ties)
  const ref = y ?? x
  for (let i = 0; i < n; i++) {
    const base = i * k
    for (let s = 0; s < k; s++) {
      const j = bestI[base + s]
      let acc = 0
      for (let t = 0, p = i * d, q = j * d; t < d; t++, p++, q++) {
        const diff = x[p] - ref[q]
        acc += diff * diff
      }
      bestD[base + s] = acc
    }
    for (let s = base + 1; s < base + k; s++) {
      const dv = bestD[s], iv = bestI[s]
      let u = s
      while (u > base && bestD[u - 1] > dv) {
        bestD[u] = bestD[u - 1]
        bestI[u] = bestI[u - 1]
        u--
      }
      bestD[u] = dv
      bestI[u] = iv
    }
  }
  return { k, dist2: bestD, index: bestI }
}
