// The engine registry: engine name → pure generator of records.
import type { RunSpec } from '../../shared/runSpec'
import type { Engine, EngineInputs, EngineRecord } from './records'
import { hmmEngine } from './hmm/engine'
import { linearEngine } from './linear/engine'
import { cumulantEngine } from './universality/cumulantEngine'
import { klEngine } from './universality/klEngine'
import { mnistFitEngine, pseudoRealEngine } from './pseudoreal/engine'

const engines: { [E in RunSpec['engine']]: Engine<Extract<RunSpec, { engine: E }>> } = {
  hmm: hmmEngine,
  linear: linearEngine,
  kl: klEngine,
  cumulants: cumulantEngine,
  'mnist-fit': mnistFitEngine,
  pseudoreal: pseudoRealEngine
}

export function runEngine(spec: RunSpec, inputs: EngineInputs = {}): Generator<EngineRecord, void, void> {
  const engine = engines[spec.engine] as Engine<RunSpec>
  return engine(spec, inputs)
}
