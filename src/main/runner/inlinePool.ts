// The pool of a single `lab run` (a spec file or a preset of one run, on one thread): the engine
// runs on the CLI's own thread instead of a worker thread. A worker thread costs ~12 MiB of RSS
// and its own heap, and ~0.1–0.2 s of CPU to start and to load the engines and zod a second time
// (bench/speed.md); a single run gains nothing from it. The Runner drives it like Piscina (run,
// destroy), so storing, progress, divergence, cancel and the failure paths are the pool's code path.
// The task module is the pool's own (workerEntry(): out/cli/task.js, or the sources through tsx),
// loaded by import() so that src/main loads no engine code statically. Its `inline` task gives
// the event loop a turn after each batch of records (src/workers/task.ts: runTaskYielding), so
// signals cancel the run and records are stored while it goes; its messages reach the Runner
// through inlineChannel() at once (records are stored before the engine goes on).
// Not for sweeps, --threads N > 1, lab serve or the desktop app: they keep worker threads.
import { pathToFileURL } from 'node:url'
import type { TaskInput, TaskMessage, TaskResult } from '@workers/task'
import type { TaskChannel, TaskPool } from './pool'
import { workerEntry } from './workerEntry'

/** The task module as the pool loads it (src/workers/task.ts, bundled or through tsx). */
interface TaskModule {
  default(input: TaskInput): unknown
  /** the task on the calling thread, yielding between batches; a module without it runs `default` */
  inline?(input: TaskInput, signal?: AbortSignal): Promise<TaskResult>
  [name: string]: unknown
}

type RunOptions = Parameters<TaskPool['run']>[1]

export class InlinePool implements TaskPool {
  /** one task at a time: the next waits for this one */
  readonly maxThreads = 1
  private readonly module: Promise<TaskModule>
  private turn: Promise<void> = Promise.resolve()

  /** Starts loading the task module now (bin/lab.mjs makes the pool at its first line). */
  constructor(filename: string = workerEntry().filename) {
    this.module = import(pathToFileURL(filename).href) as Promise<TaskModule>
    this.module.catch(() => undefined) // reported by the run that needs it
  }

  /** Run a task of the module (`name`, default the engine run); queued behind the running one. */
  async run(input: unknown, options: RunOptions = {}): Promise<unknown> {
    const signal = options.signal ?? undefined
    const previous = this.turn
    let release: () => void = () => undefined
    this.turn = new Promise((resolve) => (release = resolve))
    try {
      // a queued task cancelled while it waits ends at once, as on Piscina
      await untilAborted(previous, signal)
      signal?.throwIfAborted()
      const task = await this.module
      const name = options.name ?? 'default'
      if (name !== 'default') return await (task[name] as (input: unknown) => unknown)(input)
      return await (task.inline ? task.inline(input as TaskInput, signal) : task.default(input as TaskInput))
    } finally {
      // the turn passes once the task before has ended too (a cancelled waiter does not jump it)
      void previous.then(release)
    }
  }

  /** Messages within this thread: the Runner hears each at once, in the task's call. */
  channel(): TaskChannel {
    return inlineChannel()
  }

  /** Nothing to stop: the Runner cancels and awaits its running tasks before it destroys the pool. */
  async destroy(): Promise<void> {}
}

/** `done`, or the signal's reason as soon as it aborts. */
function untilAborted(done: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return done
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason)
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    void done.then(() => {
      signal.removeEventListener('abort', abort)
      resolve()
    })
  })
}

/** A channel within one thread: port2.postMessage(m) calls port1's listeners with m at once (no copy). */
export function inlineChannel(): TaskChannel {
  let listeners: ((msg: TaskMessage) => void)[] = []
  const port1 = {
    on(_event: 'message', listener: (msg: TaskMessage) => void) {
      listeners.push(listener)
      return port1
    },
    close() {
      listeners = []
    }
  }
  const port2 = {
    postMessage(msg: TaskMessage) {
      for (const listener of listeners) listener(msg)
    },
    close() {}
  }
  return { port1, port2: port2 as TaskChannel['port2'], transfer: [] }
}
