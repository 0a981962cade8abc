// Activations g of teacher and student, their derivatives, and the input map f (MATH.md §1–2).
import type { InputMap, StudentActivation } from '@shared/spec'
import { erf } from '@numeric/special/erf'

const SQRT1_2 = Math.SQRT1_2
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI)

export interface Activation {
  g: (x: number) => number
  /** g'(x) */
  dg: (x: number) => number
}

/** erf means g(x) = erf(x/√2): the convention with closed-form integrals. */
export const activations: Record<StudentActivation, Activation> = {
  erf: { g: (x) => erf(x * SQRT1_2), dg: (x) => SQRT_2_OVER_PI * Math.exp(-0.5 * x * x) },
  relu: { g: (x) => (x > 0 ? x : 0), dg: (x) => (x > 0 ? 1 : 0) },
  linear: { g: (x) => x, dg: () => 1 },
  tanh: {
    g: (x) => Math.tanh(x),
    dg: (x) => {
      const t = Math.tanh(x)
      return 1 - t * t
    }
  },
  sigmoid: {
    g: (x) => 1 / (1 + Math.exp(-x)),
    dg: (x) => {
      const s = 1 / (1 + Math.exp(-x))
      return s * (1 - s)
    }
  }
}

/** Input map x = f(u). erf here is erf(u/√2), as for the activations. */
export const inputMaps: Record<InputMap, (u: number) => number> = {
  sgn: (u) => (u > 0 ? 1 : u < 0 ? -1 : 0),
  erf: (u) => erf(u * SQRT1_2),
  tanh: (u) => Math.tanh(u),
  linear: (u) => u
}
