// Hard-margin linear separation of two point sets A = {a_i} and B = {b_j} in R^p.
// The hard-margin SVM is the minimum-norm point of the Minkowski difference C = conv(A) − conv(B):
//   x* = argmin_{x ∈ C} ‖x‖,  separable ⇔ x* ≠ 0,  margin = ‖x*‖/2,  w = x*/‖x*‖,
//   b = −(max_j ⟨w, b_j⟩ + min_i ⟨w, a_i⟩)/2  (so ⟨w, a⟩ + b ≥ margin ≥ … , ⟨w, b⟩ + b ≤ −margin).
// Found by Wolfe's minimum-norm-point algorithm (Wolfe 1976), which terminates in finitely many
// steps; its linear oracle over C never enumerates the n_A·n_B differences:
//   argmin_{z ∈ C} ⟨x, z⟩ = argmin_i ⟨x, a_i⟩ − argmax_j ⟨x, b_j⟩.
// Each corral holds at most p + 1 affinely independent differences; when it spans R^p the
// minimum is 0 and the sets overlap. Shapes: A is nA×p, B is nB×p, row-major. Empty sets throw.
import { luSolve, SingularMatrixError } from '@numeric/linalg/luSolve'

export interface Separation {
  separable: boolean
  /** half the distance between the convex hulls (0 when they intersect) */
  margin: number
  /** unit normal pointing from B to A (zeros when not separable) */
  w: Float64Array
  bias: number
  iterations: number
}

export interface SeparationOptions {
  /** relative tolerance of the optimality test ‖x‖² − ⟨x, z⟩ ≤ tol · max‖z‖² */
  tol?: number
  maxIterations?: number
}

const dot = (u: Float64Array, v: Float64Array, p: number) => {
  let s = 0
  for (let k = 0; k < p; k++) s += u[k] * v[k]
  return s
}

/** Hard-margin separation of the rows of A from the rows of B. */
export function linearSeparation(A: Float64Array, nA: number, B: Float64Array, nB: number, p: number, opts: SeparationOptions = {}): Separation {
  if (nA < 1 || nB < 1) throw new RangeError(`linearSeparation: needs points on both sides (nA = ${nA}, nB = ${nB})`)
  const tol = opts.tol ?? 1e-12
  const maxIterations = opts.maxIterations ?? 1000 * (p + 1)
  let scale = 0
  for (let i = 0; i < nA * p; i++) scale = Math.max(scale, Math.abs(A[i]))
  for (let i = 0; i < nB * p; i++) scale = Math.max(scale, Math.abs(B[i]))
  scale = Math.max(scale, 1e-300)
  const zeroNorm2 = (1e-10 * scale) ** 2

  /** the vertex of C minimising ⟨x, z⟩ */
  const oracle = (x: Float64Array): Float64Array => {
    let ia = 0
    let best = Infinity
    for (let i = 0; i < nA; i++) {
      let s = 0
      for (let k = 0; k < p; k++) s += x[k] * A[i * p + k]
      if (s < best) (best = s), (ia = i)
    }
    let jb = 0
    best = -Infinity
    for (let j = 0; j < nB; j++) {
      let s = 0
      for (let k = 0; k < p; k++) s += x[k] * B[j * p + k]
      if (s > best) (best = s), (jb = j)
    }
    const z = new Float64Array(p)
    for (let k = 0; k < p; k++) z[k] = A[ia * p + k] - B[jb * p + k]
    return z
  }

  // start from a_0 − b_0, a vertex of C
  let S: Float64Array[] = [Float64Array.from({ length: p }, (_, k) => A[k] - B[k])]
  let lambda = [1]
  let x = Float64Array.from(S[0])
  let iterations = 0
  let maxZ2 = dot(S[0], S[0], p)

  const combine = (coef: number[]) => {
    const y = new Float64Array(p)
    coef.forEach((c, i) => {
      for (let k = 0; k < p; k++) y[k] += c * S[i][k]
    })
    return y
  }
  /** affine minimiser of ‖Σ μ_i s_i‖ with Σ μ_i = 1: [SᵀS 1; 1ᵀ 0][μ; ν] = [0; 1] */
  const affineMin = (): number[] | null => {
    const m = S.length
    const n = m + 1
    const M = new Float64Array(n * n)
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) M[i * n + j] = dot(S[i], S[j], p)
      M[i * n + m] = M[m * n + i] = 1
    }
    const rhs = new Float64Array(n)
    rhs[m] = 1
    try {
      return Array.from(luSolve(M, rhs, n).subarray(0, m))
    } catch (e) {
      if (e instanceof SingularMatrixError) return null
      throw e
    }
  }

  while (iterations++ < maxIterations) {
    const xx = dot(x, x, p)
    if (xx <= zeroNorm2) break
    const z = oracle(x)
    maxZ2 = Math.max(maxZ2, dot(z, z, p))
    if (xx - dot(x, z, p) <= tol * maxZ2) break // x is the minimum-norm point
    if (S.length > p) break // a full corral with x ≠ 0 cannot improve further (rounding)
    S.push(z)
    lambda.push(0)
    // minor cycles: move toward the affine minimiser while staying in the convex hull
    for (;;) {
      const mu = affineMin()
      if (mu === null) {
        // z is affinely dependent on S (rounding): drop it and stop
        S.pop()
        lambda.pop()
        break
      }
      if (mu.every((v) => v > 1e-14)) {
        lambda = mu
        x = combine(lambda)
        break
      }
      let theta = 1
      for (let i = 0; i < mu.length; i++) if (mu[i] <= 1e-14) theta = Math.min(theta, lambda[i] / (lambda[i] - mu[i]))
      lambda = lambda.map((l, i) => l + theta * (mu[i] - l))
      const keep = lambda.map((l) => l > 1e-14)
      S = S.filter((_, i) => keep[i])
      lambda = lambda.filter((_, i) => keep[i])
      const sum = lambda.reduce((a, b) => a + b, 0)
      lambda = lambda.map((l) => l / sum)
      x = combine(lambda)
      if (S.length === 1) break
    }
  }
  const norm2 = dot(x, x, p)
  if (norm2 <= zeroNorm2) return { separable: false, margin: 0, w: new Float64Array(p), bias: 0, iterations }
  const norm = Math.sqrt(norm2)
  const w = x.map((v) => v / norm)
  // verify on the points themselves: the certificate is what counts
  let minA = Infinity
  let maxB = -Infinity
  for (let i = 0; i < nA; i++) {
    let s = 0
    for (let k = 0; k < p; k++) s += w[k] * A[i * p + k]
    minA = Math.min(minA, s)
  }
  for (let j = 0; j < nB; j++) {
    let s = 0
    for (let k = 0; k < p; k++) s += w[k] * B[j * p + k]
    maxB = Math.max(maxB, s)
  }
  const gap = minA - maxB
  if (!(gap > 1e-12 * scale)) return { separable: false, margin: 0, w: new Float64Array(p), bias: 0, iterations }
  return { separable: true, margin: gap / 2, w, bias: -(minA + maxB) / 2, iterations }
}
