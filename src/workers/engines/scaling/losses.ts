// Test losses of the student–teacher random-features model (MATH.md §9), exact over the input
// distribution. Teacher F = Σ_M ω_M F_M; student f = Σ_μ θ_μ f_μ, f_μ = Σ_M 𝒫_μM F_M, so f is the
// teacher-basis vector 𝒫ᵀθ and, with e = 𝒫ᵀθ − ω,   L = ½ E_x (f − F)² = ½ Σ_M λ_M e_M².
// Least squares on D samples Φ (D×S rows F(x_a)), labels y = Φω, ridgeless (minimum norm):
//   finite P, D:     G = Φ𝒫ᵀ (D×P);  θ = Gᵀ(GGᵀ)⁻¹y (P ≥ D) or (GᵀG)⁻¹Gᵀy (P < D)
//   P = ∞ (kernel):  f = ΦᵀK⁻¹y in the teacher basis, K = ΦΦᵀ       (the kernel interpolant)
//   D = ∞:           θ* = (𝒫Λ𝒫ᵀ)⁻¹𝒫Λω                                (the population optimum)
// Solves by Cholesky with a relative diagonal jitter of 1e-12 (only against rounding).
import { gemm } from '@numeric/linalg/gemm'
import { spdSolve } from '@numeric/linalg/spdCholesky'

const JITTER = 1e-12

/** ½ Σ λ_M e_M². */
export function lossOf(e: Float64Array, lambda: Float64Array): number {
  let s = 0
  for (let M = 0; M < e.length; M++) s += lambda[M] * e[M] * e[M]
  return s / 2
}

/** y = Φω (D). */
function labels(Phi: Float64Array, D: number, S: number, omega: Float64Array): Float64Array {
  const y = new Float64Array(D)
  gemm(D, 1, S, Phi, omega, y)
  return y
}

/** L at P = ∞: the kernel interpolant on the D samples. */
export function lossKernelLimit(Phi: Float64Array, D: number, S: number, omega: Float64Array, lambda: Float64Array): number {
  const K = new Float64Array(D * D)
  gemm(D, D, S, Phi, Phi, K, { transB: true })
  const c = spdSolve(K, D, labels(Phi, D, S, omega), JITTER)
  const e = new Float64Array(S)
  gemm(S, 1, D, Phi, c, e, { transA: true })
  for (let M = 0; M < S; M++) e[M] -= omega[M]
  return lossOf(e, lambda)
}

/** L at D = ∞: the best student of P random projections 𝒫 (P×S). */
export function lossInfiniteData(Proj: Float64Array, P: number, S: number, omega: Float64Array, lambda: Float64Array): number {
  const B = new Float64Array(P * S)
  for (let mu = 0; mu < P; mu++) for (let M = 0; M < S; M++) B[mu * S + M] = Proj[mu * S + M] * lambda[M]
  const C = new Float64Array(P * P)
  gemm(P, P, S, B, Proj, C, { transB: true })
  const rhs = new Float64Array(P)
  gemm(P, 1, S, B, omega, rhs)
  const theta = spdSolve(C, P, rhs, JITTER)
  return lossOfStudent(Proj, P, S, theta, omega, lambda)
}

function lossOfStudent(Proj: Float64Array, P: number, S: number, theta: Float64Array, omega: Float64Array, lambda: Float64Array): number {
  const e = new Float64Array(S)
  gemm(S, 1, P, Proj, theta, e, { transA: true })
  for (let M = 0; M < S; M++) e[M] -= omega[M]
  return lossOf(e, lambda)
}

/** L of the minimum-norm least-squares student with P projections on D samples. */
export function lossFinite(Phi: Float64Array, D: number, Proj: Float64Array, P: number, S: number, omega: Float64Array, lambda: Float64Array): number {
  const G = new Float64Array(D * P)
  gemm(D, P, S, Phi, Proj, G, { transB: true })
  const y = labels(Phi, D, S, omega)
  let theta: Float64Array
  if (P >= D) {
    const GG = new Float64Array(D * D)
    gemm(D, D, P, G, G, GG, { transB: true })
    const c = spdSolve(GG, D, y, JITTER)
    theta = new Float64Array(P)
    gemm(P, 1, D, G, c, theta, { transA: true })
  } else {
    const GtG = new Float64Array(P * P)
    gemm(P, P, D, G, G, GtG, { transA: true })
    const rhs = new Float64Array(P)
    gemm(P, 1, D, G, y, rhs, { transA: true })
    theta = spdSolve(GtG, P, rhs, JITTER)
  }
  return lossOfStudent(Proj, P, S, theta, omega, lambda)
}
