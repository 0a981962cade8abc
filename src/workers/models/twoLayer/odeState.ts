// The ODE's state and constants (MATH.md §2–3), from a drawn instance or an explicit spec.
// State: densities σ_kl(τ), r_km(τ) over the eigenvalues ρ_τ of Ω = FFᵀ/N, plus W, v.
import { spectralProjections } from '@numeric/linalg/spectralProjections'
import { symmetricRankK } from '@numeric/linalg/symmetricRankK'
import type { OdeInitialState } from '@shared/spec'
import type { HmmInstance } from './instance'

export interface OdeConstants {
  K: number
  M: number
  D: number
  /** δ = D/N */
  delta: number
  mu1: number
  mu2: number
  /** ζ = μ2 − μ1² */
  zeta: number
  vTeacher: Float64Array
  /** T_mn = w̃_m·w̃_n / D, M×M */
  T: Float64Array
  /** T̃_mn = mean_τ ρ_τ ω_mτ ω_nτ, M×M */
  tildeT: Float64Array
  /** eigenvalues ρ_τ of Ω, length D */
  rho: Float64Array
  /** teacher overlaps ω_mτ = w̃_m·ψ_τ/√D, M×D (from a drawn instance; the per-mode teacher term reads them) */
  omega?: Float64Array
  /** the fields' scale mixture (odeScaleMixture.ts): the ODE averages its integrals over these bins */
  mixture?: ScaleMixture
}

/**
 * Inputs whose second moments depend on a per-sample scale (odeScaleMixture.ts): S bins of that
 * scale, each with its own input covariance Ω_s = E[xxᵀ | s] and cross-covariance Φ_s, written in
 * the eigenbasis ψ_τ of Ω = Σ_s p_s Ω_s (the covariate model's; δ = 1, μ1 = 1, ζ = 0).
 */
export interface ScaleMixture {
  S: number
  /** p_s, the bins' probabilities (sum 1), S */
  p: Float64Array
  /** κ_sτ = ψ_τᵀ Ω_s ψ_τ / ρ_τ (Σ_s p_s κ_sτ = 1), S×D */
  kappa: Float64Array
  /** β_smτ = √N ψ_τ·Φ_s w̃_m/√D, S×M×D */
  beta: Float64Array
  /** β_mτ = Σ_s p_s β_smτ (r_km(τ) = a_kτ β_mτ), M×D */
  beta0: Float64Array
  /** T_s = w̃ E[(c − m)(c − m)ᵀ | s] w̃ᵀ/D, S×M×M */
  T: Float64Array
  /** tr Ω_s / tr Ω (W's noise term), S */
  alpha: Float64Array
  /**
   * the top modes coupled in full: τ ∈ [D − top, D) (ρ ascending), where Ω_s is far from diagonal
   * in Ω's eigenbasis; the other modes keep κ_sτ alone
   */
  top: number
  /** (ψ_τᵀ Ω_s ψ_τ′ − δ_ττ′ κ_sτ ρ_τ) over the top modes, S×top×top */
  offTop: Float64Array
}

export interface OdeState {
  /** σ_kl(τ) = Γ_kτ Γ_lτ, K×K×D, index (k*K+l)*D+τ */
  sigma: Float64Array
  /** r_km(τ) = Γ_kτ ω_mτ, K×M×D, index (k*M+m)*D+τ */
  r: Float64Array
  /** W_kl = w_k·w_l / N, K×K */
  W: Float64Array
  /** student second layer, K */
  v: Float64Array
}

export interface OrderParameters {
  /** Q = ζW + μ1²Σ, K×K */
  Q: Float64Array
  /** R = μ1 mean_τ r(τ), K×M */
  R: Float64Array
  /** Σ = mean_τ σ(τ), K×K */
  Sigma: Float64Array
}

/**
 * The student's mean weights in the modes, where r factorises per mode, r_km(τ) = a_kτ β_mτ (the
 * covariate model's state): reading each τ through the teacher m with the largest |β_mτ| keeps the
 * division well conditioned; a mode no teacher reaches (every β_mτ = 0) reads 0.
 */
export function amplitudeReader(beta: Float64Array, M: number, D: number): (y: OdeState, K: number, a: Float64Array) => void {
  const m = new Int32Array(D)
  const inv = new Float64Array(D)
  for (let t = 0; t < D; t++) {
    let best = 0
    for (let q = 1; q < M; q++) if (Math.abs(beta[q * D + t]) > Math.abs(beta[best * D + t])) best = q
    m[t] = best
    inv[t] = beta[best * D + t] !== 0 ? 1 / beta[best * D + t] : 0
  }
  /** a_kτ = r_km*(τ)/β_m*τ into a (K×D) */
  return (y, K, a) => {
    for (let k = 0; k < K; k++) for (let t = 0; t < D; t++) a[k * D + t] = y.r[(k * M + m[t]) * D + t] * inv[t]
  }
}

