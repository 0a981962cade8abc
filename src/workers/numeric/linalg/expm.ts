// Matrix exponential e^A by scaling and squaring with the diagonal [q/q] Padé approximant
// (Moler & Van Loan 2003, "method 3"; q = 8):
//   e^A = (e^{A/2^s})^{2^s},  e^{X} ≈ D(X)⁻¹ N(X),  N(X) = Σ_j c_j X^j,  D(X) = Σ_j c_j (−X)^j,
//   c_0 = 1, c_j = c_{j−1} (q − j + 1) / (j (2q − j + 1)),
// with s the least integer such that ‖A‖_∞ / 2^s ≤ 1/2; the [8/8] approximant's relative error
// on that ball is below 1e-17 (Moler & Van Loan's bound 2^{3−2q} (q!)²/((2q)!(2q+1)!)).
// Shapes: A n×n row-major; returns a new n×n. n = 0 gives an empty matrix; a non-finite entry
// throws (the exponential of NaN is not a number we can return honestly).
import { luSolve } from './luSolve'

const Q = 8

function matmul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const a = A[i * n + k]
      if (a === 0) continue
      for (let j = 0; j < n; j++) C[i * n + j] += a * B[k * n + j]
    }
  return C
}

/** e^A for a square n×n row-major A. */
export function expm(A: Float64Array, n: number): Float64Array {
  if (A.length < n * n) throw new RangeError(`expm: A has ${A.length} entries, n×n = ${n * n} needed`)
  let norm = 0
  for (let i = 0; i < n; i++) {
    let row = 0
    for (let j = 0; j < n; j++) {
      const v = A[i * n + j]
      if (!Number.isFinite(v)) throw new RangeError(`expm: A[${i},${j}] = ${v} is not finite`)
      row += Math.abs(v)
    }
    norm = Math.max(norm, row)
  }
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0
  const X = new Float64Array(n * n)
  const f = 2 ** -s
  for (let i = 0; i < n * n; i++) X[i] = A[i] * f
  const N = new Float64Array(n * n)
  const D = new Float64Array(n * n)
  for (let i = 0; i < n; i++) N[i * n + i] = D[i * n + i] = 1
  let c = 1
  let P: Float64Array = Float64Array.from(X) // X^j
  for (let j = 1; j <= Q; j++) {
    c = (c * (Q - j + 1)) / (j * (2 * Q - j + 1))
    const sign = j % 2 === 0 ? 1 : -1
    for (let i = 0; i < n * n; i++) {
      N[i] += c * P[i]
      D[i] += sign * c * P[i]
    }
    if (j < Q) P = matmul(P, X, n)
  }
  let E: Float64Array = luSolve(D, N, n, n)
  for (let k = 0; k < s; k++) E = matmul(E, E, n)
  return E
}
