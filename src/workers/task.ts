// The Piscina task: runs one engine and streams its records back over a MessagePort in
// batches, so the main process stores them while the run goes on (a crash keeps them).
import type { MessagePort } from 'node:worker_threads'
import type { RunSpec } from '@shared/runSpec'
import { parseRunSpecOfEngine } from '@shared/runSpecLoaders'
import { DivergenceTracker, type Divergence } from '@shared/outputs/divergence'
import { runEngine } from '@engines/index'
import type { EngineInputs, EngineRecord } from './records'
import { previewDigits, type PreviewInput, type PreviewOutput } from './mnistPreview'

export interface TaskInput {
  runId: string
  /** the run spec as stored (already validated; parsed again by the task with its engine's schema alone) */
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

/** how the task ended; 'diverged' by the one policy of @shared/outputs/divergence: the first divergence, and each diverged solver's t */
export type TaskResult = { status: 'completed' } | { status: 'diverged'; divergence: Divergence; solvers: Record<string, number> }

/** Flush at least this often, and whenever this many records are waiting. */
const FLUSH_MS = 100
const FLUSH_RECORDS = 4000

type TaskArgs = Omit<TaskInput, 'spec'> & { spec: RunSpec }

/**
 * One engine run as steps: it suspends (yields) after each batch it posts, so that a caller on
 * the CLI's own thread can let the event loop run (signals, timers) between batches. Returning
 * it early (.return()) ends the run there: what it recorded is posted, then 'end'.
 */
function* taskSteps({ spec, inputs, port }: TaskArgs): Generator<void, TaskResult, void> {
  port.postMessage({ type: 'started' } satisfies TaskMessage)
  let batch: EngineRecord[] = []
  // 0: the first record goes out at once (a run shows life at once), then at most every FLUSH_MS
  let lastFlush = 0
  const flush = () => {
    if (batch.length === 0) return
    // copied, not transferred: an engine may keep using an array after yielding it
    port.postMessage({ type: 'records', records: batch } satisfies TaskMessage)
    batch = []
    lastFlush = Date.now()
  }
  const divergence = new DivergenceTracker()
  const result = (): TaskResult => (divergence.first ? { status: 'diverged', divergence: divergence.first, solvers: divergence.solverTimes() } : { status: 'completed' })
  try {
    for (const record of runEngine(spec, inputs)) {
      if (record.type === 'point') {
        const { point, stop } = divergence.observe(record)
        if (stop) {
          flush()
          return result()
        }
        if (point) batch.push({ type: 'point', t: point.t, values: point.values })
      } else batch.push(record)
      if (record.type === 'artifact' || batch.length >= FLUSH_RECORDS || Date.now() - lastFlush >= FLUSH_MS) {
        flush()
        yield
      }
    }
    flush()
    return result()
  } finally {
    flush()
    port.postMessage({ type: 'end' } satisfies TaskMessage)
    port.close()
  }
}

/** Run one engine on a parsed spec (parseRunSpec, or the pool task's parseRunSpecOfEngine), to its end. */
export function runTask(args: TaskArgs): TaskResult {
  const steps = taskSteps(args)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * The same run, giving the event loop a turn after each batch (about every FLUSH_MS): for a run on
 * the thread that also stores its records and hears signals (src/main/runner/inlinePool.ts).
 * An aborted signal ends the run at the next batch (what it recorded is posted) with its reason.
 */
export async function runTaskYielding(args: TaskArgs, signal?: AbortSignal): Promise<TaskResult> {
  const steps = taskSteps(args)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await new Promise(setImmediate)
    if (signal?.aborted) {
      steps.return(undefined as never)
      throw signal.reason
    }
  }
}

/**
 * The pool's task: the spec parsed with its own engine's schema (loaded once per worker, on the
 * first run of that engine: a worker does not build every engine's schema at start), then the run.
 */
export default async function task(input: TaskInput): Promise<TaskResult> {
  return runTask({ ...input, spec: await parseRunSpecOfEngine(input.spec) })
}

/** The task on the calling thread (src/main/runner/inlinePool.ts): as the pool's, yielding between batches. */
export async function inline(input: TaskInput, signal?: AbortSignal): Promise<TaskResult> {
  return runTaskYielding({ ...input, spec: await parseRunSpecOfEngine(input.spec) }, signal)
}

/** The pool's second task (run with { name: 'preview' }): the MNIST view's digit grids. */
export function preview(input: PreviewInput): PreviewOutput {
  return previewDigits(input)
}
