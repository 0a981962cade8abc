// Outputs of the `le-collapse` study: ETF error over t per K, cosine matrices at tMax.
import { z } from 'zod'
import { measured } from './common'

export const leCollapseSeries = {
  etfError: (K: number) => `etf/error[K=${K}]`
} as const

export const leCollapseArtifacts = {
  /** K×K cosines of the L-model's class means at tMax */
  cosines: (K: number) => `cosines/K=${K}`
} as const

export const LeCollapseSummary = z.object({
  /** K → ETF error at tMax */
  errorFinal: z.record(z.string(), measured),
  /** the largest of them */
  maxErrorFinal: measured
})
/** 'cosines/K=<K>', one per K */
export const LeCollapseArtifact = z.string().regex(/^cosines\/K=\d+$/)
export type LeCollapseSummary = z.infer<typeof LeCollapseSummary>
