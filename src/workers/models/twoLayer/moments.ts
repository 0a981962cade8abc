// Moments of the input map f under u ~ N(0,1) (MATH.md §2):
// μ1 = E[u f(u)], μ2 = E[f(u)²], ζ = μ2 − μ1². f is odd, so μ0 = E f(u) = 0.
import type { InputMap } from '@shared/spec'
import { gaussianExpectation } from '@numeric/quadrature/gaussianExpectation'

export interface InputMoments {
  mu1: number
  mu2: number
  zeta: number
}

function fromMu(mu1: number, mu2: number): InputMoments {
  return { mu1, mu2, zeta: mu2 - mu1 * mu1 }
}

let tanhMoments: InputMoments | undefined

/**
 * Closed forms: sgn μ1 = √(2/π), μ2 = 1; erf(u/√2) μ1 = 1/√π, μ2 = 1/3 (= (2/π) asin(1/2));
 * linear μ1 = μ2 = 1. tanh by numerical quadrature (gaussianExpectation, ~1e−16).
 */
export function inputMoments(f: InputMap): InputMoments {
  switch (f) {
    case 'sgn':
      return fromMu(Math.sqrt(2 / Math.PI), 1)
    case 'erf':
      return fromMu(1 / Math.sqrt(Math.PI), 1 / 3)
    case 'linear':
      return fromMu(1, 1)
    case 'tanh':
      tanhMoments ??= fromMu(
        gaussianExpectation((u) => u * Math.tanh(u)),
        gaussianExpectation((u) => Math.tanh(u) ** 2)
      )
      return { ...tanhMoments }
  }
}
