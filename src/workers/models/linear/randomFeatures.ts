// Two layers with a random, fixed ReLU first layer (Advani & Saxe 2017 §7; seed 002 eqs. 9–12;
// MATH.md §7). Inputs x ~ N(0, I/N_i) (the columns of X, N_i×P), first layer W¹ ∈ R^{N_h×N_i}
// with N(0, 1) entries, features h(x) = φ(W¹x)/√N_h (φ = ReLU), X_h = φ(W¹X)/√N_h (N_h×P).
// The teacher is linear in x, y = w̄x + ε (w̄ ~ N(0, σ_w²), the task does not change with N_h);
// the student ŷ = w·h(x) trains only w, which is the linear problem of MATH.md §7 in X_h.
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { rowTimes, sampleGram } from './instance'
import { decay, FLOW, type Clock } from './learningCurve'

/** X_h = φ(W¹X)/√N_h for W¹ (Nh×Ni) and X (Ni×P), row-major */
export function reluFeatures(W1: Float64Array, X: Float64Array, Nh: number, Ni: number, P: number): Float64Array {
  const H = new Float64Array(Nh * P)
  const scale = 1 / Math.sqrt(Nh)
  for (let a = 0; a < Nh; a++) {
    const out = a * P
    for (let i = 0; i < Ni; i++) {
      const w = W1[a * Ni + i]
      const row = i * P
      for (let m = 0; m < P; m++) H[out + m] += w * X[row + m]
    }
    for (let m = 0; m < P; m++) H[out + m] = H[out + m] > 0 ? H[out + m] * scale : 0
  }
  return H
}

/**
 * The exact generalisation error of the readout w on fresh x ~ N(0, I/N_i) and fresh noise:
 *   E_g = ‖w̄‖²/N_i − 2 w·c + wKwᵀ + σ_ε²,
 *   c_a = E[(w̄·x) h_a(x)] = (w̄·W_a)/(2 N_i √N_h)          (E[u φ(v)] = Cov(u, v)/2 for Gaussian u, v),
 *   K_ab = E[h_a h_b] = σ_a σ_b (sin θ + (π − θ) cos θ)/(2π N_h),  σ_a = ‖W_a‖/√N_i, cos θ = Ŵ_a·Ŵ_b
 * (the arc-cosine kernel of degree 1, Cho & Saul 2009). K (Nh×Nh) and c are built once per W¹.
 */
export class ReluTestError {
  readonly K: Float64Array
  readonly c: Float64Array
  readonly teacherPower: number
  constructor(
    W1: Float64Array,
    readonly Nh: number,
    readonly Ni: number,
    wTeacher: Float64Array
  ) {
    const norms = new Float64Array(Nh)
    for (let a = 0; a < Nh; a++) {
      let s = 0
      for (let i = 0; i < Ni; i++) s += W1[a * Ni + i] ** 2
      norms[a] = Math.sqrt(s)
    }
    this.K = new Float64Array(Nh * Nh)
    for (let a = 0; a < Nh; a++)
      for (let b = a; b < Nh; b++) {
        let dot = 0
        for (let i = 0; i < Ni; i++) dot += W1[a * Ni + i] * W1[b * Ni + i]
        const cos = Math.max(-1, Math.min(1, dot / (norms[a] * norms[b])))
        const theta = Math.acos(cos)
        const k = (norms[a] * norms[b] * (Math.sin(theta) + (Math.PI - theta) * cos)) / (2 * Math.PI * Ni * Nh)
        this.K[a * Nh + b] = k
        this.K[b * Nh + a] = k
      }
    this.c = new Float64Array(Nh)
    for (let a = 0; a < Nh; a++) {
      let dot = 0
      for (let i = 0; i < Ni; i++) dot += W1[a * Ni + i] * wTeacher[i]
      this.c[a] = dot / (2 * Ni * Math.sqrt(Nh))
    }
    let p = 0
    for (let i = 0; i < Ni; i++) p += wTeacher[i] ** 2
    this.teacherPower = p / Ni
  }

  eg(w: Float64Array, sigmaEps: number): number {
    const { Nh, K, c } = this
    let quad = 0
    let lin = 0
    for (let a = 0; a < Nh; a++) {
      let row = 0
      for (let b = 0; b < Nh; b++) row += K[a * Nh + b] * w[b]
      quad += w[a] * row
      lin += w[a] * c[a]
    }
    return this.teacherPower - 2 * lin + quad + sigmaEps ** 2
  }
}