/** W and v of a right-hand side evaluation: out = base + h·(dW, dv) (if out), acc += w·(dW, dv) (if acc). */
export function applyWv(K: number, out: OdeState | null, base: OdeState, h: number, acc: OdeState | null, w: number, dW: Float64Array, dv: Float64Array): void {
  for (let kl = 0; kl < K * K; kl++) {
    if (out !== null) out.W[kl] = base.W[kl] + h * dW[kl]
    if (acc !== null) acc.W[kl] += w * dW[kl]
  }
  for (let k = 0; k < K; k++) {
    if (out !== null) out.v[k] = base.v[k] + h * dv[k]
    if (acc !== null) acc.v[k] += w * dv[k]
  }
}

/** A deep copy (the integrator never mutates the state it is given). */
export function cloneState(s: OdeState): OdeState {
  return { sigma: s.sigma.slice(), r: s.r.slice(), W: s.W.slice(), v: s.v.slice() }
}

/** Σ = mean_τ σ, R = μ1 mean_τ r, Q = ζW + μ1²Σ. */
export function orderParameters(c: OdeConstants, s: OdeState): OrderParameters {
  const { K, M, D, mu1, zeta } = c
  const Sigma = new Float64Array(K * K)
  const R = new Float64Array(K * M)
  const Q = new Float64Array(K * K)
  for (let kl = 0; kl < K * K; kl++) {
    let acc = 0
    for (let t = 0; t < D; t++) acc += s.sigma[kl * D + t]
    Sigma[kl] = acc / D
    Q[kl] = zeta * s.W[kl] + mu1 * mu1 * Sigma[kl]
  }
  for (let km = 0; km < K * M; km++) {
    let acc = 0
    for (let t = 0; t < D; t++) acc += s.r[km * D + t]
    R[km] = (mu1 * acc) / D
  }
  return { Q, R, Sigma }
}

/** Ω = FFᵀ/N (D×D, row-major, exactly symmetric) for F ∈ R^{D×N}: the upper triangle, mirrored. */
export function featureCovariance(F: Float64Array, D: number, N: number): Float64Array {
  const omega = new Float64Array(D * D)
  symmetricRankK(D, N, F, omega, { alpha: 1 / N, mirror: true })
  return omega
}

/** S_k = F w_kᵀ/√N ∈ R^D, the latent projection of student unit k; K×D row-major. */
export function latentProjections(inst: HmmInstance): Float64Array {
  const { N, D, K, F, w } = inst
  const S = new Float64Array(K * D)
  const inv = 1 / Math.sqrt(N)
  for (let k = 0; k < K; k++)
    for (let r = 0; r < D; r++) {
      let s = 0
      for (let i = 0; i < N; i++) s += F[r * N + i] * w[k * N + i]
      S[k * D + r] = s * inv
    }
  return S
}

/**
 * ODE constants and initial state from a drawn instance (MATH.md §2): eigenpairs Ω ψ_τ = ρ_τ ψ_τ
 * with |ψ_τ|² = D, Γ_kτ = S_k·ψ_τ/√D, ω_mτ = w̃_m·ψ_τ/√D (= projections on the unit eigenvectors),
 * σ_kl(τ) = Γ_kτΓ_lτ, r_km(τ) = Γ_kτ ω_mτ, W = wwᵀ/N, T = w̃w̃ᵀ/D, T̃_mn = mean_τ ρ_τ ω_mτ ω_nτ.
 */
export function odeStateFromInstance(inst: HmmInstance, mu1: number, mu2: number): { constants: OdeConstants; state: OdeState } {
  const { N, D, K, M, wTeacher } = inst
  // Ω's spectrum and the overlaps of S_k and w̃_m with its unit eigenvectors, without the eigenvectors
  const X = new Float64Array((K + M) * D)
  X.set(latentProjections(inst))
  X.set(wTeacher, K * D)
  const { values: rho, projections } = spectralProjections(featureCovariance(inst.F, D, N), D, X, K + M)
  const Gamma = projections.subarray(0, K * D) // K×D
  const omegaT = projections.slice(K * D) // M×D
  const sigma = new Float64Array(K * K * D)
  const r = new Float64Array(K * M * D)
  for (let k = 0; k < K; k++)
    for (let t = 0; t < D; t++) {
      for (let l = 0; l < K; l++) sigma[(k * K + l) * D + t] = Gamma[k * D + t] * Gamma[l * D + t]
      for (let m = 0; m < M; m++) r[(k * M + m) * D + t] = Gamma[k * D + t] * omegaT[m * D + t]
    }
  const tildeT = new Float64Array(M * M)
  for (let m = 0; m < M; m++)
    for (let n = 0; n < M; n++) {
      let s = 0
      for (let t = 0; t < D; t++) s += rho[t] * omegaT[m * D + t] * omegaT[n * D + t]
      tildeT[m * M + n] = s / D
    }
  const constants: OdeConstants = {
    K, M, D, delta: D / N, mu1, mu2, zeta: mu2 - mu1 * mu1,
    vTeacher: inst.vTeacher.slice(), T: gram(wTeacher, M, D), tildeT, rho, omega: omegaT
  }
  return { constants, state: { sigma, r, W: gram(inst.w, K, N), v: inst.v.slice() } }
}

