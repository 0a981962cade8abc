// The LE drift M(t) X̄ of MATH.md §8 without forming the Kp×Kp matrix:
//   M_kl = P_kl E_kl H_kl,  P = 11ᵀ/K,  E_kk = α, E_kl = β (k ≠ l),
//   I-model  H_kl = I_p:                 (M X̄)_k = (α X̄_k + β Σ_{l≠k} X̄_l)/K
//   L-model  H_kl = d_l d_lᵀ/‖d_l‖², p = K, d_l = e_l − 1/K:
//            (M X̄)_k = (α s_k d_k + β Σ_{l≠k} s_l d_l)/K,  s_l = d_lᵀ X̄_l/‖d_l‖².
// Layout: X̄ is K×p row-major (class k's vector is row k).
import type { LeModel } from '@shared/specs/le-sde'

/** out ← M(α, β) x for x of K×p. */
export function applyDrift(model: LeModel, K: number, p: number, alpha: number, beta: number, x: Float64Array, out: Float64Array): void {
  if (model === 'I') {
    for (let j = 0; j < p; j++) {
      let total = 0
      for (let l = 0; l < K; l++) total += x[l * p + j]
      for (let k = 0; k < K; k++) out[k * p + j] = ((alpha - beta) * x[k * p + j] + beta * total) / K
    }
    return
  }
  // L-model: s_l = d_lᵀx_l/‖d_l‖² with d_lᵀ x_l = x_ll − mean(x_l), ‖d_l‖² = (K−1)/K
  const s = new Float64Array(K)
  const dd = (K - 1) / K
  for (let l = 0; l < K; l++) {
    let mean = 0
    for (let j = 0; j < K; j++) mean += x[l * K + j]
    s[l] = (x[l * K + l] - mean / K) / dd
  }
  let S = 0
  for (let l = 0; l < K; l++) S += s[l]
  // Σ_l c_l s_l d_l has coordinate j: c_j s_j − (Σ_l c_l s_l)/K
  for (let k = 0; k < K; k++) {
    const total = alpha * s[k] + beta * (S - s[k]) // Σ_l E_kl s_l
    for (let j = 0; j < K; j++) {
      const cj = j === k ? alpha : beta
      out[k * K + j] = (cj * s[j] - total / K) / K
    }
  }
}

/** The dense Kp×Kp drift matrix M(α, β) (tests, exact propagators). */
export function driftMatrix(model: LeModel, K: number, p: number, alpha: number, beta: number): Float64Array {
  const n = K * p
  const M = new Float64Array(n * n)
  const e = new Float64Array(n)
  const col = new Float64Array(n)
  for (let c = 0; c < n; c++) {
    e.fill(0)
    e[c] = 1
    applyDrift(model, K, p, alpha, beta, e, col)
    for (let r = 0; r < n; r++) M[r * n + c] = col[r]
  }
  return M
}
