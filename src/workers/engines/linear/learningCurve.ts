// Advani & Saxe (2017), MATH.md §7: generalisation error of a linear student ŷ = w·x trained
// by gradient flow (time constant τ) on y = w̄·x + ε, for a dataset whose XXᵀ has eigenvalues λ_i:
//   E_g(t) = (1/N) Σ_i [(σ_w² + σ_w0²) e^{−2λ_i t/τ} + (σ_ε²/λ_i)(1 − e^{−λ_i t/τ})²] + σ_ε²

export interface LinearParams {
  sigmaW: number
  sigmaW0: number
  sigmaEps: number
  tau: number
}

/** The bracket of the sum for one eigenvalue λ ≥ 0 (the λ → 0 limit of the noise term is 0). */
export function modeError(lambda: number, t: number, p: LinearParams): number {
  const s = t / p.tau
  const signal = (p.sigmaW ** 2 + p.sigmaW0 ** 2) * Math.exp(-2 * lambda * s)
  // (1 − e^{−λs})²/λ = λ s² (expm1(−λs)/(−λs))², finite at λ = 0
  const noise = lambda > 0 ? (p.sigmaEps ** 2 * Math.expm1(-lambda * s) ** 2) / lambda : 0
  return signal + noise
}

/** E_g(t) for one sampled dataset, from the eigenvalues of XXᵀ (N of them). */
export function sampledError(eigenvalues: ArrayLike<number>, t: number, p: LinearParams): number {
  let sum = 0
  for (let i = 0; i < eigenvalues.length; i++) sum += modeError(Math.max(0, eigenvalues[i]), t, p)
  return sum / eigenvalues.length + p.sigmaEps ** 2
}
