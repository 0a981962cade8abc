// Every kind of run the lab knows: engine name → the schema of its spec.
import type { z } from 'zod'
import { HmmRunSpec, LinearRunSpec } from './spec'
import { CumulantStudySpec, KlStudySpec } from './studySpec'
import { MnistFitRunSpec, PseudoRealRunSpec } from './pseudorealSpec'
import { LeSdeRunSpec } from './specs/le-sde'
import { LePhaseStudySpec } from './specs/le-phase'
import { LeCollapseStudySpec } from './specs/le-collapse'
import { LeTrainRunSpec } from './specs/le-train'

export const RUN_SPEC_SCHEMAS = {
  hmm: HmmRunSpec,
  linear: LinearRunSpec,
  kl: KlStudySpec,
  cumulants: CumulantStudySpec,
  'mnist-fit': MnistFitRunSpec,
  pseudoreal: PseudoRealRunSpec,
  'le-sde': LeSdeRunSpec,
  'le-phase': LePhaseStudySpec,
  'le-collapse': LeCollapseStudySpec,
  'le-train': LeTrainRunSpec
} as const satisfies Record<string, z.ZodType>

export type EngineName = keyof typeof RUN_SPEC_SCHEMAS
export const ENGINES = Object.keys(RUN_SPEC_SCHEMAS) as EngineName[]
export type RunSpec = { [E in EngineName]: z.infer<(typeof RUN_SPEC_SCHEMAS)[E]> }[EngineName]
export type RunSpecInput = { [E in EngineName]: z.input<(typeof RUN_SPEC_SCHEMAS)[E]> }[EngineName]
