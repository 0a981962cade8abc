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
import { SCALE_BIN_TOP_MODES } from '@shared/cost'
import { cholesky, solveLower } from '@numeric/linalg/cholesky'
import { gemm } from '@numeric/linalg/gemm'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import type { Rng } from '@numeric/random/rng'
import type { OdeConstants, OdeState, ScaleMixture } from '@models/twoLayer/odeState'
import { centredInputs, inputBlocks } from './centredInputs'
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
  /** the same moments per bin of the latents' whitened radius (scaleMoments), when asked */
  bins?: ScaleBins
}

/** Second moments conditional on the bin of γ = |L⁻¹(c − m)|²/D (Σ_c = LLᵀ): S equal-count bins. */
export interface ScaleBins {
  S: number
  /** p_s = n_s / n */
  p: Float64Array
  /** E[γ | s] */
  gamma: Float64Array
  /** Ω_s = E[x xᵀ | s], S×N×N */
  omegaX: Float64Array
  /** Φ_s = E[x (c − m)ᵀ | s], S×N×D */
  phi: Float64Array
  /** E[(c − m)(c − m)ᵀ | s], S×D×D */
  covC: Float64Array
}

/**
 * Ω_x and Φ by Monte Carlo over `samples` KDE draws: x = f(cF/√D) − μ0 (μ0: the per-pixel means the
 * SGD subtracts), c − m with m the KDE's mean. The relative error of a quadratic form wᵀΩ_x w is ≈ √(2/samples).
 */
