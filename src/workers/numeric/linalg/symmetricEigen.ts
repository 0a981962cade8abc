// Symmetric eigendecomposition A = V Λ Vᵀ of a dense n×n row-major Float64Array.
// The one entry point every engine calls (Ω = FFᵀ/N of the ODE, XXᵀ of the linear engine, kernel
// spectra, covariances); what runs inside can change without touching a caller.
// Today: ml-matrix's EigenvalueDecomposition (Householder tridiagonalisation + implicit QL, JAMA),
// O(n³) in plain JavaScript.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'

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

/** Eigenpairs of the symmetric matrix A (only its values are read; A is not modified). */
export function symmetricEigen(A: Float64Array, n: number, opts: SymmetricEigenOptions = {}): SymmetricEigen {
  if (A.length !== n * n) throw new RangeError(`symmetricEigen: A has ${A.length} entries, expected n² = ${n * n}`)
  if (n === 0) return { n, values: new Float64Array(0), vectors: opts.vectors === false ? null : new Float64Array(0) }
  const rows: number[][] = []
  for (let i = 0; i < n; i++) rows.push(Array.from(A.subarray(i * n, (i + 1) * n)))
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true })
  const raw = evd.realEigenvalues
  // JAMA returns ascending order already; sort anyway so the contract never depends on it
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => raw[a] - raw[b])
  const values = Float64Array.from(order, (j) => raw[j])
  if (opts.vectors === false) return { n, values, vectors: null }
  const U = evd.eigenvectorMatrix.to1DArray()
  const vectors = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vectors[i * n + j] = U[i * n + order[j]]
  return { n, values, vectors }
}
