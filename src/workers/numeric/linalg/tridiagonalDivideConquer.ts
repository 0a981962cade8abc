// Eigenpairs of a symmetric tridiagonal T by Cuppen's divide and conquer, in LAPACK's form
// (dstedc/dlaed0–dlaed3; Gu & Eisenstat 1995 for the vectors):
//   T = diag(T₁, T₂) + ρ u uᵀ,  u = e_{m−1} + sgn(β) e_m,  ρ = |β| (β = T[m−1][m]; T₁, T₂ with
//   d_{m−1}, d_m lowered by |β|). With T_i = Q_i D_i Q_iᵀ solved recursively,
//   T = diag(Q₁, Q₂) (D + ρ z zᵀ) diag(Q₁, Q₂)ᵀ,  z = (last row of Q₁, sgn(β)·first row of Q₂).
// Merge: deflate (ρ|z_i| ≤ tol: (d_i, column i) is already an eigenpair; two close d_i, d_j:
// a Givens rotation of their columns zeroes one z entry), solve the secular equation
// (./secular.ts) for the k remaining roots λ_j, recompute ẑ from the computed roots (Löwner:
// ẑ_i² = (−(d_i − λ_i)/ρ) Π_{j≠i} (d_i − λ_j)/(d_i − d_j)) so the vectors u_j ∝ ẑ_i/(d_i − λ_j)
// are orthogonal to working precision, and multiply: columns ← diag(Q₁, Q₂)[:, kept] U, as two
// gemms that skip the zero blocks (columns touching only Q₁'s rows, both, or only Q₂'s).
// Leaves of at most LEAF rows go to implicit QL (./tridiagonalQl.ts).
import { gemm } from '@numeric/linalg/gemm'
import { secularRoots, secularVectors } from '@numeric/linalg/secular'
import { tridiagonalQl } from '@numeric/linalg/tridiagonalQl'

const LEAF = 32
const EPS = 2 ** -53

/**
 * d (n) ← eigenvalues ascending; Z (n×n row-major) ← eigenvectors as columns. e (n−1) is the
 * off-diagonal; d and e are overwritten.
 */
export function tridiagonalDivideConquer(n: number, d: Float64Array, e: Float64Array, Z: Float64Array): void {
  if (n === 0) return
  // scale by a power of two near max |entry| (as dstedc scales, but exactly) so tolerances and the
  // secular equation see O(1) numbers
  let amax = 0
  for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(d[i]))
  for (let i = 0; i < n - 1; i++) amax = Math.max(amax, Math.abs(e[i]))
  if (amax === 0) {
    Z.fill(0, 0, n * n)
    for (let i = 0; i < n; i++) Z[i * n + i] = 1
    return
  }
  amax = 2 ** Math.round(Math.log2(amax))
  for (let i = 0; i < n; i++) d[i] /= amax
  for (let i = 0; i < n - 1; i++) e[i] /= amax
  Z.fill(0, 0, n * n)
  solve(n, d, e, Z, 0, n, new Work(n))
  for (let i = 0; i < n; i++) d[i] *= amax
}

/**
 * The merges' big buffers, allocated once per decomposition at the top merge's size (n²) and
 * reused by every merge, so the recursion leaves no garbage behind (peak memory ≈ 5n² doubles).
 */
class Work {
  /** the block diagonal diag(Q₁, Q₂) */
  readonly Q: Float64Array
  /** the secular problem's eigenvectors */
  readonly U: Float64Array
  /** gathered columns of Q and rows of U for one product */
  readonly Qs: Float64Array
  readonly Us: Float64Array
  /** the products: top rows, then bottom rows */
  readonly R: Float64Array
  constructor(n: number) {
    const top = n <= LEAF ? 0 : n * n
    this.Q = new Float64Array(top)
    this.U = new Float64Array(top)
    this.Qs = new Float64Array(top)
    this.Us = new Float64Array(top)
    this.R = new Float64Array(top)
  }
}

