// Outputs of the 'nngp' engine (src/workers/engines/nngp/engine.ts).
import { z } from 'zod'
import { artifactNames, measured } from './common'

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

const interval = z.tuple([measured, measured])

export const NngpSummary = z.object({
  n: measured,
  d: measured,
  traceNngp: measured,
  traceNtk: measured,
  diagNngp: measured,
  alphaK: measured.optional(),
  alphaKCI: interval.optional(),
  alphaKNtk: measured.optional(),
  alphaKNtkCI: interval.optional()
})
export type NngpSummary = z.infer<typeof NngpSummary>

export const NngpArtifact = artifactNames(['inputs', 'nngp', 'ntk'])