/** Constants and state from an explicit OdeInitialState (arrays sigma[k][l][τ], r[k][m][τ]). */
export function odeStateFromSpec(init: OdeInitialState, N: number, mu1: number, mu2: number): { constants: OdeConstants; state: OdeState } {
  const D = init.rho.length
  const K = init.v.length
  const M = init.vTeacher.length
  const sigma = new Float64Array(K * K * D)
  const r = new Float64Array(K * M * D)
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) sigma.set(init.sigma[k][l], (k * K + l) * D)
    for (let m = 0; m < M; m++) r.set(init.r[k][m], (k * M + m) * D)
  }
  const constants: OdeConstants = {
    K, M, D, delta: D / N, mu1, mu2, zeta: mu2 - mu1 * mu1,
    vTeacher: Float64Array.from(init.vTeacher), T: Float64Array.from(init.T.flat()),
    tildeT: Float64Array.from(init.tildeT.flat()), rho: Float64Array.from(init.rho),
    omega: init.omega ? Float64Array.from(init.omega.flat()) : undefined
  }
  return { constants, state: { sigma, r, W: Float64Array.from(init.W.flat()), v: Float64Array.from(init.v) } }
}

export interface DirectOrderParameters extends OrderParameters {
  W: Float64Array
  T: Float64Array
  tildeT: Float64Array
}

/**
 * Order parameters straight from the weights, without the eigenbasis (MATH.md §2):
 * W = wwᵀ/N, Σ = SSᵀ/D, R = μ1 S w̃ᵀ/D, Q = ζW + μ1²Σ, T = w̃w̃ᵀ/D,
 * T̃ = w̃ Ω w̃ᵀ/D (= mean_τ ρ_τ ω_mτ ω_nτ since Σ_τ ρ_τ u_τ u_τᵀ = Ω for unit eigenvectors u_τ).
 */
export function orderParametersFromWeights(inst: HmmInstance, mu1: number, mu2: number): DirectOrderParameters {
  const { N, D, K, M, F, wTeacher } = inst
  const zeta = mu2 - mu1 * mu1
  const S = latentProjections(inst)
  const W = gram(inst.w, K, N)
  const Sigma = gram(S, K, D)
  const Q = new Float64Array(K * K)
  for (let i = 0; i < K * K; i++) Q[i] = zeta * W[i] + mu1 * mu1 * Sigma[i]
  const R = new Float64Array(K * M)
  for (let k = 0; k < K; k++)
    for (let m = 0; m < M; m++) {
      let s = 0
      for (let r = 0; r < D; r++) s += S[k * D + r] * wTeacher[m * D + r]
      R[k * M + m] = (mu1 * s) / D
    }
  // Ω w̃_n = F (Fᵀ w̃_n) / N
  const omegaW = new Float64Array(M * D)
  const tmp = new Float64Array(N)
  for (let m = 0; m < M; m++) {
    tmp.fill(0)
    for (let r = 0; r < D; r++) {
      const wr = wTeacher[m * D + r]
      for (let i = 0; i < N; i++) tmp[i] += F[r * N + i] * wr
    }
    for (let r = 0; r < D; r++) {
      let s = 0
      for (let i = 0; i < N; i++) s += F[r * N + i] * tmp[i]
      omegaW[m * D + r] = s / N
    }
  }
  const tildeT = new Float64Array(M * M)
  for (let m = 0; m < M; m++)
    for (let n = 0; n < M; n++) {
      let s = 0
      for (let r = 0; r < D; r++) s += wTeacher[m * D + r] * omegaW[n * D + r]
      tildeT[m * M + n] = s / D
    }
  return { Q, R, Sigma, W, T: gram(wTeacher, M, D), tildeT }
}

/** X Xᵀ / cols for X rows×cols row-major. */
function gram(X: Float64Array, rows: number, cols: number): Float64Array {
  const G = new Float64Array(rows * rows)
  for (let a = 0; a < rows; a++)
    for (let b = a; b < rows; b++) {
      let s = 0
      for (let i = 0; i < cols; i++) s += X[a * cols + i] * X[b * cols + i]
      G[a * rows + b] = G[b * rows + a] = s / cols
    }
  return G
}

