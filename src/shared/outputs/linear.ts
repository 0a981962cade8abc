// Outputs of the linear engine (src/workers/engines/linear): series linear/eg, linear/eg_mp
// (series.ts) and the summary below; no artifacts. (Kept minimal: the engine is being rewritten.)
import { z } from 'zod'
import { measured } from './common'

export const LinearSummary = z.object({
  alpha: measured,
  egFinal: measured,
  egMpFinal: measured,
  egEarlyStopped: measured,
  tEarlyStopped: measured,
  lambdaMax: measured
})
export type LinearSummary = z.infer<typeof LinearSummary>

/** no artifacts */
export const LinearArtifact = z.never()
