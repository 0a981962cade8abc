// Outputs of the 'ntk-width' engine (src/workers/engines/ntkWidth/engine.ts).
import { z } from 'zod'

export const NTK_WIDTH_ARTIFACTS = { inputs: 'inputs', nngp: 'nngp', ntk: 'ntk', ntkEmpirical: 'ntk/empirical', nngpEmpirical: 'nngp/empirical' } as const

/** t = width n; values are relative Frobenius distances to the analytic kernels */
export const NTK_WIDTH_SERIES = {
  ntk: 'width/ntk',
  nngp: 'width/nngp',
  nngpSingle: 'width/nngp_single',
  ntkFit: 'width/ntk_fit',
  nngpFit: 'width/nngp_fit',
  nngpSingleFit: 'width/nngp_single_fit'
} as const

const WidthFit = z.object({ slope: z.number(), slopeCI: z.tuple([z.number(), z.number()]), se: z.number(), r2: z.number(), C: z.number() })

export const NtkWidthSummary = z.object({
  n: z.number(),
  d: z.number(),
  fit: z.object({ ntk: WidthFit, nngp: WidthFit, nngpSingle: WidthFit })
})
export type NtkWidthSummary = z.infer<typeof NtkWidthSummary>
