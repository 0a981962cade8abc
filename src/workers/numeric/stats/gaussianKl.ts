// Closed form of the KL divergence between two Gaussians (the reference for the estimator):
//   D(N(μ1,Σ1) ‖ N(μ2,Σ2)) = ½ [ tr(Σ2⁻¹Σ1) + (μ2−μ1)ᵀ Σ2⁻¹ (μ2−μ1) − d + ln det Σ2 − ln det Σ1 ]
import { CholeskyDecomposition, Matrix } from 'ml-matrix'

/** ln det of a symmetric positive-definite matrix from its Cholesky factor: 2 Σ ln L_ii */
function logDet(chol: CholeskyDecomposition, d: number): number {
  const L = chol.lowerTriangularMatrix
  let s = 0
  for (let i = 0; i < d; i++) s += Math.log(L.get(i, i))
  return 2 * s
}

export function gaussianKl(mu1: number[], cov1: number[][], mu2: number[], cov2: number[][]): number {
  const d = mu1.length
  const c1 = new CholeskyDecomposition(new Matrix(cov1))
  const c2 = new CholeskyDecomposition(new Matrix(cov2))
  if (!c1.isPositiveDefinite() || !c2.isPositiveDefinite()) throw new RangeError('gaussianKl: covariances must be positive definite')
  const S2invS1 = c2.solve(new Matrix(cov1))
  let trace = 0
  for (let i = 0; i < d; i++) trace += S2invS1.get(i, i)
  const delta = Matrix.columnVector(mu2.map((v, i) => v - mu1[i]))
  const w = c2.solve(delta)
  let quad = 0
  for (let i = 0; i < d; i++) quad += delta.get(i, 0) * w.get(i, 0)
  return 0.5 * (trace + quad - d + logDet(c2, d) - logDet(c1, d))
}
