// Symmetric eigendecomposition A = V Λ Vᵀ of a dense n×n row-major Float64Array.
// The one entry point every engine calls (Ω = FFᵀ/N of the ODE, XXᵀ of the linear engine, kernel
// spectra, covariances); what runs inside can change without touching a caller.
// Method (LAPACK dsyevd): Householder reduction A = Q T Qᵀ (./householderTridiagonal.ts, blocked,
// A₂₂v in WebAssembly SIMD, updates as gemms), then T = S Λ Sᵀ by divide and conquer
// (./tridiagonalDivideConquer.ts) — or, values only, by implicit QL (./tridiagonalQl.ts) — and
// V = Q S (compact-WY blocks, gemms). Cost ≈ 4/3 n³ + (D&C, ≤ 4/3 n³) + 2n³ flops with vectors.
import { applyQ, tridiagonalize, tridiagonalWorkspace } from '@numeric/linalg/householderTridiagonal'
import { symvMemory } from '@numeric/linalg/symv'
import { tridiagonalDivideConquer } from '@numeric/linalg/tridiagonalDivideConquer'
import { tridiagonalQl } from '@numeric/linalg/tridiagonalQl'

export interface SymmetricEigen {
  n: number
  /** eigenvalues λ_1 ≤ … ≤ λ_n (ascending) */
  values: Float64Array
  /** row-major n×n, column j the unit eigenvector of values[j]: V[i*n + j] = v_j[i]; null if not asked for */
  vectors: Float64Array | null
}

export interface SymmetricEigenOptions {
  /** compute eigenvectors too (default true) */
  vectors?: boolean
}

/** Eigenpairs of the symmetric matrix A (only its upper triangle is read; A is not modified). */
export function symmetricEigen(A: Float64Array, n: number, opts: SymmetricEigenOptions = {}): SymmetricEigen {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`symmetricEigen: n must be a non-negative integer, got ${n}`)
  if (A.length !== n * n) throw new RangeError(`symmetricEigen: A has ${A.length} entries, expected n² = ${n * n}`)
  const wantVectors = opts.vectors !== false
  if (n === 0) return { n, values: new Float64Array(0), vectors: wantVectors ? new Float64Array(0) : null }
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(A[i])) throw new RangeError(`symmetricEigen: A[${Math.floor(i / n)}][${i % n}] is ${A[i]}`)
  // working copy (+ scratch) in a WebAssembly memory when the SIMD kernels are there
  const mem = symvMemory(tridiagonalWorkspace(n))
  const H = mem ? mem.H : new Float64Array(tridiagonalWorkspace(n))
  H.set(A)
  const { d, e, tau } = tridiagonalize(n, H, mem)
  if (!wantVectors) {
    tridiagonalQl(n, d, 0, e, 0, null)
    return { n, values: d, vectors: null }
  }
  const Z = new Float64Array(n * n)
  tridiagonalDivideConquer(n, d, e, Z)
  applyQ(n, H, tau, Z, n)
  return { n, values: d, vectors: Z }
}
