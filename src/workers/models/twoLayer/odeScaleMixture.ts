// The covariate ODE for inputs that are Gaussian only given a per-sample scale s (a scale mixture:
// pseudo-real latents share one per-image scale, docs/UNIVERSALITY.md). Given the bin s of the
// scale, (ψ_τ·x, λ, ν) are taken jointly Gaussian with the bin's own second moments:
//   Cov(ψ_τ·x, λ_k | s) = Σ_τ′ ψ_τᵀΩ_sψ_τ′ a_kτ′/√N, taken as κ_sτ ρ_τ a_kτ/√N (κ_sτ = ψ_τᵀΩ_sψ_τ/ρ_τ)
//     except among the top modes, where Ω_s is far from diagonal in Ω's eigenbasis and is kept whole
//     for the weights' mean a (the SGD noise in σ − ρ a a stays diagonal),
//   Cov(ψ_τ·x, ν_m | s) = β_smτ/√N,
//   C_s = [[Q_s, R_s], [R_sᵀ, T_s]],  Q_s = mean_τ κ_sτ σ(τ),  R_s = mean_τ a_kτ β_smτ,
// with a_kτ = w_k·ψ_τ = r_km(τ)/β_mτ (r factorises per τ). Stein's lemma inside each bin gives
// the covariate ODE (gaussianCovariate.ts; δ = μ1 = 1, ζ = 0) with each term averaged over bins:
//   dr_km(τ)/dt = η [Σ_j Ā_kj(τ) r_jm(τ) + g_k(τ) β_mτ]
//   dσ_kl(τ)/dt = η [Σ_j (Ā_kj σ_jl + Ā_lj σ_kj) + ρ_τ (g_k a_lτ + g_l a_kτ)] + η² ρ_τ² v_k v_l J̄_kl(τ)
//   Ā_kj(τ) = ρ_τ Σ_s p_s κ_sτ A_kj(C_s),  g_k(τ) = Σ_s p_s Σ_n b_kn(C_s) β_snτ,
//   J̄_kl(τ) = Σ_s p_s κ_sτ J_kl(C_s),
//   dW/dt = η Σ_s p_s G(C_s) + η² μ2 v_k v_l Σ_s p_s α_s J(C_s),   dv/dt = η Σ_s p_s H(C_s),
//   ε_g = Σ_s p_s ε_g(C_s).
// With one bin (κ = 1, β_s = β) this is the covariate ODE term for term; for f linear and latents
// c − m = s·z with z Gaussian it is exact (Ω_s, Φ_s, Σ_s then all scale with s²).
import { gemm } from '@numeric/linalg/gemm'
import { analyticEg } from './analyticEg'
import { fieldCoefficients } from './fieldCoefficients'
import type { OdeActivation } from './integrals'
import type { OdeOptions } from './ode'
import { amplitudeReader, applyWv, type OdeConstants, type OdeState, type ScaleMixture } from './odeState'

/** Work arrays of binOrderParameters. */
interface BinWork {
  /** Q_s, S×K×K */
  Q: Float64Array
  /** R_s, S×K×M */
  R: Float64Array
  /** e_s,kτ over the top modes, (S·top)×K */
  e: Float64Array
  /** a over the top modes, K×top */
  aTop: Float64Array
  /** scratch: Σ_τ κ_sτ σ_kl(τ) (S×K²), Σ_τ β_smτ a_kτ ((S·M)×K) */
  qk: Float64Array
  rk: Float64Array
  /** per bin s: views of Q_s, R_s and the mixture's T_s (made once, not per evaluation) */
  Qs: Float64Array[]
  Rs: Float64Array[]
  Ts: Float64Array[]
}

function binWork(mix: ScaleMixture, K: number, M: number): BinWork {
  const { S, top } = mix
  const Q = new Float64Array(S * K * K), R = new Float64Array(S * K * M)
  const bins = Array.from({ length: S }, (_, s) => s)
  return {
    Q, R, e: new Float64Array(S * top * K), aTop: new Float64Array(K * top), qk: new Float64Array(S * K * K), rk: new Float64Array(S * M * K),
    Qs: bins.map((s) => Q.subarray(s * K * K, (s + 1) * K * K)),
    Rs: bins.map((s) => R.subarray(s * K * M, (s + 1) * K * M)),
    Ts: bins.map((s) => mix.T.subarray(s * M * M, (s + 1) * M * M))
  }
}

