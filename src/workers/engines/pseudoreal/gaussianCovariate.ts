// The Gaussian covariate model of pseudo-real data (MATH.md §4): the student's centred input x (N
// pixels, exactly as SGD sees it) and the teacher's input c − m (D latents) are replaced by jointly
// Gaussian vectors with their exact second moments over the KDE,
//   Ω_x = E[x xᵀ] (N×N),   Φ = E[x (c − m)ᵀ] (N×D),   Σ_c = Cov c,
// so Q = w Ω_x wᵀ/N, R = w Φ w̃ᵀ/√(ND), T = w̃ Σ_c w̃ᵀ/D hold at t = 0 up to Monte Carlo error, with no
// linearisation of f and no per-pixel noise model (the Gaussian-equivalent HMM's approximations).
//
// Its online-SGD ODE is the HMM ODE (MATH.md §3) in the eigenbasis of Ω_x, Ω_x ψ_τ = ρ_τ ψ_τ with
// |ψ_τ| = 1, τ = 1..N: with a_kτ = w_k·ψ_τ and β_mτ = √N ψ_τ·Φ w̃_m/√D (√N × Cov(ψ_τ·x, ν_m)),
//   σ_kl(τ) = ρ_τ a_kτ a_lτ,  r_km(τ) = a_kτ β_mτ,  δ = 1,  μ1 = μ2 = 1 (ζ = 0),
// and the per-mode teacher source μ1 ρ_τ ω_nτ ω_mτ = β_nτ β_mτ, i.e. ω_mτ = β_mτ/√ρ_τ. (Derivation:
// E[ψ_τ·x | λ_k, φ] is linear in the two fields with Cov(ψ_τ·x, λ_j) = ρ_τ a_jτ/√N and
// Cov(ψ_τ·x, ν_n) = β_nτ/√N, which is term for term the HMM's with d_τ → ρ_τ, δ → 1.)
import { gemm } from '@numeric/linalg/gemm'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import type { Rng } from '@numeric/random/rng'
import type { OdeConstants, OdeState } from '@models/twoLayer/odeState'
import type { LatentKde } from './kde'
import { kdeCovariance } from './gaussianEquivalent'

export interface CovariateMoments {
  N: number
  D: number
  /** Ω_x = E[x xᵀ], N×N */
  omegaX: Float64Array
  /** Φ = E[x (c − m)ᵀ], N×D */
  phi: Float64Array
  /** Σ_c = Cov c over the KDE (exact), D×D */
  covC: Float64Array
  samples: number
}

/**
 * Ω_x and Φ by Monte Carlo over `samples` KDE draws: x = f(cF/√D) − μ0 (μ0: the per-pixel means the
 * SGD subtracts), c − m with m the KDE's mean. The relative error of a quadratic form wᵀΩ_x w is ≈ √(2/samples).
 */
export function covariateMoments(kde: LatentKde, F: Float64Array, N: number, f: (u: number) => number, mu0: Float64Array, rng: Rng, samples: number, block = 512): CovariateMoments {
  const { D, mean: m } = kde
  const omegaX = new Float64Array(N * N)
  const phi = new Float64Array(N * D)
  const c = new Float64Array(block * D)
  const x = new Float64Array(block * N)
  for (let done = 0; done < samples; done += block) {
    const B = Math.min(block, samples - done)
    const cb = c.subarray(0, B * D)
    const xb = x.subarray(0, B * N)
    kde.sample(cb, B, rng)
    gemm(B, N, D, cb, F, xb, { alpha: 1 / Math.sqrt(D) })
    for (let b = 0; b < B; b++) for (let i = 0; i < N; i++) xb[b * N + i] = f(xb[b * N + i]) - mu0[i]
    for (let b = 0; b < B; b++) for (let r = 0; r < D; r++) cb[b * D + r] -= m[r]
    // Ω += xᵀx, Φ += xᵀ(c − m)
    gemm(N, N, B, xb, xb, omegaX, { transA: true, beta: 1 })
    gemm(N, D, B, xb, cb, phi, { transA: true, beta: 1 })
  }
  for (let i = 0; i < omegaX.length; i++) omegaX[i] /= samples
  for (let i = 0; i < phi.length; i++) phi[i] /= samples
  // symmetrise (the two triangles are summed in different orders)
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) omegaX[i * N + j] = omegaX[j * N + i] = 0.5 * (omegaX[i * N + j] + omegaX[j * N + i])
  return { N, D, omegaX, phi, covC: kdeCovariance(kde), samples }
}

/**
 * ODE constants and initial state of the Gaussian covariate model for student weights w (K×N), v (K),
 * teacher w̃ (M×D) acting on c − m, ṽ (M).
 */
export function covariateOde(mom: CovariateMoments, w: Float64Array, v: Float64Array, K: number, wTeacher: Float64Array, vTeacher: Float64Array, M: number): { constants: OdeConstants; state: OdeState } {
  const { N, D, omegaX, phi, covC } = mom
  const { values: rho, vectors } = symmetricEigen(omegaX, N)
  const V = vectors!
  // a = w V (K×N), β = √N (Φ w̃ᵀ)ᵀ V /√D (M×N)
  const a = new Float64Array(K * N)
  gemm(K, N, N, w, V, a)
  const phiW = new Float64Array(N * M)
  gemm(N, M, D, phi, wTeacher, phiW, { transB: true, alpha: Math.sqrt(N) / Math.sqrt(D) })
  const beta = new Float64Array(M * N)
  gemm(M, N, N, phiW, V, beta, { transA: true })
  const tol = 1e-12 * Math.max(1e-300, rho[N - 1])
  const omega = new Float64Array(M * N)
  for (let m = 0; m < M; m++) for (let t = 0; t < N; t++) omega[m * N + t] = rho[t] > tol ? beta[m * N + t] / Math.sqrt(rho[t]) : 0
  const sigma = new Float64Array(K * K * N)
  const r = new Float64Array(K * M * N)
  for (let k = 0; k < K; k++)
    for (let t = 0; t < N; t++) {
      for (let l = 0; l < K; l++) sigma[(k * K + l) * N + t] = rho[t] * a[k * N + t] * a[l * N + t]
      for (let m = 0; m < M; m++) r[(k * M + m) * N + t] = a[k * N + t] * beta[m * N + t]
    }
  // T = w̃ Σ_c w̃ᵀ/D; T̃_mn = mean_τ β_mτ β_nτ (the τ-averaged form, kept for reference)
  const tmp = new Float64Array(M * D)
  gemm(M, D, D, wTeacher, covC, tmp)
  const T = new Float64Array(M * M)
  gemm(M, M, D, tmp, wTeacher, T, { transB: true, alpha: 1 / D })
  const tildeT = new Float64Array(M * M)
  gemm(M, M, N, beta, beta, tildeT, { transB: true, alpha: 1 / N })
  const W = new Float64Array(K * K)
  gemm(K, K, N, w, w, W, { transB: true, alpha: 1 / N })
  const constants: OdeConstants = { K, M, D: N, delta: 1, mu1: 1, mu2: 1, zeta: 0, vTeacher: Float64Array.from(vTeacher), T, tildeT, rho: Float64Array.from(rho), omega }
  return { constants, state: { sigma, r, W, v: Float64Array.from(v) } }
}
