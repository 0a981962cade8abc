// The spectrum of XXᵀ (X ∈ R^{N×P}) and the eigenvectors of its non-zero eigenvalues, from the
// smaller Gram matrix: for N ≤ P, XXᵀ = VΛVᵀ directly (N³); for N > P, XᵀX = UΛUᵀ (P³) and
// v_j = X u_j/√λ_j (the thin SVD X = VΛ^{1/2}Uᵀ), the other N − P eigenvalues being exactly 0
// (the frozen subspace, MATH.md §7). Rank r = min(N, P) almost surely.
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { gram, sampleGram } from './instance'
import { datasetSpectrum } from './learningCurve'

export interface RangeBasis {
  /** all N eigenvalues of XXᵀ, ascending, the N − r smallest exactly 0 */
  lambdas: Float64Array
  rank: number
  /** N×r row-major, column j the unit eigenvector of lambdas[N − r + j]; null if not asked for */
  basis: Float64Array | null
  /** XXᵀ when it was formed (N ≤ P), for gradient descent in weight space */
  XXt: Float64Array | null
}

export function rangeBasis(X: Float64Array, N: number, P: number, vectors: boolean): RangeBasis {
  const rank = Math.min(N, P)
  if (N <= P) {
    const XXt = gram(X, N, P)
    const eig = symmetricEigen(XXt, N, { vectors })
    return { lambdas: datasetSpectrum(eig.values, N, P), rank, basis: eig.vectors, XXt }
  }
  const eig = symmetricEigen(sampleGram(X, N, P), P, { vectors })
  const all = new Float64Array(N)
  all.set(eig.values, N - P)
  const lambdas = datasetSpectrum(all, N, P)
  if (!vectors) return { lambdas, rank, basis: null, XXt: null }
  const U = eig.vectors!
  const basis = new Float64Array(N * P)
  for (let j = 0; j < P; j++) {
    const scale = lambdas[N - P + j] > 0 ? 1 / Math.sqrt(lambdas[N - P + j]) : 0
    for (let i = 0; i < N; i++) {
      let s = 0
      const row = i * P
      for (let m = 0; m < P; m++) s += X[row + m] * U[m * P + j]
      basis[i * P + j] = s * scale
    }
  }
  return { lambdas, rank, basis, XXt: null }
}
