// NNGP and NTK of a deep fully connected network on given inputs (MATH.md §9, NTK
// parameterisation; neural-tangents: stax.serial(*[Dense(n, W_std, b_std), φ] * depth,
// Dense(1, W_std, b_std)) with W_std² = σ_w², b_std² = σ_b²):
//   K⁰ = σ_b² + σ_w² X Xᵀ/d,   Θ⁰ = K⁰
//   K^ℓ = σ_b² + σ_w² E[φ(u)φ(v)],   Θ^ℓ = K^ℓ + σ_w² Ė^ℓ Θ^{ℓ−1},   (u, v) ~ N(0, Λ^{ℓ−1}),
// ℓ = 1..depth; the output kernels are K^depth, Θ^depth (depth = hidden layers = uses of φ).
// X is n×d row-major; kernels are n×n row-major (symmetric, filled in full).
import { gemm } from '@numeric/linalg/gemm'
import type { Gaussian2dOptions } from '@numeric/quadrature/gaussian2d'
import type { KernelActivation } from './activations'
import { dual } from './dual'

export interface DeepKernelParams {
  phi: KernelActivation
  depth: number
  sigmaW2: number
  sigmaB2: number
  quadrature?: Gaussian2dOptions
}

export interface DeepKernels {
  n: number
  nngp: Float64Array
  ntk: Float64Array
  /** mean of diag K^ℓ for ℓ = 0..depth (the variance propagated through depth) */
  diagMean: number[]
}

/** K⁰ = σ_b² + σ_w² X Xᵀ/d. */
export function inputKernel(X: Float64Array, n: number, d: number, sigmaW2: number, sigmaB2: number): Float64Array {
  const K = new Float64Array(n * n)
  gemm(n, n, d, X, X, K, { transB: true, alpha: sigmaW2 / d })
  for (let i = 0; i < n * n; i++) K[i] += sigmaB2
  return K
}

/** One layer in place: K ← σ_b² + σ_w² E[φφ],  Θ ← K_new + σ_w² Ė Θ. */
export function kernelLayer(K: Float64Array, Theta: Float64Array | null, n: number, p: DeepKernelParams): void {
  const diag = new Float64Array(n)
  for (let i = 0; i < n; i++) diag[i] = K[i * n + i]
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const { k, kdot } = dual(p.phi, diag[i], diag[j], K[i * n + j], p.quadrature)
      const knew = p.sigmaB2 + p.sigmaW2 * k
      K[i * n + j] = knew
      K[j * n + i] = knew
      if (Theta) {
        const t = knew + p.sigmaW2 * kdot * Theta[i * n + j]
        Theta[i * n + j] = t
        Theta[j * n + i] = t
      }
    }
}

/** NNGP and NTK of the output of a depth-`depth` network on the n inputs X (n×d). */
export function deepKernels(X: Float64Array, n: number, d: number, p: DeepKernelParams, onLayer?: (layer: number) => void): DeepKernels {
  const K = inputKernel(X, n, d, p.sigmaW2, p.sigmaB2)
  const Theta = Float64Array.from(K)
  const meanDiag = () => {
    let s = 0
    for (let i = 0; i < n; i++) s += K[i * n + i]
    return s / n
  }
  const diagMean = [meanDiag()]
  for (let l = 1; l <= p.depth; l++) {
    kernelLayer(K, Theta, n, p)
    diagMean.push(meanDiag())
    onLayer?.(l)
  }
  return { n, nngp: K, ntk: Theta, diagMean }
}

/**
 * The cross kernels K(x, x'), Θ(x, x') of test inputs against training inputs need the diagonals
 * of both sets: computed on the stacked inputs [X; X*] and read off in blocks.
 */
export function blocks(M: Float64Array, n: number, rows: [number, number], cols: [number, number]): Float64Array {
  const r = rows[1] - rows[0]
  const c = cols[1] - cols[0]
  const out = new Float64Array(r * c)
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = M[(rows[0] + i) * n + cols[0] + j]
  return out
}
