// Outputs common to the two-layer engines (hmm, pseudoreal): the summary keys written by the SGD
// loop's deviation bookkeeping (src/workers/models/twoLayer/deviation.ts) and the ODE.
import { z } from 'zod'
import { measured } from './common'
import { DivergenceSummary } from './divergence'

export const DeviationSummary = z.object({
  'dev.eg.meanLate': measured,
  'dev.eg.maxLate': measured,
  'dev.eg.final': measured,
  'dev.v.meanLate': measured,
  'dev.v.maxLate': measured,
  'dev.v.final': measured,
  'dev.logratio.meanLate': measured,
  'dev.logratio.maxLate': measured,
  'dev.logratio.final': measured
})

/** the deviation summary keys ('dev.eg.final', …): readers name them through this type */
export type DeviationKey = keyof z.infer<typeof DeviationSummary>

/**
 * SGD and ODE: ε_g at t_max (at the point where it diverged, if it did) and whether it diverged;
 * divergedAt, divergedSeries: the run's first divergence (divergence.ts). A solver that diverges
 * stops; the other goes on recording.
 */
export const DynamicsSummary = z.object({
  'ode.egFinal': measured.optional(),
  'ode.diverged': z.boolean().optional(),
  /** the ODE's ε_g reached ≤ 0 somewhere: the log-ratio is left out there */
  'ode.egNonPositive': z.literal(true).optional(),
  'sgd.egFinal': measured.optional(),
  'sgd.diverged': z.boolean().optional(),
  ...DivergenceSummary.shape,
  ...DeviationSummary.partial().shape
})

/** the student's initial weights, shapes [K, N] and [K] */
export const STUDENT_ARTIFACTS = ['student/w0', 'student/v0'] as const