/**
 * Q_s and R_s of every bin from σ and the amplitudes a (K×D), three products over τ:
 *   Q_s = mean_τ κ_sτ σ(τ) + (1/D) Σ_{τ,τ′ ∈ top} a_kτ (ψ_τᵀΩ_sψ_τ′ − δ κ_sτ ρ_τ) a_lτ′,   R_s = mean_τ a_kτ β_smτ,
 * and the top modes' off-diagonal excess e_s,kτ = Σ_τ′ (ψ_τᵀΩ_sψ_τ′ − δ κρ) a_kτ′ (for the drift).
 */
function binOrderParameters(mix: ScaleMixture, K: number, M: number, D: number, sigma: Float64Array, a: Float64Array, w: BinWork): void {
  const { S, top } = mix
  const first = D - top
  gemm(S, K * K, D, mix.kappa, sigma, w.qk, { transB: true, alpha: 1 / D })
  gemm(S * M, K, D, mix.beta, a, w.rk, { transB: true, alpha: 1 / D })
  if (top > 0) {
    for (let k = 0; k < K; k++) for (let i = 0; i < top; i++) w.aTop[k * top + i] = a[k * D + first + i]
    gemm(S * top, K, top, mix.offTop, w.aTop, w.e, { transB: true })
  }
  for (let s = 0; s < S; s++) {
    for (let k = 0; k < K; k++)
      for (let l = k; l < K; l++) {
        let acc = 0
        for (let i = 0; i < top; i++) acc += w.aTop[k * top + i] * w.e[(s * top + i) * K + l]
        w.Q[s * K * K + k * K + l] = w.Q[s * K * K + l * K + k] = w.qk[s * K * K + k * K + l] + acc / D
      }
    for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) w.R[s * K * M + k * M + m] = w.rk[(s * M + m) * K + k]
  }
}

function checkMixture(c: OdeConstants): ScaleMixture {
  const mix = c.mixture
  if (!mix) throw new Error('the scale-mixture ODE needs the constants’ mixture')
  if (c.delta !== 1 || c.mu1 !== 1 || c.zeta !== 0) throw new Error('the scale-mixture ODE is the covariate model’s (δ = μ1 = 1, ζ = 0)')
  const { S } = mix
  const { K: _k, M, D } = c
  if (mix.p.length !== S || mix.kappa.length !== S * D || mix.beta.length !== S * M * D || mix.beta0.length !== M * D || mix.T.length !== S * M * M || mix.alpha.length !== S || !(mix.top >= 0 && mix.top <= D) || mix.offTop.length !== S * mix.top * mix.top)
    throw new Error('scale mixture: arrays do not match S, M and the number of modes')
  return mix
}

/** ε_g = Σ_s p_s ε_g(Q_s, R_s, T_s) of a state. */
export function mixtureEg(c: OdeConstants, g: OdeActivation, y: OdeState): number {
  const mix = checkMixture(c)
  const { K, M, D, vTeacher } = c
  const a = new Float64Array(K * D)
  amplitudeReader(mix.beta0, M, D)(y, K, a)
  const w = binWork(mix, K, M)
  binOrderParameters(mix, K, M, D, y.sigma, a, w)
  let eg = 0
  for (let s = 0; s < mix.S; s++)
    eg += mix.p[s] * analyticEg(g, K, M, w.Qs[s], w.Rs[s], w.Ts[s], y.v, vTeacher)
  return eg
}

