// The per-engine way to a run spec's schema: engine name → a loader of the one module that builds
// it. The engine worker (src/workers/task.ts) parses each run's spec with the schema of its engine
// alone, so a worker builds that engine's schema, not every engine's (zod building all of them
// was ~70 ms of a worker's start; bench/speed.md). The schemas are the very objects of
// RUN_SPEC_SCHEMAS (src/shared/runSpec.ts), which the main process, the CLI and the API use: a new
// engine goes in both (tests/unit/main/runSpecLoaders.test.ts checks they agree).
import type { z } from 'zod'
import type { EngineName, RUN_SPEC_SCHEMAS, RunSpec } from './runSpec'
import { parseOrThrow, ValidationError } from './errors'

type Schemas = typeof RUN_SPEC_SCHEMAS

export const RUN_SPEC_LOADERS: { [E in EngineName]: () => Promise<Schemas[E]> } = {
  hmm: async () => (await import('./spec')).HmmRunSpec,
  linear: async () => (await import('./specs/linear')).LinearRunSpec,
  'linear-dd': async () => (await import('./specs/linear')).LinearDoubleDescentSpec,
  'linear-relu': async () => (await import('./specs/linear')).LinearReluSpec,
  kl: async () => (await import('./studySpec')).KlStudySpec,
  cumulants: async () => (await import('./studySpec')).CumulantStudySpec,
  'mnist-fit': async () => (await import('./pseudorealSpec')).MnistFitRunSpec,
  pseudoreal: async () => (await import('./pseudorealSpec')).PseudoRealRunSpec,
  'le-sde': async () => (await import('./specs/le-sde')).LeSdeRunSpec,
  'le-phase': async () => (await import('./specs/le-phase')).LePhaseStudySpec,
  'le-collapse': async () => (await import('./specs/le-collapse')).LeCollapseStudySpec,
  'le-train': async () => (await import('./specs/le-train')).LeTrainRunSpec,
  nngp: async () => (await import('./specs/nngp')).NngpRunSpec,
  'ntk-width': async () => (await import('./specs/ntkWidth')).NtkWidthRunSpec,
  'ntk-train': async () => (await import('./specs/ntkTrain')).NtkTrainRunSpec,
  scaling: async () => (await import('./specs/scaling')).ScalingRunSpec
}

/** The schema of `engine`'s run spec; an unknown engine is a ValidationError worded as parseRunSpec's. */
export async function runSpecSchemaOf(engine: unknown): Promise<z.ZodType> {
  if (typeof engine !== 'string' || !Object.hasOwn(RUN_SPEC_LOADERS, engine))
    throw new ValidationError([{ path: 'engine', message: `unknown engine ${JSON.stringify(engine)}; expected one of ${Object.keys(RUN_SPEC_LOADERS).join(', ')}` }], 'run spec')
  return RUN_SPEC_LOADERS[engine as EngineName]()
}

/** parseRunSpec (src/shared/validate.ts) with only the spec's own engine's schema loaded. */
export async function parseRunSpecOfEngine(input: unknown): Promise<RunSpec> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError([{ path: '', message: 'a run spec must be a JSON object' }], 'run spec')
  const schema = await runSpecSchemaOf((input as { engine?: unknown }).engine)
  return parseOrThrow(schema, input, 'run spec') as RunSpec
}
