// The Marchenko–Pastur law of XXᵀ for X ∈ R^{N×P} with entries N(0, 1/N), α = P/N:
//   ρ(λ) = √((λ₊ − λ)(λ − λ₋)) / (2πλ) on [λ₋, λ₊], λ± = (1 ± √α)²,
// plus an atom of mass 1 − α at λ = 0 when α < 1.

export interface MarchenkoPastur {
  lower: number
  upper: number
  /** mass of the atom at zero */
  zeroMass: number
}

export function marchenkoPastur(alpha: number): MarchenkoPastur {
  const s = Math.sqrt(alpha)
  return { lower: (1 - s) ** 2, upper: (1 + s) ** 2, zeroMass: Math.max(0, 1 - alpha) }
}

/**
 * ∫ h(λ) dμ(λ) over the law. With λ = λ₋ + (λ₊ − λ₋)(1 − cos θ)/2 the density's square root
 * becomes sin θ and the integrand ((λ₊−λ₋)/2)² sin²θ h(λ)/(2πλ) is smooth and periodic-like
 * in θ ∈ [0, π], so the midpoint rule converges fast (also for α = 1, where λ₋ = 0).
 */
export function integrateMP(alpha: number, h: (lambda: number) => number, nodes = 2000): number {
  const { lower, upper, zeroMass } = marchenkoPastur(alpha)
  const half = (upper - lower) / 2
  let sum = 0
  for (let i = 0; i < nodes; i++) {
    const theta = (Math.PI * (i + 0.5)) / nodes
    const lambda = lower + half * (1 - Math.cos(theta))
    const sin = Math.sin(theta)
    if (lambda > 0) sum += (half * half * sin * sin * h(lambda)) / (2 * Math.PI * lambda)
  }
  return sum * (Math.PI / nodes) + zeroMass * h(0)
}
