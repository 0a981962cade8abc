// The engine registry: engine name → pure generator of records.
import type { RunSpec } from '@shared/runSpec'
import type { Engine, EngineInputs, EngineRecord } from '@workers/records'
import { hmmEngine } from '@engines/hmm/engine'
import { linearEngine } from '@engines/linear/engine'
import { doubleDescentEngine } from '@engines/linear/doubleDescent'
import { randomFeaturesEngine } from '@engines/linear/randomFeatures'
import { cumulantEngine } from '@engines/universality/cumulantEngine'
import { klEngine } from '@engines/universality/klEngine'
import { mnistFitEngine, pseudoRealEngine } from '@engines/pseudoreal/engine'
import { leSdeEngine } from '@engines/le-sde/engine'
import { lePhaseEngine } from '@engines/le-phase/engine'
import { leCollapseEngine } from '@engines/le-collapse/engine'
import { leTrainEngine } from '@engines/le-train/engine'
import { nngpEngine } from '@engines/nngp/engine'
import { ntkWidthEngine } from '@engines/ntkWidth/engine'
import { ntkTrainEngine } from '@engines/ntkTrain/engine'
import { scalingEngine } from '@engines/scaling/engine'

const engines: { [E in RunSpec['engine']]: Engine<Extract<RunSpec, { engine: E }>> } = {
  hmm: hmmEngine,
  linear: linearEngine,
  'linear-dd': doubleDescentEngine,
  'linear-relu': randomFeaturesEngine,
  kl: klEngine,
  cumulants: cumulantEngine,
  'mnist-fit': mnistFitEngine,
  pseudoreal: pseudoRealEngine,
  'le-sde': leSdeEngine,
  'le-phase': lePhaseEngine,
  'le-collapse': leCollapseEngine,
  'le-train': leTrainEngine,
  nngp: nngpEngine,
  'ntk-width': ntkWidthEngine,
  'ntk-train': ntkTrainEngine,
  scaling: scalingEngine
}

/** the engines this worker runs (tests check each has its spec schema in @shared/runSpecLoaders) */
export const ENGINE_NAMES = Object.keys(engines) as RunSpec['engine'][]

export function runEngine(spec: RunSpec, inputs: EngineInputs = {}): Generator<EngineRecord, void, void> {
  const engine = engines[spec.engine] as Engine<RunSpec>
  return engine(spec, inputs)
}
