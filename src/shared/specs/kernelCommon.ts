// Pieces shared by the specs of the infinite-width engines (MATH.md §9): nngp, ntk-width,
// ntk-train, scaling.
import { z } from 'zod'
import { runCommon } from './common'

export const positiveInt = z.number().int().positive()
export const finite = z.number().finite()

export const common = runCommon

/** φ of the deep network: relu, erf (plain erf(u), as neural-tangents' stax.Erf()), linear in closed form; tanh, gelu by quadrature. */
export const KernelActivation = z.enum(['relu', 'erf', 'tanh', 'gelu', 'linear'])
export type KernelActivation = z.infer<typeof KernelActivation>

/** The architecture: depth hidden layers (uses of φ), weights N(0, σ_w²/n), biases N(0, σ_b²). */
export const architecture = {
  phi: KernelActivation.default('relu'),
  depth: z.number().int().min(0, 'depth must be ≥ 0').max(64, 'depth must be ≤ 64').default(3),
  sigmaW2: finite.positive('sigmaW2 must be > 0').max(1e3).default(2),
  sigmaB2: finite.nonnegative('sigmaB2 must be ≥ 0').max(1e3).default(0)
}

/** Pool sizes that divide 28. */
export const Pool = z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(7), z.literal(14), z.literal(28)])

export const GaussianInputs = z.strictObject({
  kind: z.literal('gaussian'),
  /** points x ~ N(0, I_d) */
  n: positiveInt.max(5000, 'inputs.n must be ≤ 5000').default(100),
  d: positiveInt.max(4096, 'inputs.d must be ≤ 4096').default(10),
  seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(0)
})

export const IdxInputs = z.strictObject({
  kind: z.literal('idx'),
  /** an idx3-ubyte image file (plain or .gz): MNIST, Fashion-MNIST */
  images: z.string().min(1, 'inputs.images: give the path of an idx3-ubyte file').max(4096),
  /** images used: offset … offset + n − 1 of the file */
  n: positiveInt.max(5000, 'inputs.n must be ≤ 5000').default(500),
  offset: z.number().int().nonnegative().max(100_000_000).default(0),
  /** average-pool k×k blocks (28/k per side), then centre and scale each image to ‖x‖² = d */
  pool: Pool.default(4)
})

export const KernelInputs = z.discriminatedUnion('kind', [GaussianInputs, IdxInputs])
export type KernelInputs = z.infer<typeof KernelInputs>

/** an issue per entry not strictly above its predecessor (the lists are plot axes) */
export function increasing(values: number[], ctx: z.RefinementCtx, path: (string | number)[]) {
  for (let i = 1; i < values.length; i++)
    if (!(values[i] > values[i - 1])) ctx.addIssue({ code: 'custom', path: [...path, i], message: `must be strictly increasing: ${values[i]} after ${values[i - 1]}` })
}