function solve(n: number, d: Float64Array, e: Float64Array, Z: Float64Array, lo: number, size: number, w: Work): void {
  if (size <= LEAF) {
    tridiagonalQl(size, d, lo, e, lo, Z, lo * n + lo, n)
    return
  }
  const n1 = size >> 1
  const m = lo + n1
  const beta = e[m - 1]
  d[m - 1] -= Math.abs(beta)
  d[m] -= Math.abs(beta)
  solve(n, d, e, Z, lo, n1, w)
  solve(n, d, e, Z, m, size - n1, w)
  merge(n, d, Z, lo, n1, size - n1, beta, w)
}

/** column kinds by the rows they touch */
const TOP = 0, BOTH = 1, BOTTOM = 2

function merge(n: number, d: Float64Array, Z: Float64Array, lo: number, n1: number, n2: number, beta: number, w: Work): void {
  const size = n1 + n2
  // working copy of the block diagonal diag(Q₁, Q₂), row-major size × size
  const Q = w.Q.subarray(0, size * size)
  Q.fill(0)
  for (let r = 0; r < n1; r++) Q.set(Z.subarray((lo + r) * n + lo, (lo + r) * n + lo + n1), r * size)
  for (let r = n1; r < size; r++) Q.set(Z.subarray((lo + r) * n + lo + n1, (lo + r) * n + lo + size), r * size + n1)
  const kind = new Uint8Array(size)
  kind.fill(BOTTOM, n1)
  // z = (last row of Q₁, sgn β · first row of Q₂)/√2, ρ = 2|β| (‖z‖ = 1)
  const sgn = beta < 0 ? -1 : 1
  const z = new Float64Array(size)
  const D = new Float64Array(size)
  for (let c = 0; c < size; c++) {
    z[c] = (c < n1 ? Q[(n1 - 1) * size + c] : sgn * Q[n1 * size + c]) * Math.SQRT1_2
    D[c] = d[lo + c]
  }
  const rho = 2 * Math.abs(beta)
  // deflation, in ascending order of D
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => D[a] - D[b])
  let dmax = 0, zmax = 0
  for (let c = 0; c < size; c++) {
    dmax = Math.max(dmax, Math.abs(D[c]))
    zmax = Math.max(zmax, Math.abs(z[c]))
  }
  const tol = 8 * EPS * Math.max(dmax, rho * zmax)
  const kept: number[] = [] // columns (indices into Q) of the secular problem, ascending D
  const deflated: number[] = []
  let pj = -1
  for (const nj of order) {
    if (rho * Math.abs(z[nj]) <= tol) {
      deflated.push(nj)
      continue
    }
    if (pj < 0) {
      pj = nj
      continue
    }
    // can a rotation of columns pj, nj zero z[pj]?
    const s0 = z[pj]
    const c0 = z[nj]
    const tau = Math.hypot(c0, s0)
    const c = c0 / tau
    const s = -s0 / tau
    if (Math.abs((D[nj] - D[pj]) * c * s) <= tol) {
      z[nj] = tau
      z[pj] = 0
      rotateColumns(Q, size, pj, nj, c, s)
      if (kind[pj] !== kind[nj]) kind[pj] = kind[nj] = BOTH
      const t = D[pj] * c * c + D[nj] * s * s
      D[nj] = D[pj] * s * s + D[nj] * c * c
      D[pj] = t
      deflated.push(pj)
    } else kept.push(pj)
    pj = nj
  }
  if (pj >= 0) kept.push(pj)
  const k = kept.length
  // secular equation on the kept poles
  const dk = new Float64Array(k)
  const zk = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    dk[i] = D[kept[i]]
    zk[i] = z[kept[i]]
  }
  const lambda = new Float64Array(k)
  const U = w.U.subarray(0, k * k) // U[i][j] = component i of the secular problem's vector j
  if (k > 0) secularVectors(k, dk, zk, rho, secularRoots(k, dk, zk, rho), U, lambda)
  // new columns = Q[:, kept] U, top rows from TOP and BOTH columns, bottom rows from BOTH and BOTTOM
  const top: number[] = [], bottom: number[] = []
  for (let i = 0; i < k; i++) {
    if (kind[kept[i]] !== BOTTOM) top.push(i)
    if (kind[kept[i]] !== TOP) bottom.push(i)
  }
  const Rt = product(Q, size, 0, n1, kept, top, U, k, w, 0)
  const Rb = product(Q, size, n1, n2, kept, bottom, U, k, w, n1 * k)
  // write back in ascending order of eigenvalue: merge λ (ascending) with the deflated D;
  // src[p] ≥ 0: column a of the products, < 0: deflated column −1 − c of Q
  deflated.sort((a, b) => D[a] - D[b])
  const src = new Int32Array(size)
  let a = 0, b = 0
  for (let p = 0; p < size; p++) {
    if (b >= deflated.length || (a < k && lambda[a] <= D[deflated[b]])) {
      d[lo + p] = lambda[a]
      src[p] = a++
    } else {
      const c = deflated[b++]
      d[lo + p] = D[c]
      src[p] = -1 - c
    }
  }
  for (let r = 0; r < n1; r++) writeRow(size, src, Z, (lo + r) * n + lo, Rt, r * k, Q, r * size)
  for (let r = n1; r < size; r++) writeRow(size, src, Z, (lo + r) * n + lo, Rb, (r - n1) * k, Q, r * size)
}

