// The engine worker pool (Piscina) and its options, apart from the Runner so that `lab run` can
// start the pool's thread at its first line (src/main/cli.ts), before the main thread loads the
// Lab: the worker's own start and its import of the engines (~150–200 ms of CPU) then overlap the
// main thread's. The Runner takes such a pool (RunnerOptions.pool) or makes one on first use.
import { availableParallelism } from 'node:os'
import { MessageChannel, type TransferListItem } from 'node:worker_threads'
import type { Piscina } from 'piscina'
import type { TaskMessage, TaskPort } from '@workers/task'
import { workerEntry } from './workerEntry'

/**
 * What the Runner needs of a pool: Piscina's run/destroy (a worker thread per task), or the
 * InlinePool of a single `lab run` (src/main/runner/inlinePool.ts: the task on the calling thread).
 */
export interface TaskPool {
  run(task: unknown, options?: { signal?: AbortSignal | null; transferList?: TransferListItem[]; name?: string | null }): Promise<unknown>
  destroy(): Promise<void>
  /** how many tasks run at once */
  readonly maxThreads: number
  /** the channel a task posts its messages on; default a MessageChannel (messageChannel()) */
  channel?(): TaskChannel
}

/** The Runner's end (port1) and the task's (port2) of a task's messages, and what to transfer of it. */
export interface TaskChannel {
  port1: { on(event: 'message', listener: (msg: TaskMessage) => void): unknown; close(): void }
  port2: TaskPort
  transfer: TransferListItem[]
}

/** A worker_threads channel: port2 goes to the worker thread (transferred). */
export function messageChannel(): TaskChannel {
  const { port1, port2 } = new MessageChannel()
  return { port1, port2, transfer: [port2] }
}

export interface PoolOptions {
  /** pool size; default cores − 1, at least 1 */
  threads?: number
  /** override the worker file (tests) */
  worker?: { filename: string; execArgv?: string[] }
  /** V8 heap limit of each worker (MiB): a worker over it ends its run as failed, not the process */
  heapMb?: number
  /**
   * V8 young generation of each worker (MiB; default WORKER_YOUNG_MB). An engine's garbage is
   * short-lived records and small arrays: a small young generation holds a few MiB where V8's
   * default grows to 16–32 MiB per worker, at no measurable CPU (bench/speed.md).
   */
  youngMb?: number
}

/**
 * The workers' young generation (MiB). Node passes it to V8 as the young generation's size (three
 * semi-spaces' worth): 4 MiB is a semi-space of about 1.3 MiB.
 */
export const WORKER_YOUNG_MB = 4

export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1)
}

export type PiscinaOptions = NonNullable<ConstructorParameters<typeof Piscina>[0]>

/** Piscina's options for these settings (the one place they are decided). */
export function poolOptions(options: PoolOptions = {}): PiscinaOptions {
  const threads = options.threads ?? defaultThreads()
  const worker = options.worker ?? workerEntry()
  return {
    filename: worker.filename,
    execArgv: worker.execArgv,
    // made on first use (or by startPool), one thread starts at once, the rest on demand
    minThreads: Math.min(1, threads),
    maxThreads: threads,
    // engines are CPU-bound: one task per thread at a time
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    resourceLimits: {
      maxYoungGenerationSizeMb: options.youngMb ?? WORKER_YOUNG_MB,
      ...(options.heapMb ? { maxOldGenerationSizeMb: options.heapMb } : {})
    }
  }
}

/** Load Piscina and start the pool (its first thread starts loading the engines at once). */
export function startPool(options: PiscinaOptions): Promise<TaskPool> {
  return import('piscina').then(({ Piscina }) => new Piscina(options) satisfies TaskPool)
}
