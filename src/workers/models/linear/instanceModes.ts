// One drawn instance in the eigenbasis of its data (MATH.md §7, eq. 4): with XXᵀ = Σ_i λ_i v_i v_iᵀ,
// gradient descent with step η moves each mode independently,
//   (w̄ − w(k))·v_i = a_i d_i − σ_ε (c_i/λ_i)(1 − d_i),  d_i = (1 − ηλ_i)^k,
//   a_i = (w̄ − w(0))·v_i,  c_i = ξ·(Xᵀv_i)  (ε = σ_ε ξ),
// and the frozen modes (λ_i = 0, P < N) keep (w̄ − w(0))·v_i for ever. So the instance's E_g(t)
// = (Σ_i e_i² + ‖Π₀(w̄ − w(0))‖²)/N + σ_ε² is its gradient descent at any t, exactly, for any σ_ε
// (ξ fixed) at the cost of one eigendecomposition of the smaller Gram matrix (XXᵀ or XᵀX).
// tests/unit/linear/instanceModes.test.ts checks it against iterated gradient descent.
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { gram, rowTimes, sampleGram, timesColumn } from './instance'

export interface InstanceModes {
  N: number
  P: number
  /** non-zero eigenvalues λ_i (rank of them) */
  lambdas: Float64Array
  a: Float64Array
  c: Float64Array
  /** ‖Π₀(w̄ − w(0))‖² */
  frozen: number
}

/** Decompose an instance (X N×P row-major, w̄, w(0), the unit-variance noise ξ). */
export function instanceModes(X: Float64Array, N: number, P: number, wTeacher: Float64Array, w0: Float64Array, xi: Float64Array): InstanceModes {
  const diff = Float64Array.from(wTeacher, (v, i) => v - w0[i])
  const rank = Math.min(N, P)
  const lambdas = new Float64Array(rank)
  const a = new Float64Array(rank)
  const c = new Float64Array(rank)
  if (N <= P) {
    const { values, vectors } = symmetricEigen(gram(X, N, P), N)
    const xiX = timesColumn(X, xi, N, P) // ξXᵀ (N)
    for (let j = 0; j < N; j++) {
      let aj = 0
      let cj = 0
      for (let i = 0; i < N; i++) {
        aj += diff[i] * vectors![i * N + j]
        cj += xiX[i] * vectors![i * N + j]
      }
      lambdas[j] = Math.max(0, values[j])
      a[j] = aj
      c[j] = cj
    }
    return { N, P, lambdas, a, c, frozen: 0 }
  }
  // N > P: XᵀX = Σ λ_i u_i u_iᵀ, v_i = X u_i/√λ_i, so a_i = ((w̄ − w0)X)·u_i/√λ_i and c_i = √λ_i ξ·u_i
  const { values, vectors } = symmetricEigen(sampleGram(X, N, P), P)
  const q = rowTimes(diff, X, N, P)
  let total = 0
  for (let i = 0; i < N; i++) total += diff[i] ** 2
  let inRange = 0
  for (let j = 0; j < P; j++) {
    const l = Math.max(0, values[j])
    let qu = 0
    let xu = 0
    for (let m = 0; m < P; m++) {
      qu += q[m] * vectors![m * P + j]
      xu += xi[m] * vectors![m * P + j]
    }
    lambdas[j] = l
    a[j] = l > 0 ? qu / Math.sqrt(l) : 0
    c[j] = Math.sqrt(l) * xu
    inRange += a[j] ** 2
  }
  return { N, P, lambdas, a, c, frozen: Math.max(0, total - inRange) }
}

/** E_g after k steps of size η (k may be fractional or ∞) with label noise σ_ε. */
export function instanceEg(m: InstanceModes, k: number, lr: number, sigmaEps: number): number {
  let sum = m.frozen
  for (let i = 0; i < m.lambdas.length; i++) {
    const l = m.lambdas[i]
    if (l === 0) {
      sum += m.a[i] ** 2
      continue
    }
    const d = k === Infinity ? 0 : Math.pow(1 - lr * l, k)
    const e = m.a[i] * d - (sigmaEps * m.c[i] * (1 - d)) / l
    sum += e * e
  }
  return sum / m.N + sigmaEps ** 2
}
