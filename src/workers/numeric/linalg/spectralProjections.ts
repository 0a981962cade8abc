// The projections of a few vectors on every eigenvector of a symmetric matrix, without the
// eigenvectors: A = Q T Qᵀ (Householder, ./householderTridiagonal.ts), T = S Λ Sᵀ by implicit QL
// with its rotations applied to the m vectors Qᵀx_i only (./tridiagonalQl.ts), so
// x_i·v_j = (Sᵀ Qᵀ x_i)_j. Cost ≈ 4/3 n³ (the reduction) + O(n²m), against ≈ 4n³ for the full
// eigendecomposition: what the hidden-manifold ODE needs of Ω (its spectrum and the overlaps of
// the student's and teacher's latent projections with each eigenvector, MATH.md §2).
import { applyQTransposeToRows, tridiagonalize, tridiagonalWorkspace } from '@numeric/linalg/householderTridiagonal'
import { symvMemory } from '@numeric/linalg/symv'
import { tridiagonalQl } from '@numeric/linalg/tridiagonalQl'

export interface SpectralProjections {
  n: number
  /** eigenvalues λ_1 ≤ … ≤ λ_n (ascending) */
  values: Float64Array
  /**
   * m×n row-major: P[i][j] = x_i·v_j for the unit eigenvector v_j of values[j]. Each v_j's sign is
   * arbitrary (as in any eigensolver) but the same for every i, so products P[i][j]·P[k][j] are
   * determined; within a repeated eigenvalue, the basis is any orthonormal one.
   */
  projections: Float64Array
}

/**
 * Eigenvalues of the symmetric A (n×n row-major; only its upper triangle is read, A is not
 * modified) and the projections of the m rows of X (m×n row-major) on its unit eigenvectors.
 */
export function spectralProjections(A: Float64Array, n: number, X: Float64Array, m: number): SpectralProjections {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`spectralProjections: n must be a non-negative integer, got ${n}`)
  if (!Number.isInteger(m) || m < 0) throw new RangeError(`spectralProjections: m must be a non-negative integer, got ${m}`)
  if (A.length !== n * n) throw new RangeError(`spectralProjections: A has ${A.length} entries, expected n² = ${n * n}`)
  if (X.length !== m * n) throw new RangeError(`spectralProjections: X has ${X.length} entries, expected m·n = ${m * n}`)
  for (let r = 0; r < n; r++)
    for (let c = r; c < n; c++) if (!Number.isFinite(A[r * n + c])) throw new RangeError(`spectralProjections: A[${r}][${c}] is ${A[r * n + c]}`)
  for (let i = 0; i < m * n; i++) if (!Number.isFinite(X[i])) throw new RangeError(`spectralProjections: X[${Math.floor(i / n)}][${i % n}] is ${X[i]}`)
  const P = X.slice()
  if (n === 0) return { n, values: new Float64Array(0), projections: P }
  const mem = symvMemory(tridiagonalWorkspace(n))
  const H = mem ? mem.H : new Float64Array(tridiagonalWorkspace(n))
  H.set(A)
  const { d, e, tau } = tridiagonalize(n, H, mem)
  applyQTransposeToRows(n, H, tau, P, m)
  tridiagonalQl(n, d, 0, e, 0, P, 0, n, m, false)
  return { n, values: d, projections: P }
}
