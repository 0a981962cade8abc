// The one divergence policy. A run diverges at the first record time t at which a recorded value
// is not finite: the engine's SGD loop stops after that point (it would only produce more
// non-finite values), the worker (src/workers/task.ts) ends the task there with status
// 'diverged', and the summary holds { divergedAt: t, divergedSeries: name } — written by the
// runner for any engine, and by the two-layer engines themselves (with sgd.diverged) so a run
// read straight from the engine (tests, scripts) says the same thing. Earlier points are kept.
import { z } from 'zod'

/** the first series whose value is not finite, or null */
export function firstNonFinite(values: Record<string, number>): string | null {
  for (const name in values) if (!Number.isFinite(values[name])) return name
  return null
}

export interface Divergence {
  /** the record time of the first non-finite value */
  divergedAt: number
  /** the series holding it */
  divergedSeries: string
}

/** the summary keys of a divergence */
export const DivergenceSummary = z.object({ divergedAt: z.number().optional(), divergedSeries: z.string().optional() })

export function divergenceSummary(d: Divergence): z.infer<typeof DivergenceSummary> {
  return { divergedAt: d.divergedAt, divergedSeries: d.divergedSeries }
}
