// Outputs of the kl engine (src/workers/engines/universality/klEngine.ts): series kl/m=<m> and
// kl/m=<m>/se at t = α (series.ts), the summary below; no artifacts.
import { z } from 'zod'
import { measured } from './common'

export const KlSummary = z.object({
  estimator: z.string(),
  k: z.number(),
  d: z.number(),
  samples: z.number(),
  referenceSamples: z.number(),
  repeats: z.number(),
  standardize: z.string(),
  mixtureComponents: z.string(),
  /** per series name: the estimate at each α */
  kl: z.record(z.string(), z.array(z.object({ alpha: z.number(), mean: measured, se: measured }))),
  caveat: z.string()
})
export type KlSummary = z.infer<typeof KlSummary>

/** no artifacts */
export const KlArtifact = z.never()
