// The engine registry: engine name → pure generator of records.
import type { RunSpec } from '../../shared/spec'
import type { Engine, EngineRecord } from './records'
import { linearEngine } from './linear/engine'
import { hmmEngine } from './hmm/engine'

const engines: { [E in RunSpec['engine']]: Engine<Extract<RunSpec, { engine: E }>> } = {
  hmm: hmmEngine,
  linear: linearEngine
}

export function runEngine(spec: RunSpec): Generator<EngineRecord, void, void> {
  const engine = engines[spec.engine] as Engine<RunSpec>
  return engine(spec)
}
