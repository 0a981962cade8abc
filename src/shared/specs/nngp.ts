// Spec of the 'nngp' engine: the NNGP and NTK matrices of a deep fully connected network on
// given inputs (MATH.md §9), stored as artifacts `inputs` (n×d), `nngp`, `ntk` (n×n), with their
// spectra as series.
import { z } from 'zod'
import { architecture, common, KernelInputs } from './kernelCommon'

export const NngpRunSpec = z.strictObject({
  engine: z.literal('nngp'),
  ...common,
  ...architecture,
  inputs: KernelInputs.default({ kind: 'gaussian', n: 100, d: 10, seed: 0 })
})
export type NngpRunSpec = z.infer<typeof NngpRunSpec>
