// Analytic generalisation error from order parameters (MATH.md §2):
// ε_g = ½[Σ_nm ṽ_n ṽ_m I2(n,m) + Σ_kl v_k v_l I2(k,l) − 2 Σ_kn v_k ṽ_n I2(k,n)]
//     = ½ Σ_cd u_c u_d I2(c,d),  u = (v, −ṽ), over the fields (λ_1..λ_K, ν_1..ν_M).
import { integrals, type OdeActivation } from './integrals'

let scratch = new Float64Array(16)

/**
 * Q: K×K, R: K×M, T: M×M (row-major), v: K, vTeacher: M. Teacher and student share g.
 */
export function analyticEg(
  g: OdeActivation,
  K: number,
  M: number,
  Q: ArrayLike<number>,
  R: ArrayLike<number>,
  T: ArrayLike<number>,
  v: ArrayLike<number>,
  vTeacher: ArrayLike<number>
): number {
  const n = K + M
  if (scratch.length < n * n) scratch = new Float64Array(n * n)
  const C = scratch
  fillCovariance(C, K, M, Q, R, T)
  const { I2 } = integrals(g)
  let s = 0
  for (let c = 0; c < n; c++) {
    const uc = c < K ? v[c] : -vTeacher[c - K]
    for (let d = c; d < n; d++) {
      const ud = d < K ? v[d] : -vTeacher[d - K]
      s += (c === d ? 1 : 2) * uc * ud * I2(C, n, c, d)
    }
  }
  return 0.5 * s
}

/** C = [[Q, R], [Rᵀ, T]], (K+M)×(K+M) row-major, into C. */
export function fillCovariance(
  C: Float64Array,
  K: number,
  M: number,
  Q: ArrayLike<number>,
  R: ArrayLike<number>,
  T: ArrayLike<number>
): void {
  const n = K + M
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) C[k * n + l] = Q[k * K + l]
    for (let m = 0; m < M; m++) C[k * n + K + m] = C[(K + m) * n + k] = R[k * M + m]
  }
  for (let m = 0; m < M; m++) for (let p = 0; p < M; p++) C[(K + m) * n + K + p] = T[m * M + p]
}