export function covariateMoments(kde: LatentKde, F: Float64Array, N: number, f: (u: number) => number, mu0: Float64Array, rng: Rng, samples: number, block = 512): CovariateMoments {
  const { D, mean: m } = kde
  const omegaX = new Float64Array(N * N)
  const phi = new Float64Array(N * D)
  for (const { B, c: cb, x: xb } of inputBlocks(kde, F, N, f, mu0, rng, samples, block)) {
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
 * Quantile of the lower edge of bin i of S (i = S gives 1): ⌈S/2⌉ bins of equal probability below the
 * median, then bins that halve what is left of the tail (3/4, 7/8, …), so the few images of
 * largest scale, whose fields differ most, get bins of their own.
 */
export function scaleBinEdge(i: number, S: number): number {
  const half = Math.ceil(S / 2)
  if (i >= S) return 1
  if (i <= half) return i / (2 * half)
  return 1 - 2 ** -(i - half + 1)
}

/**
 * The covariate moments per bin of the latents' scale: `samples` KDE draws c are sorted by their
 * whitened radius γ = |L⁻¹(c − m)|²/D (Σ_c = LLᵀ, the KDE's exact covariance) and cut into S bins
 * (scaleBinEdge); each bin accumulates Ω_s, Φ_s and its latent covariance, and Ω = Σ_s p_s Ω_s,
 * Φ = Σ_s p_s Φ_s are the plain model's moments from the same draws. Memory: S·N² doubles.
 */
export function scaleMoments(kde: LatentKde, F: Float64Array, N: number, f: (u: number) => number, mu0: Float64Array, rng: Rng, samples: number, S: number, block = 512): CovariateMoments {
  const { D, mean: m } = kde
  const covC = kdeCovariance(kde)
  const L = cholesky(covC, D)
  if (!L) throw new Error('the latent covariance is not positive definite')
  // every draw, centred, and its γ
  const all = new Float64Array(samples * D)
  kde.sample(all, samples, rng)
  const gamma = new Float64Array(samples)
  const z = new Float64Array(D)
  for (let b = 0; b < samples; b++) {
    for (let r = 0; r < D; r++) z[r] = all[b * D + r] -= m[r]
    solveLower(L, D, z)
    let r2 = 0
    for (let r = 0; r < D; r++) r2 += z[r] * z[r]
    gamma[b] = r2 / D
  }
  const order = Array.from({ length: samples }, (_, i) => i).sort((i, j) => gamma[i] - gamma[j])
  const NN = N * N, ND = N * D, DD = D * D
  const bins: ScaleBins = { S, p: new Float64Array(S), gamma: new Float64Array(S), omegaX: new Float64Array(S * NN), phi: new Float64Array(S * ND), covC: new Float64Array(S * DD) }
  const c = new Float64Array(block * D)
  const x = new Float64Array(block * N)
  for (let s = 0; s < S; s++) {
    const lo = Math.floor(scaleBinEdge(s, S) * samples), hi = Math.floor(scaleBinEdge(s + 1, S) * samples)
    const omegaS = bins.omegaX.subarray(s * NN, (s + 1) * NN)
    const phiS = bins.phi.subarray(s * ND, (s + 1) * ND)
    const covS = bins.covC.subarray(s * DD, (s + 1) * DD)
    for (let done = lo; done < hi; done += block) {
      const B = Math.min(block, hi - done)
      const cb = c.subarray(0, B * D)
      const xb = x.subarray(0, B * N)
      for (let b = 0; b < B; b++) {
        const i = order[done + b]
        bins.gamma[s] += gamma[i]
        // u = (c − m + m)F/√D: the map reads the uncentred latent
        for (let r = 0; r < D; r++) cb[b * D + r] = all[i * D + r] + m[r]
      }
      centredInputs(cb, B, D, F, N, f, mu0, xb)
      for (let b = 0; b < B; b++) for (let r = 0; r < D; r++) cb[b * D + r] -= m[r]
      gemm(N, N, B, xb, xb, omegaS, { transA: true, beta: 1 })
      gemm(N, D, B, xb, cb, phiS, { transA: true, beta: 1 })
      gemm(D, D, B, cb, cb, covS, { transA: true, beta: 1 })
    }
    const n = hi - lo
    bins.p[s] = n / samples
    bins.gamma[s] /= n
    for (let i = 0; i < NN; i++) omegaS[i] /= n
    for (let i = 0; i < ND; i++) phiS[i] /= n
    for (let i = 0; i < DD; i++) covS[i] /= n
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) omegaS[i * N + j] = omegaS[j * N + i] = 0.5 * (omegaS[i * N + j] + omegaS[j * N + i])
  }
  const omegaX = new Float64Array(NN)
  const phi = new Float64Array(ND)
  for (let s = 0; s < S; s++) {
    const ps = bins.p[s]
    for (let i = 0; i < NN; i++) omegaX[i] += ps * bins.omegaX[s * NN + i]
    for (let i = 0; i < ND; i++) phi[i] += ps * bins.phi[s * ND + i]
  }
  return { N, D, omegaX, phi, covC, samples, bins }
}

/**
 * The scale mixture of the ODE (odeState.ts ScaleMixture) in the eigenbasis V of Ω:
 * κ_sτ = ψ_τᵀΩ_sψ_τ/ρ_τ (1 where ρ_τ vanishes), β_smτ = √N ψ_τ·Φ_s w̃_m/√D, T_s = w̃ Σ_s w̃ᵀ/D,
 * α_s = tr Ω_s / tr Ω.
 */
function scaleMixture(bins: ScaleBins, V: Float64Array, rho: Float64Array, N: number, D: number, wTeacher: Float64Array, M: number, tol: number, topModes: number): ScaleMixture {
  const { S } = bins
  const top = Math.min(N, topModes)
  const offTop = new Float64Array(S * top * top)
  const Vt = new Float64Array(N * top)
  const Yt = new Float64Array(N * top)
  for (let i = 0; i < N; i++) for (let j = 0; j < top; j++) Vt[i * top + j] = V[i * N + N - top + j]
  const kappa = new Float64Array(S * N)
  const beta = new Float64Array(S * M * N)
  const beta0 = new Float64Array(M * N)
  const T = new Float64Array(S * M * M)
  const alpha = new Float64Array(S)
  const Y = new Float64Array(N * N)
  const phiW = new Float64Array(N * M)
  const tmp = new Float64Array(M * D)
  let trace = 0
  for (let t = 0; t < N; t++) trace += rho[t]
  for (let s = 0; s < S; s++) {
    const omegaS = bins.omegaX.subarray(s * N * N, (s + 1) * N * N)
    gemm(N, N, N, omegaS, V, Y)
    for (let t = 0; t < N; t++) {
      let q = 0
      for (let i = 0; i < N; i++) q += V[i * N + t] * Y[i * N + t]
      kappa[s * N + t] = rho[t] > tol ? q / rho[t] : 1
    }
    // ψ_τᵀ Ω_s ψ_τ′ over the top modes, less its diagonal
    for (let i = 0; i < N; i++) for (let j = 0; j < top; j++) Yt[i * top + j] = Y[i * N + N - top + j]
    const off = offTop.subarray(s * top * top, (s + 1) * top * top)
    gemm(top, top, N, Vt, Yt, off, { transA: true })
    for (let i = 0; i < top; i++) for (let j = i + 1; j < top; j++) off[i * top + j] = off[j * top + i] = 0.5 * (off[i * top + j] + off[j * top + i])
    for (let i = 0; i < top; i++) off[i * top + i] = 0
    let tr = 0
    for (let i = 0; i < N; i++) tr += omegaS[i * N + i]
    alpha[s] = tr / trace
    gemm(N, M, D, bins.phi.subarray(s * N * D, (s + 1) * N * D), wTeacher, phiW, { transB: true, alpha: Math.sqrt(N) / Math.sqrt(D) })
    gemm(M, N, N, phiW, V, beta.subarray(s * M * N, (s + 1) * M * N), { transA: true })
    gemm(M, D, D, wTeacher, bins.covC.subarray(s * D * D, (s + 1) * D * D), tmp)
    gemm(M, M, D, tmp, wTeacher, T.subarray(s * M * M, (s + 1) * M * M), { transB: true, alpha: 1 / D })
  }
  for (let s = 0; s < S; s++) for (let i = 0; i < M * N; i++) beta0[i] += bins.p[s] * beta[s * M * N + i]
  return { S, p: Float64Array.from(bins.p), kappa, beta, beta0, T, alpha, top, offTop }
}

/**
 * ODE constants and initial state of the Gaussian covariate model for student weights w (K×N), v (K),
 * teacher w̃ (M×D) acting on c − m, ṽ (M).
 */
export function covariateOde(mom: CovariateMoments, w: Float64Array, v: Float64Array, K: number, wTeacher: Float64Array, vTeacher: Float64Array, M: number, topModes = SCALE_BIN_TOP_MODES): { constants: OdeConstants; state: OdeState; V: Float64Array; beta: Float64Array } {
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
  if (mom.bins) constants.mixture = scaleMixture(mom.bins, V, rho, N, D, wTeacher, M, tol, topModes)
  return { constants, state: { sigma, r, W, v: Float64Array.from(v) }, V, beta }
}
