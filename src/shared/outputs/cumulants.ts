// Outputs of the cumulants engine (src/workers/engines/universality/cumulantEngine.ts): series
// '<statistic>/<function>/<latent>' (+ /se) and '<statistic>/<function>/theory' at t = D
// (series.ts), the summary below; no artifacts.
import { z } from 'zod'
import { measured } from './common'

export const CumulantSummary = z.object({
  /** '<statistic>/<function>' → its value for a standard Gaussian z */
  gaussianValues: z.record(z.string(), measured),
  largestD: z.number(),
  /** per series name at the largest D: the estimate, the Gaussian value, their difference and its z-score */
  deviationAtLargestD: z.record(z.string(), z.object({ value: measured, gaussian: measured, deviation: measured, zScore: measured })),
  weights: z.string(),
  samples: z.number()
})
export type CumulantSummary = z.infer<typeof CumulantSummary>

/** no artifacts */
export const CumulantArtifact = z.never()
