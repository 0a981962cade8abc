// Test losses of the student–teacher random-features model (MATH.md §9), exact over the input
// distribution AND averaged exactly over the teacher ω ~ N(0, I/S).
// Teacher F = Σ_M ω_M F_M; student f = Σ_μ θ_μ f_μ, f_μ = Σ_M 𝒫_μM F_M; ridgeless least squares on
// D samples Φ (D×S rows F(x_a)), labels y = Φω. The student is linear in ω, f = Mω in the
// teacher basis, so with L = ½ (M − I)ω·Λ(M − I)ω:
//   E_ω L = (1/2S) [tr Λ − 2 tr(ΛM) + tr(MᵀΛM)].
//   P = ∞ (kernel interpolant, M = ΦᵀK⁻¹Φ, K = ΦΦᵀ, H = ΦΛΦᵀ):  E L = (tr Λ − tr(K⁻¹H))/2S
//   D = ∞ (population optimum, M = 𝒫ᵀR⁻¹𝒫Λ, R = 𝒫Λ𝒫ᵀ, Q = 𝒫Λ²𝒫ᵀ): E L = (tr Λ − tr(R⁻¹Q))/2S
//   finite P, D: θ = T y with T = Gᵀ(GGᵀ)⁻¹ (P ≥ D) or (GᵀG)⁻¹Gᵀ (P < D), G = Φ𝒫ᵀ (D×P);
//     M = BΦ with B = 𝒫ᵀT (S×D): tr(ΛM) = Σ_{a,M} Φ_aM λ_M B_Ma, tr(MᵀΛM) = tr((BᵀΛB)(ΦΦᵀ)).
// Averaging over ω in closed form removes the teacher's share of the trial-to-trial noise.
// Solves by Cholesky with a relative diagonal jitter of 1e-12 (only against rounding).
import { gemm } from '@numeric/linalg/gemm'
import { choleskyJittered, choleskySolve } from '@numeric/linalg/cholesky'

const JITTER = 1e-12

const trace = (A: Float64Array, n: number) => {
  let s = 0
  for (let i = 0; i < n; i++) s += A[i * n + i]
  return s
}

/** tr(A⁻¹ B) for SPD A (n×n) and any B (n×n). */
function traceSolve(A: Float64Array, B: Float64Array, n: number): number {
  const X = Float64Array.from(B)
  choleskySolve(choleskyJittered(A, n, JITTER), n, X, n)
  return trace(X, n)
}

/** rows of X (r×S) scaled by λ per column: X Λ */
function scaleColumns(X: Float64Array, r: number, S: number, lambda: Float64Array, power = 1): Float64Array {
  const out = new Float64Array(r * S)
  for (let i = 0; i < r; i++) for (let M = 0; M < S; M++) out[i * S + M] = X[i * S + M] * (power === 1 ? lambda[M] : lambda[M] ** power)
  return out
}

const traceLambda = (lambda: Float64Array) => lambda.reduce((s, v) => s + v, 0)

/** E_ω L at P = ∞: the kernel interpolant on the D samples Φ (D×S). */
export function lossKernelLimit(Phi: Float64Array, D: number, S: number, lambda: Float64Array): number {
  const K = new Float64Array(D * D)
  gemm(D, D, S, Phi, Phi, K, { transB: true })
  const H = new Float64Array(D * D)
  gemm(D, D, S, scaleColumns(Phi, D, S, lambda), Phi, H, { transB: true })
  return (traceLambda(lambda) - traceSolve(K, H, D)) / (2 * S)
}

/** E_ω L at D = ∞: the best student of the P projections 𝒫 (P×S). */
export function lossInfiniteData(Proj: Float64Array, P: number, S: number, lambda: Float64Array): number {
  const PL = scaleColumns(Proj, P, S, lambda)
  const R = new Float64Array(P * P)
  gemm(P, P, S, PL, Proj, R, { transB: true })
  const Q = new Float64Array(P * P)
  gemm(P, P, S, PL, PL, Q, { transB: true })
  return (traceLambda(lambda) - traceSolve(R, Q, P)) / (2 * S)
}

/** E_ω L of the minimum-norm least-squares student with P projections on D samples. */
export function lossFinite(Phi: Float64Array, D: number, Proj: Float64Array, P: number, S: number, lambda: Float64Array): number {
  const G = new Float64Array(D * P)
  gemm(D, P, S, Phi, Proj, G, { transB: true })
  // T (P×D): θ = T y
  const T = new Float64Array(P * D)
  if (P >= D) {
    const GG = new Float64Array(D * D)
    gemm(D, D, P, G, G, GG, { transB: true })
    // T = Gᵀ (GGᵀ)⁻¹ : solve (GGᵀ) Z = G (D×P), T = Zᵀ
    const Z = Float64Array.from(G)
    choleskySolve(choleskyJittered(GG, D, JITTER), D, Z, P)
    for (let a = 0; a < D; a++) for (let mu = 0; mu < P; mu++) T[mu * D + a] = Z[a * P + mu]
  } else {
    const GtG = new Float64Array(P * P)
    gemm(P, P, D, G, G, GtG, { transA: true })
    // T = (GᵀG)⁻¹ Gᵀ : solve (GᵀG) T = Gᵀ (P×D)
    for (let a = 0; a < D; a++) for (let mu = 0; mu < P; mu++) T[mu * D + a] = G[a * P + mu]
    choleskySolve(choleskyJittered(GtG, P, JITTER), P, T, D)
  }
  // B = 𝒫ᵀ T (S×D)
  const B = new Float64Array(S * D)
  gemm(S, D, P, Proj, T, B, { transA: true })
  // tr(ΛM) = Σ_a Σ_M Φ_aM λ_M B_Ma
  let trLM = 0
  for (let a = 0; a < D; a++) for (let M = 0; M < S; M++) trLM += Phi[a * S + M] * lambda[M] * B[M * D + a]
  // tr((BᵀΛB)(ΦΦᵀ))
  const LB = new Float64Array(S * D)
  for (let M = 0; M < S; M++) for (let a = 0; a < D; a++) LB[M * D + a] = lambda[M] * B[M * D + a]
  const BtLB = new Float64Array(D * D)
  gemm(D, D, S, B, LB, BtLB, { transA: true })
  const K = new Float64Array(D * D)
  gemm(D, D, S, Phi, Phi, K, { transB: true })
  let trMLM = 0
  for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) trMLM += BtLB[a * D + b] * K[b * D + a]
  return (traceLambda(lambda) - 2 * trLM + trMLM) / (2 * S)
}
