// Outputs of the 'nngp' engine (src/workers/engines/nngp/engine.ts).
import { z } from 'zod'

export const NNGP_ARTIFACTS = { inputs: 'inputs', nngp: 'nngp', ntk: 'ntk' } as const

export const NNGP_SERIES = {
  /** t = ℓ (0..depth): mean over inputs of K^ℓ(x, x) */
  depthDiag: 'depth/diag',
  /** t = i (1..n): i-th largest eigenvalue */
  spectrumNngp: 'spectrum/nngp',
  spectrumNtk: 'spectrum/ntk',
  /** the fitted line C i^{−(1+α_K)} at the ends of the fit range */
  spectrumNngpFit: 'spectrum/nngp_fit',
  spectrumNtkFit: 'spectrum/ntk_fit'
} as const

const interval = z.tuple([z.number(), z.number()])

export const NngpSummary = z.object({
  n: z.number(),
  d: z.number(),
  traceNngp: z.number(),
  traceNtk: z.number(),
  diagNngp: z.number(),
  alphaK: z.number().optional(),
  alphaKCI: interval.optional(),
  alphaKNtk: z.number().optional(),
  alphaKNtkCI: interval.optional()
})
export type NngpSummary = z.infer<typeof NngpSummary>
