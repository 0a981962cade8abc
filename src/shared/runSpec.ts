// Every kind of run the lab knows: engine name → the schema of its spec.
import type { z } from 'zod'
import { HmmRunSpec } from './spec'
import { LinearDoubleDescentSpec, LinearReluSpec, LinearRunSpec } from './specs/linear'
import { CumulantStudySpec, KlStudySpec } from './studySpec'
import { MnistFitRunSpec, PseudoRealRunSpec } from './pseudorealSpec'
import { LeSdeRunSpec } from './specs/le-sde'
import { LePhaseStudySpec } from './specs/le-phase'
import { LeCollapseStudySpec } from './specs/le-collapse'
import { LeTrainRunSpec } from './specs/le-train'
import { NngpRunSpec } from './specs/nngp'
import { NtkWidthRunSpec } from './specs/ntkWidth'
import { NtkTrainRunSpec } from './specs/ntkTrain'
import { ScalingRunSpec } from './specs/scaling'

export const RUN_SPEC_SCHEMAS = {
  hmm: HmmRunSpec,
  linear: LinearRunSpec,
  'linear-dd': LinearDoubleDescentSpec,
  'linear-relu': LinearReluSpec,
  kl: KlStudySpec,
  cumulants: CumulantStudySpec,
  'mnist-fit': MnistFitRunSpec,
  pseudoreal: PseudoRealRunSpec,
  'le-sde': LeSdeRunSpec,
  'le-phase': LePhaseStudySpec,
  'le-collapse': LeCollapseStudySpec,
  'le-train': LeTrainRunSpec,
  nngp: NngpRunSpec,
  'ntk-width': NtkWidthRunSpec,
  'ntk-train': NtkTrainRunSpec,
  scaling: ScalingRunSpec
} as const satisfies Record<string, z.ZodType>

export type EngineName = keyof typeof RUN_SPEC_SCHEMAS
export const ENGINES = Object.keys(RUN_SPEC_SCHEMAS) as EngineName[]
export type RunSpec = { [E in EngineName]: z.infer<(typeof RUN_SPEC_SCHEMAS)[E]> }[EngineName]
export type RunSpecInput = { [E in EngineName]: z.input<(typeof RUN_SPEC_SCHEMAS)[E]> }[EngineName]