/**
 * The readout problem in the eigenbasis of X_hᵀX_h = Σ_i λ_i u_i u_iᵀ (P×P; its non-zero λ_i are
 * those of X_h X_hᵀ, with v_i = X_h u_i/√λ_i):
 *   z̃_i = (yX_hᵀ)·v_i = √λ_i (y·u_i)            (eq. 9's input–output correlation)
 *   z_i(0) = w(0)·v_i = (w(0)X_h)·u_i/√λ_i,  ρ_i = (y − w(0)X_h)·u_i (initial residual per mode)
 */
export interface FeatureModes {
  Nh: number
  P: number
  lambdas: Float64Array
  zTilde: Float64Array
  z0: Float64Array
  residual0: Float64Array
  /** ‖w(0)‖² outside the span of the features (never moves) */
  frozenInit: number
}

export function featureModes(H: Float64Array, Nh: number, P: number, y: Float64Array, w0: Float64Array): FeatureModes {
  const { values, vectors } = symmetricEigen(sampleGram(H, Nh, P), P)
  const out0 = rowTimes(w0, H, Nh, P)
  const lambdas = new Float64Array(P)
  const zTilde = new Float64Array(P)
  const z0 = new Float64Array(P)
  const residual0 = new Float64Array(P)
  const rank = Math.min(Nh, P)
  let inSpan = 0
  for (let j = 0; j < P; j++) {
    let yu = 0
    let ou = 0
    for (let m = 0; m < P; m++) {
      yu += y[m] * vectors![m * P + j]
      ou += out0[m] * vectors![m * P + j]
    }
    // the P − rank smallest are zero (rank X_h = min(N_h, P))
    const l = j < P - rank ? 0 : Math.max(0, values[j])
    lambdas[j] = l
    residual0[j] = yu - ou
    if (l > 0) {
      zTilde[j] = Math.sqrt(l) * yu
      z0[j] = ou / Math.sqrt(l)
      inSpan += z0[j] ** 2
    }
  }
  let w0sq = 0
  for (let a = 0; a < Nh; a++) w0sq += w0[a] ** 2
  return { Nh, P, lambdas, zTilde, z0, residual0, frozenInit: Math.max(0, w0sq - inSpan) }
}

/** E_t(t) = (1/P) Σ_i ρ_i² d_i²  (modes with λ_i = 0 keep their residual) */
export function featureTrainingError(m: FeatureModes, t: number, clock: Clock = FLOW): number {
  let s = 0
  for (let j = 0; j < m.P; j++) {
    const d = decay(m.lambdas[j], t, clock)
    s += (m.residual0[j] * d) ** 2
  }
  return s / m.P
}

/**
 * Eq. 10: ‖w(t)‖² = Σ_i [ z̃_i²/λ_i² (1 − d_i)² + z_i(0)² d_i² ] (+ the frozen part of w(0)),
 * the average over w(0) (the cross term 2 z̃_i z_i(0) d_i (1 − d_i)/λ_i has mean 0; exact for w(0) = 0).
 */
export function featureWeightNorm2(m: FeatureModes, t: number, clock: Clock = FLOW): number {
  let s = m.frozenInit
  for (let j = 0; j < m.P; j++) {
    const l = m.lambdas[j]
    if (l === 0) continue
    const d = decay(l, t, clock)
    s += ((m.zTilde[j] / l) * (1 - d)) ** 2 + (m.z0[j] * d) ** 2
  }
  return s
}

export interface RademacherBound {
  /** eq. 11: B₂ = √( max_i z̃_i² / min_{λ_i>0} λ_i² · min(P, N_h)/N_h ) */
  B2: number
  /** eq. 12: R(H) ≤ B₁ C √( max_i z̃_i² / min_{λ_i>0} λ_i² · min(P, N_h)/P ) */
  R: number
  /** eq. 7: E_g − E_t ≤ 2R + √(log(1/δ)/(2P)) */
  gap: number
}

/** B₁ = max_a ‖W_a‖ (first-layer rows), C = max_μ ‖x_μ‖ (training inputs). */
export function rademacherBound(m: FeatureModes, B1: number, C: number, delta: number): RademacherBound {
  let maxZ = 0
  let minL = Infinity
  for (let j = 0; j < m.P; j++) {
    if (m.lambdas[j] <= 0) continue
    maxZ = Math.max(maxZ, m.zTilde[j] ** 2)
    minL = Math.min(minL, m.lambdas[j])
  }
  const ratio = maxZ / (minL * minL)
  const share = Math.min(m.P, m.Nh)
  const R = B1 * C * Math.sqrt((ratio * share) / m.P)
  return { B2: Math.sqrt((ratio * share) / m.Nh), R, gap: 2 * R + Math.sqrt(Math.log(1 / delta) / (2 * m.P)) }
}
