// The Piscina task: runs one engine and streams its records back over a MessagePort in
// batches, so the main process stores them while the run goes on (a crash keeps them).
import type { MessagePort } from 'node:worker_threads'
import { parseRunSpec } from '@shared/validate'
import { firstNonFinite, type Divergence } from '@shared/outputs/divergence'
import { runEngine } from '@engines/index'
import type { EngineInputs, EngineRecord } from './records'

export interface TaskInput {
  runId: string
  /** the run spec as stored (already validated; parsed again here, cheaply, for types) */
  spec: unknown
  /** data read by the main process before the run (transferred, not copied) */
  inputs?: EngineInputs
  /** a worker_threads MessagePort (Piscina), or anything that takes the messages (the cluster worker's shard writer) */
  port: TaskPort
}

export type TaskPort = Pick<MessagePort, 'postMessage' | 'close'>

export type TaskMessage =
  | { type: 'started' }
  | { type: 'records'; records: EngineRecord[] }
  /** the last message of a task, sent also when the engine throws */
  | { type: 'end' }

/** how the task ended; 'diverged' by the one policy of @shared/outputs/divergence */
export type TaskResult = { status: 'completed' } | { status: 'diverged'; divergence: Divergence }

/** Flush at least this often, and whenever this many records are waiting. */
const FLUSH_MS = 100
const FLUSH_RECORDS = 4000

export function runTask({ spec: rawSpec, inputs, port }: TaskInput): TaskResult {
  const spec = parseRunSpec(rawSpec)
  port.postMessage({ type: 'started' } satisfies TaskMessage)
  let batch: EngineRecord[] = []
  let lastFlush = Date.now()
  const flush = () => {
    if (batch.length === 0) return
    // copied, not transferred: an engine may keep using an array after yielding it
    port.postMessage({ type: 'records', records: batch } satisfies TaskMessage)
    batch = []
    lastFlush = Date.now()
  }
  try {
    for (const record of runEngine(spec, inputs)) {
      batch.push(record)
      if (record.type === 'point') {
        const bad = firstNonFinite(record.values)
        if (bad !== null) {
          flush()
          return { status: 'diverged', divergence: { divergedAt: record.t, divergedSeries: bad } }
        }
      }
      if (record.type === 'artifact' || batch.length >= FLUSH_RECORDS || Date.now() - lastFlush >= FLUSH_MS) flush()
    }
    flush()
    return { status: 'completed' }
  } finally {
    flush()
    port.postMessage({ type: 'end' } satisfies TaskMessage)
    port.close()
  }
}

export default function task(input: TaskInput): TaskResult {
  return runTask(input)
}
