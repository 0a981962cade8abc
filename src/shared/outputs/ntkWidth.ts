// Outputs of the 'ntk-width' engine (src/workers/engines/ntkWidth/engine.ts).
import { z } from 'zod'
import { artifactNames, measured } from './common'

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

const WidthFit = z.object({ slope: measured, slopeCI: z.tuple([measured, measured]), se: measured, r2: measured, C: measured })

export const NtkWidthSummary = z.object({
  n: measured,
  d: measured,
  fit: z.object({ ntk: WidthFit, nngp: WidthFit, nngpSingle: WidthFit })
})
export type NtkWidthSummary = z.infer<typeof NtkWidthSummary>

export const NtkWidthArtifact = artifactNames(['inputs', 'nngp', 'ntk', 'ntk/empirical', 'nngp/empirical'])