// (the loops below are small functions so that V8 optimises them after a few calls, with full type
// feedback, instead of running a big merge() interpreted until on-stack replacement)

/** (Q[:, a], Q[:, b]) ← (c Q[:, a] + s Q[:, b], c Q[:, b] − s Q[:, a]) (LAPACK drot) */
function rotateColumns(Q: Float64Array, size: number, a: number, b: number, c: number, s: number): void {
  for (let r = 0; r < size; r++) {
    const x = Q[r * size + a], y = Q[r * size + b]
    Q[r * size + a] = c * x + s * y
    Q[r * size + b] = c * y - s * x
  }
}

/** one row of the merged block: entry p from R (src[p] ≥ 0) or from Q's deflated column −1 − src[p] */
function writeRow(size: number, src: Int32Array, Z: Float64Array, out: number, R: Float64Array, ro: number, Q: Float64Array, qo: number): void {
  for (let p = 0; p < size; p++) {
    const f = src[p]
    Z[out + p] = f >= 0 ? R[ro + f] : Q[qo - 1 - f]
  }
}

function gatherRow(s: number, cols: Int32Array, Q: Float64Array, qo: number, Qs: Float64Array, at: number): void {
  for (let q = 0; q < s; q++) Qs[at + q] = Q[qo + cols[q]]
}

/** rows [r0, r0+h) of Q[:, kept[sel]] (h × |sel|, gathered row-major) times U[sel, :] (|sel| × k), into w.R from `at`. */
function product(Q: Float64Array, size: number, r0: number, h: number, kept: number[], sel: number[], U: Float64Array, k: number, w: Work, at: number): Float64Array {
  const s = sel.length
  const out = w.R.subarray(at, at + h * k)
  if (s === 0 || k === 0) return out.fill(0)
  const Qs = w.Qs.subarray(0, h * s)
  const Us = w.Us.subarray(0, s * k)
  const cols = Int32Array.from(sel, (i) => kept[i])
  for (let r = 0; r < h; r++) gatherRow(s, cols, Q, (r0 + r) * size, Qs, r * s)
  for (let q = 0; q < s; q++) Us.set(U.subarray(sel[q] * k, sel[q] * k + k), q * k)
  gemm(h, k, s, Qs, Us, out)
  return out
}
