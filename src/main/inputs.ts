// What a run needs besides its spec, read before the run is stored: a file that cannot be
// read or parsed is refused here, and nothing is written.
import type { RunSpec } from '@shared/runSpec'
import type { EngineInputs } from '@workers/records'
import type { RunStore } from '@main/store/runStore'
import { mnistFitInputs, pseudoRealInputs } from '@main/mnist/runInputs'
import { leTrainInputs } from '@main/leTrainInputs'
import { nngpInputs, scalingInputs } from '@main/kernelInputs'

export async function prepareInputs(spec: RunSpec, store: RunStore): Promise<EngineInputs> {
  switch (spec.engine) {
    case 'mnist-fit':
      return mnistFitInputs(spec)
    case 'pseudoreal':
      return pseudoRealInputs(spec, store)
    case 'le-train':
      return leTrainInputs(spec)
    case 'nngp':
      return nngpInputs(spec)
    case 'scaling':
      return scalingInputs(spec)
    default:
      return {}
  }
}

/** The buffers to transfer (not copy) to the worker. */
export function transferablesOf(inputs: EngineInputs): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>()
  for (const v of Object.values(inputs)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) seen.add(v.buffer)
  return [...seen]
}
