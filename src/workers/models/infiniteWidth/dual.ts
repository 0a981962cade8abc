// The dual activation of one layer (MATH.md §9): for (u, v) ~ N(0, [[a, c], [c, b]]),
//   E[φ(u)φ(v)] and Ė = E[φ'(u)φ'(v)].
// Closed forms (cos θ = c/√(ab)):
//   relu   E[φφ] = √(ab) (sin θ + (π − θ) cos θ)/(2π),   Ė = (π − θ)/(2π)
//   erf    E[φφ] = (2/π) asin(2c / √((1 + 2a)(1 + 2b))) = (2/π) atan2(2c, √((1+2a)(1+2b) − 4c²)),
//          Ė = (4/π) / √((1 + 2a)(1 + 2b) − 4c²)
//   linear E[φφ] = c,  Ė = 1
// Every other φ (tanh, gelu) by the 2-D quadrature of numeric/quadrature/gaussian2d.ts.
import { gaussian2dExpectation, type Gaussian2dOptions } from '@numeric/quadrature/gaussian2d'
import { PHI, type KernelActivation } from './activations'

export interface DualValue {
  /** E[φ(u)φ(v)] */
  k: number
  /** E[φ'(u)φ'(v)] */
  kdot: number
}

export const CLOSED_FORM: ReadonlySet<KernelActivation> = new Set(['relu', 'erf', 'linear'])

/** Closed form for relu, erf, linear; null for the others. */
export function dualClosedForm(phi: KernelActivation, a: number, b: number, c: number): DualValue | null {
  switch (phi) {
    case 'relu': {
      const ab = Math.sqrt(a * b)
      if (!(ab > 0)) return { k: 0, kdot: 0 }
      const cos = Math.max(-1, Math.min(1, c / ab))
      const theta = Math.acos(cos)
      return { k: (ab * (Math.sin(theta) + (Math.PI - theta) * cos)) / (2 * Math.PI), kdot: (Math.PI - theta) / (2 * Math.PI) }
    }
    case 'erf': {
      const prod = (1 + 2 * a) * (1 + 2 * b)
      const root = Math.sqrt(Math.max(0, prod - 4 * c * c))
      return { k: (2 / Math.PI) * Math.atan2(2 * c, root), kdot: 4 / Math.PI / root }
    }
    case 'linear':
      return { k: c, kdot: 1 }
    default:
      return null
  }
}

/** Both expectations by quadrature (any φ; the tests hold it against the closed forms). */
export function dualQuadrature(phi: KernelActivation, a: number, b: number, c: number, opts?: Gaussian2dOptions): DualValue {
  const { phi: f, dphi: df } = PHI[phi]
  return {
    k: gaussian2dExpectation((u, v) => f(u) * f(v), a, b, c, opts),
    kdot: gaussian2dExpectation((u, v) => df(u) * df(v), a, b, c, opts)
  }
}

/** The dual: closed form where one exists, else quadrature. */
export function dual(phi: KernelActivation, a: number, b: number, c: number, opts?: Gaussian2dOptions): DualValue {
  return dualClosedForm(phi, a, b, c) ?? dualQuadrature(phi, a, b, c, opts)
}
