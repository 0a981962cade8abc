// The τ-independent coefficients of the HMM ODE (MATH.md §3) at one covariance of the fields
// C = [[Q, R], [Rᵀ, T]]: with u = (−v, ṽ) over the fields (students 0..K−1, teachers K..K+M−1),
//   A_kj = −v_k v_j (Q_kk I3(k,j,j) − Q_kj I3(k,k,j)) / det(k,j)          (j ≠ k)
//   A_kk = −Σ_{j≠k} v_k v_j (Q_jj I3(k,k,j) − Q_kj I3(k,j,j)) / det(k,j) − v_k² I3(k,k,k)/Q_kk
//          + Σ_n v_k ṽ_n (T_nn I3(k,k,n) − R_kn I3(k,n,n)) / det(k,n)
//   b_kn = v_k ṽ_n (Q_kk I3(k,n,n) − R_kn I3(k,k,n)) / det(k,n)
//   J_kl = Σ_cd u_c u_d I4(k,l,c,d)
//   G_kl = Σ_c u_c (v_k I3(k,l,c) + v_l I3(l,k,c))   (W's drift: dW = η G + η² μ2 v_k v_l J)
//   H_k = Σ_c u_c I2(k,c)                              (v's drift: dv = η H)
// A and b are Stein's lemma on the pair (λ_k, field j or n): E[x F] = Cov(x, z) C₂⁻¹ E[z F] over the
// 2×2 covariance C₂ of the pair, which is where the determinants come from.
import { fillCovariance } from './analyticEg'
import { integrals, type OdeActivation } from './integrals'

export interface FieldCoefficients {
  /** C, (K+M)×(K+M) */
  C: Float64Array
  /** A_kj, K×K */
  A: Float64Array
  /** b_kn, K×M */
  b: Float64Array
  /** J_kl (without v_k v_l), K×K */
  J: Float64Array
  /** G_kl, K×K */
  G: Float64Array
  /** H_k, K (filled only when asked) */
  H: Float64Array
  /** fill every coefficient at (Q, R, T) for second layers v, ṽ; H only if withH */
  at(Q: ArrayLike<number>, R: ArrayLike<number>, T: ArrayLike<number>, v: ArrayLike<number>, vTeacher: ArrayLike<number>, withH: boolean): void
}

/** Work arrays allocated once for K students, M teachers and activation g. */
export function fieldCoefficients(g: OdeActivation, K: number, M: number): FieldCoefficients {
  const { I2, I3, I4 } = integrals(g)
  const n = K + M
  const C = new Float64Array(n * n)
  const I3t = new Float64Array(K * n * n) // I3t[(k*n+b)*n+c] = I3(k,b,c)
  const A = new Float64Array(K * K)
  const b = new Float64Array(K * M)
  const J = new Float64Array(K * K)
  const G = new Float64Array(K * K)
  const H = new Float64Array(K)
  const u = new Float64Array(n)
  const i3 = (k: number, bb: number, cc: number) => I3t[(k * n + bb) * n + cc]

  function at(Q: ArrayLike<number>, R: ArrayLike<number>, T: ArrayLike<number>, v: ArrayLike<number>, vTeacher: ArrayLike<number>, withH: boolean): void {
    fillCovariance(C, K, M, Q, R, T)
    for (let j = 0; j < K; j++) u[j] = -v[j]
    for (let m = 0; m < M; m++) u[K + m] = vTeacher[m]
    for (let k = 0; k < K; k++)
      for (let bb = 0; bb < n; bb++) for (let cc = 0; cc < n; cc++) I3t[(k * n + bb) * n + cc] = I3(C, n, k, bb, cc)
    for (let k = 0; k < K; k++)
      for (let l = k; l < K; l++) {
        let s = 0
        for (let cc = 0; cc < n; cc++) {
          s += u[cc] * u[cc] * I4(C, n, k, l, cc, cc)
          for (let dd = cc + 1; dd < n; dd++) s += 2 * u[cc] * u[dd] * I4(C, n, k, l, cc, dd)
        }
        J[k * K + l] = J[l * K + k] = s
      }
    for (let k = 0; k < K; k++) {
      const vk = v[k]
      const qkk = Q[k * K + k]
      let akk = (-vk * vk * i3(k, k, k)) / qkk
      for (let j = 0; j < K; j++) {
        if (j === k) continue
        const qjj = Q[j * K + j]
        const qkj = Q[k * K + j]
        const det = qkk * qjj - qkj * qkj
        akk -= (vk * v[j] * (qjj * i3(k, k, j) - qkj * i3(k, j, j))) / det
        A[k * K + j] = (-vk * v[j] * (qkk * i3(k, j, j) - qkj * i3(k, k, j))) / det
      }
      for (let m = 0; m < M; m++) {
        const tn = K + m
        const tnn = T[m * M + m]
        const rkn = R[k * M + m]
        const det = qkk * tnn - rkn * rkn
        akk += (vk * vTeacher[m] * (tnn * i3(k, k, tn) - rkn * i3(k, tn, tn))) / det
        b[k * M + m] = (vk * vTeacher[m] * (qkk * i3(k, tn, tn) - rkn * i3(k, k, tn))) / det
      }
      A[k * K + k] = akk
    }
    for (let k = 0; k < K; k++)
      for (let l = k; l < K; l++) {
        let s = 0
        for (let cc = 0; cc < n; cc++) s += u[cc] * (v[k] * i3(k, l, cc) + v[l] * i3(l, k, cc))
        G[k * K + l] = G[l * K + k] = s
      }
    if (withH)
      for (let k = 0; k < K; k++) {
        let s = 0
        for (let cc = 0; cc < n; cc++) s += u[cc] * I2(C, n, k, cc)
        H[k] = s
      }
  }

  return { C, A, b, J, G, H, at }
}
