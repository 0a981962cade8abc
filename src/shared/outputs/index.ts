// The outputs registry: engine name → its summary schema and artifact names (one file per engine
// beside this one; series names are built and parsed in series.ts). A new engine adds its file
// and one line here; `satisfies` makes a missing engine a type error.
import type { z } from 'zod'
import type { EngineName } from '@shared/runSpec'
import { readSummary } from './common'
import { HmmArtifact, HmmSummary } from './hmm'
import { PseudoRealArtifact, PseudoRealSummary } from './pseudoreal'
import { MnistFitArtifact, MnistFitSummary } from './mnist-fit'
import { KlArtifact, KlSummary } from './kl'
import { CumulantArtifact, CumulantSummary } from './cumulants'
import { LeSdeArtifact, LeSdeSummary } from './le-sde'
import { LePhaseArtifact, LePhaseSummary } from './le-phase'
import { LeCollapseArtifact, LeCollapseSummary } from './le-collapse'
import { LeTrainArtifact, LeTrainSummary } from './le-train'
import { NngpArtifact, NngpSummary } from './nngp'
import { NtkWidthArtifact, NtkWidthSummary } from './ntkWidth'
import { NtkTrainArtifact, NtkTrainSummary } from './ntkTrain'
import { ScalingArtifact, ScalingSummary } from './scaling'
import { LinearArtifact, LinearDoubleDescentArtifact, LinearDoubleDescentSummary, LinearReluArtifact, LinearReluSummary, LinearSummary } from './linear'

export const ENGINE_OUTPUTS = {
  hmm: { summary: HmmSummary, artifacts: HmmArtifact },
  pseudoreal: { summary: PseudoRealSummary, artifacts: PseudoRealArtifact },
  'mnist-fit': { summary: MnistFitSummary, artifacts: MnistFitArtifact },
  kl: { summary: KlSummary, artifacts: KlArtifact },
  cumulants: { summary: CumulantSummary, artifacts: CumulantArtifact },
  linear: { summary: LinearSummary, artifacts: LinearArtifact },
  'le-sde': { summary: LeSdeSummary, artifacts: LeSdeArtifact },
  'le-phase': { summary: LePhaseSummary, artifacts: LePhaseArtifact },
  'le-collapse': { summary: LeCollapseSummary, artifacts: LeCollapseArtifact },
  'le-train': { summary: LeTrainSummary, artifacts: LeTrainArtifact },
  nngp: { summary: NngpSummary, artifacts: NngpArtifact },
  'ntk-width': { summary: NtkWidthSummary, artifacts: NtkWidthArtifact },
  'ntk-train': { summary: NtkTrainSummary, artifacts: NtkTrainArtifact },
  scaling: { summary: ScalingSummary, artifacts: ScalingArtifact },
  'linear-dd': { summary: LinearDoubleDescentSummary, artifacts: LinearDoubleDescentArtifact },
  'linear-relu': { summary: LinearReluSummary, artifacts: LinearReluArtifact }
} as const satisfies Record<EngineName, { summary: z.ZodObject; artifacts: z.ZodType<string> }>

export type EngineSummary<E extends EngineName> = z.infer<(typeof ENGINE_OUTPUTS)[E]['summary']>

/** a run's summary read through its engine's schema (keys optional while the run goes on) */
export function summaryOf<E extends EngineName>(engine: E, summary: unknown): Partial<EngineSummary<E>> {
  return readSummary(ENGINE_OUTPUTS[engine].summary, summary) as Partial<EngineSummary<E>>
}

export { readSummary }
