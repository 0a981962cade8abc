// Outputs of the hmm engine (src/workers/engines/hmm): series sgd/…, ode/…, dev/… (series.ts),
// the summary below, and the artifacts: the drawn teacher and student, the ODE's initial and final state.
import { z } from 'zod'
import { artifactNames, measured } from './common'
import { DynamicsSummary, STUDENT_ARTIFACTS } from './twoLayer'

export const HmmSummary = z.object({
  /** μ1, μ2 of the input map (or the spec's override), δ = D/N */
  mu1: measured,
  mu2: measured,
  delta: measured,
  ...DynamicsSummary.shape
})
export type HmmSummary = z.infer<typeof HmmSummary>

/** ODE state fields saved at 'initial' and 'final': σ [K,K,D], r [K,M,D], W [K,K], v [K], ṽ [M], T, T̃ [M,M], ρ [D], ω [M,D] (the per-mode teacher term's overlaps; absent for a spec-given state without them) */
export const ODE_STATE_FIELDS = ['sigma', 'r', 'W', 'v', 'vTeacher', 'T', 'tildeT', 'rho', 'omega'] as const
export type OdeStateField = (typeof ODE_STATE_FIELDS)[number]
export const odeStateArtifact = (which: 'initial' | 'final', field: OdeStateField) => `ode/${which}/${field}` as const

export const HmmArtifact = artifactNames([
  'teacher/w', 'teacher/v', ...STUDENT_ARTIFACTS,
  ...ODE_STATE_FIELDS.map((f) => odeStateArtifact('initial', f)),
  ...ODE_STATE_FIELDS.map((f) => odeStateArtifact('final', f))
] as [string, ...string[]])