/** The right-hand side with the same calling convention as createOdeSystem (ode.ts). */
export function createMixtureSystem(c: OdeConstants, o: OdeOptions) {
  const mix = checkMixture(c)
  const { K, M, D, mu2, vTeacher, rho } = c
  const { S, p, kappa, beta, beta0, alpha, top } = mix
  const first = D - top
  // η Σ_s p_s Σ_j A_kj(C_s) e_s,jτ over the top modes: the drift of a_kτ from Ω_s's off-diagonal part
  const E = new Float64Array(K * top)
  const eta = o.lr
  const coef = fieldCoefficients(o.g, K, M)
  const readAmplitudes = amplitudeReader(beta0, M, D)
  const a = new Float64Array(K * D)
  const bw = binWork(mix, K, M)
  // per bin, laid out for one product over bins each: p_s A_kj(C_s) and p_s J_kl(C_s) as K²×S,
  // p_s b_kn(C_s) as K×(S·M)
  const pA = new Float64Array(K * K * S)
  const pJ = new Float64Array(K * K * S)
  const pB = new Float64Array(K * S * M)
  const dW = new Float64Array(K * K)
  const dv = new Float64Array(K)
  // per τ: Ā_kj(τ)/ρ_τ = Σ_s κ_sτ p_s A_kj(C_s), J̄_kl(τ), g_k(τ) = Σ_s Σ_n p_s b_kn(C_s) β_snτ
  const Abar = new Float64Array(K * K * D)
  const Jbar = new Float64Array(K * K * D)
  const gk = new Float64Array(K * D)

  function coefficients(y: OdeState): void {
    const v = y.v
    readAmplitudes(y, K, a)
    dW.fill(0)
    dv.fill(0)
    E.fill(0)
    binOrderParameters(mix, K, M, D, y.sigma, a, bw)
    for (let s = 0; s < S; s++) {
      coef.at(bw.Qs[s], bw.Rs[s], bw.Ts[s], v, vTeacher, o.trainSecondLayer)
      const ps = p[s]
      for (let i = 0; i < K * K; i++) {
        pA[i * S + s] = ps * coef.A[i]
        pJ[i * S + s] = ps * coef.J[i]
        dW[i] += eta * ps * coef.G[i]
      }
      for (let k = 0; k < K; k++) for (let n = 0; n < M; n++) pB[k * S * M + s * M + n] = ps * coef.b[k * M + n]
      for (let k = 0; k < K; k++)
        for (let l = 0; l < K; l++) dW[k * K + l] += eta * eta * mu2 * v[k] * v[l] * ps * alpha[s] * coef.J[k * K + l]
      if (o.trainSecondLayer) for (let k = 0; k < K; k++) dv[k] += eta * ps * coef.H[k]
      for (let k = 0; k < K; k++)
        for (let j = 0; j < K; j++) {
          const c = eta * ps * coef.A[k * K + j]
          for (let i = 0; i < top; i++) E[k * top + i] += c * bw.e[(s * top + i) * K + j]
        }
    }
    gemm(K * K, D, S, pA, kappa, Abar)
    gemm(K * K, D, S, pJ, kappa, Jbar)
    gemm(K, D, S * M, pB, beta, gk)
  }

  function evaluate(y: OdeState, out: OdeState | null, base: OdeState, h: number, acc: OdeState | null, w: number): void {
    coefficients(y)
    const v = y.v
    for (let k = 0; k < K; k++)
      for (let m = 0; m < M; m++) {
        const o = (k * M + m) * D
        for (let t = 0; t < D; t++) {
          let q = 0
          for (let j = 0; j < K; j++) q += Abar[(k * K + j) * D + t] * y.r[(j * M + m) * D + t]
          let f = eta * (rho[t] * q + gk[k * D + t] * beta0[m * D + t])
          if (t >= first) f += E[k * top + t - first] * beta0[m * D + t]
          if (out !== null) out.r[o + t] = base.r[o + t] + h * f
          if (acc !== null) acc.r[o + t] += w * f
        }
      }
    for (let k = 0; k < K; k++)
      for (let l = k; l < K; l++) {
        const o = (k * K + l) * D
        const o2 = (l * K + k) * D
        const vv = eta * eta * v[k] * v[l]
        for (let t = 0; t < D; t++) {
          const rt = rho[t]
          let q = 0
          for (let j = 0; j < K; j++) q += Abar[(k * K + j) * D + t] * y.sigma[(j * K + l) * D + t] + Abar[(l * K + j) * D + t] * y.sigma[(k * K + j) * D + t]
          const src = gk[k * D + t] * a[l * D + t] + gk[l * D + t] * a[k * D + t]
          let f = eta * rt * (q + src) + vv * rt * rt * Jbar[(k * K + l) * D + t]
          if (t >= first) f += rt * (E[k * top + t - first] * a[l * D + t] + E[l * top + t - first] * a[k * D + t])
          if (out !== null) out.sigma[o + t] = out.sigma[o2 + t] = base.sigma[o + t] + h * f
          if (acc !== null) {
            acc.sigma[o + t] += w * f
            if (o2 !== o) acc.sigma[o2 + t] += w * f
          }
        }
      }
    applyWv(K, out, base, h, acc, w, dW, dv)
  }

  return { evaluate }
}
