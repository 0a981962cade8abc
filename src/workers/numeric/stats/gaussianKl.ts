// Closed form of the KL divergence between two Gaussians (the reference for the estimator):
//   D(N(μ1,Σ1) ‖ N(μ2,Σ2)) = ½ [ tr(Σ2⁻¹Σ1) + (μ2−μ1)ᵀ Σ2⁻¹ (μ2−μ1) − d + ln det Σ2 − ln det Σ1 ]
// with Σ2⁻¹ applied through its Cholesky factor (linalg/cholesky.ts).
import { cholesky, choleskyLogDet, choleskySolve } from '@numeric/linalg/cholesky'

export function gaussianKl(mu1: number[], cov1: number[][], mu2: number[], cov2: number[][]): number {
  const d = mu1.length
  const S1 = Float64Array.from(cov1.flat())
  const L1 = cholesky(S1, d)
  const L2 = cholesky(Float64Array.from(cov2.flat()), d)
  if (!L1 || !L2) throw new RangeError('gaussianKl: covariances must be positive definite')
  const S2invS1 = choleskySolve(L2, d, Float64Array.from(S1), d)
  let trace = 0
  for (let i = 0; i < d; i++) trace += S2invS1[i * d + i]
  const delta = Float64Array.from(mu2, (v, i) => v - mu1[i])
  const w = choleskySolve(L2, d, Float64Array.from(delta))
  let quad = 0
  for (let i = 0; i < d; i++) quad += delta[i] * w[i]
  return 0.5 * (trace + quad - d + choleskyLogDet(L2, d) - choleskyLogDet(L1, d))
}
