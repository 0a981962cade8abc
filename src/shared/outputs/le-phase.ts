// Outputs of the `le-phase` study: the probability of separation over (tMax, c, a).
import { z } from 'zod'
import { artifactNames, measured } from './common'

export const lePhaseSeries = {
  /** P(all pairs separable) against a (the series' t axis is a), for scale c at time tMax */
  probability: (c: number, tMax: number) => `prob[c=${c},T=${tMax}]`
} as const

export const lePhaseArtifacts = {
  /** tMaxes × cs × as, row-major: probability of separation */
  probability: 'phase/probability',
  /** the same shape: mean fraction of separable pairs */
  fraction: 'phase/fraction',
  /** the axes: as, cs, tMaxes */
  as: 'axis/a',
  cs: 'axis/c',
  tMaxes: 'axis/tMax'
} as const

export const LePhaseSummary = z.object({
  /** mean probability at the largest tMax over cells with a < 1, and with a > 1 */
  probabilityBelow: measured,
  probabilityAbove: measured,
  cells: measured
})
export const LePhaseArtifact = artifactNames(['phase/probability', 'phase/fraction', 'axis/a', 'axis/c', 'axis/tMax'])
export type LePhaseSummary = z.infer<typeof LePhaseSummary>
