// Activations φ of the deep networks of MATH.md §9 with their derivatives φ'.
// erf is the plain erf(u) (neural-tangents' stax.Erf() with a = b = 1, c = 0), NOT the
// erf(u/√2) of the two-layer models (models/twoLayer/activations.ts); gelu is u Φ(u).
import { erf } from '@numeric/special/erf'
import type { KernelActivation } from '@shared/specs/kernelCommon'

export type { KernelActivation }

export interface Phi {
  phi: (u: number) => number
  dphi: (u: number) => number
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI)
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

export const PHI: Record<KernelActivation, Phi> = {
  relu: { phi: (u) => (u > 0 ? u : 0), dphi: (u) => (u > 0 ? 1 : 0) },
  erf: { phi: (u) => erf(u), dphi: (u) => TWO_OVER_SQRT_PI * Math.exp(-u * u) },
  tanh: {
    phi: (u) => Math.tanh(u),
    dphi: (u) => {
      const t = Math.tanh(u)
      return 1 - t * t
    }
  },
  gelu: {
    phi: (u) => 0.5 * u * (1 + erf(u * Math.SQRT1_2)),
    dphi: (u) => 0.5 * (1 + erf(u * Math.SQRT1_2)) + u * INV_SQRT_2PI * Math.exp(-0.5 * u * u)
  },
  linear: { phi: (u) => u, dphi: () => 1 }
}
