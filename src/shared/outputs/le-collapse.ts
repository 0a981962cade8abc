// Outputs of the `le-collapse` study: ETF error over t per K, cosine matrices at tMax.
import { z } from 'zod'

export const leCollapseSeries = {
  etfError: (K: number) => `etf/error[K=${K}]`
} as const

export const leCollapseArtifacts = {
  /** K×K cosines of the L-model's class means at tMax */
  cosines: (K: number) => `cosines/K=${K}`
} as const

export const LeCollapseSummary = z.object({
  /** K → ETF error at tMax */
  errorFinal: z.record(z.string(), z.number()),
  /** the largest of them */
  maxErrorFinal: z.number()
})
export type LeCollapseSummary = z.infer<typeof LeCollapseSummary>
