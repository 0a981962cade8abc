// The runner: a pool running engine tasks (Piscina's worker threads, or a single `lab run`'s
// InlinePool on this thread: inlinePool.ts), the run state machine
// (queued → running → completed | failed | cancelled | diverged | interrupted),
// storage of records as they arrive, and progress fan-out to every listener.
import { EventEmitter } from 'node:events'
import type { LabEvent, RunRow } from '@shared/api'
import { divergenceMessage, divergenceSummary } from '@shared/outputs/divergence'
import { isHeadline } from '@shared/outputs/series'
import type { EngineInputs, EngineRecord, PointRecord } from '@workers/records'
import { transferablesOf } from '@main/inputs'
import type { TaskMessage, TaskResult } from '@workers/task'
import type { PreviewInput, PreviewOutput } from '@workers/mnistPreview'
import type { RunStore } from '@main/store/runStore'
import { Eta } from './eta'
import { InlinePool } from './inlinePool'
import { defaultThreads, messageChannel, poolOptions, startPool, type PiscinaOptions, type PoolOptions, type TaskChannel, type TaskPool } from './pool'

export interface RunnerOptions extends PoolOptions {
  /** how often to look for runs whose owner process is gone (another CLI killed while this one serves); 0 = only at start */
  recoverEveryMs?: number
  /**
   * A pool started earlier with startPool(poolOptions(these options)), or an InlinePool (`lab run`
   * starts it before loading the Lab); the Runner owns it from here (close() destroys it).
   * Default: made on first use.
   */
  pool?: Promise<TaskPool>
  /**
   * Run tasks on this thread, one at a time (InlinePool: a single `lab run`), instead of on worker
   * threads; the engine then has no heap limit of its own (heapMb) beyond the process's.
   */
  inline?: boolean
}

export const RECOVER_EVERY_MS = 30_000

export { defaultThreads }

interface Active {
  controller: AbortController
  eta: Eta
  /** the latest fraction done, the t of the last point stored and the phase, as they arrive (progress events are sent from these) */
  fraction: number
  lastT: number | null
  phase: string | null
  metrics: Record<string, number>
  cancelled: boolean
  done: Promise<void>
}

export class Runner {
  private poolInstance: Promise<TaskPool> | null = null
  private readonly poolOptions: PiscinaOptions
  private readonly inline: boolean
  private readonly events = new EventEmitter()
  private readonly active = new Map<string, Active>()
  private closed = false
  private readonly heapMb: number | null
  private recoveryTimer: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly store: RunStore,
    options: RunnerOptions = {}
  ) {
    // the pool itself is made on first use (pool()), so opening the archive (lab list, a refused
    // spec) starts no thread; once made, one thread starts at once (warm() relies on it)
    this.poolOptions = poolOptions(options)
    this.poolInstance = options.pool ?? null
    this.inline = options.inline ?? false
    this.heapMb = options.heapMb ?? null
    this.events.setMaxListeners(0)
    // a read-only archive (lab list/show/export on a file this process cannot write) is only read
    if (!store.db.readonly) {
      store.recoverInterrupted()
      const every = options.recoverEveryMs ?? RECOVER_EVERY_MS
      if (every > 0) {
        this.recoveryTimer = setInterval(() => this.recover(), every)
        this.recoveryTimer.unref()
      }
    }
  }

  /**
   * The worker pool, loaded and started on first use: `lab list` and the like neither load
   * Piscina nor start a thread.
   */
  private pool(): Promise<TaskPool> {
    this.poolInstance ??= this.inline ? Promise.resolve(new InlinePool(this.poolOptions.filename!)) : startPool(this.poolOptions)
    return this.poolInstance
  }

  /** Start the pool's first thread now (it loads the engines while the caller prepares a run). */
  warm(): void {
    if (!this.closed) void this.pool()
  }

  get threads(): number {
    return this.poolOptions!.maxThreads!
  }

  subscribe(listener: (event: LabEvent) => void): () => void {
    this.events.on('event', listener)
    return () => this.events.off('event', listener)
  }

  emit(event: LabEvent): void {
    this.events.emit('event', event)
  }

  /** Queue a stored run ('queued') on the pool; resolves when it reaches a final state. */
  submit(run: RunRow, inputs: EngineInputs = {}): Promise<RunRow> {
    if (this.closed) throw new Error('the runner is closed')
    const controller = new AbortController()
    const entry: Active = { controller, eta: new Eta(), fraction: 0, lastT: null, phase: null, metrics: {}, cancelled: false, done: Promise.resolve() }
    this.active.set(run.id, entry)
    this.store.claim(run.id)
    const done = this.execute(run, inputs, entry).finally(() => this.active.delete(run.id))
    entry.done = done.then(() => undefined)
    return done
  }

  /**
   * Cancel a queued or running run. A running task's worker thread is stopped at once; a task on
   * the InlinePool stops at its next batch of records.
   */
  cancel(id: string): RunRow {
    const entry = this.active.get(id)
    if (entry) {
      entry.cancelled = true
      entry.controller.abort()
      return this.store.getRun(id)
    }
    const run = this.store.getRun(id)
    if (run.status === 'queued' || run.status === 'running') {
      // queued in the archive but not by this process: nothing runs it, so just record it
      const done = this.store.finish(run.id, 'cancelled')
      this.emit({ type: 'status', runId: run.id, status: 'cancelled', error: null })
      return done
    }
    return run
  }

  /** The MNIST view's digit grids, computed on the pool (the task 'preview' of src/workers/task.ts). */
  preview(input: PreviewInput): Promise<PreviewOutput> {
    if (this.closed) throw new Error('the runner is closed')
    return this.pool().then((pool) => pool.run(input, { name: 'preview' }) as Promise<PreviewOutput>)
  }

  isActive(id: string): boolean {
    return this.active.has(id)
  }

  /** Wait until everything submitted so far has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.active.values()].map((a) => a.done))
  }

  /** Runs of owners that are gone become 'interrupted' (and listeners hear it); returns their ids. */
  recover(): string[] {
    if (this.closed) return []
    let ids: string[]
    try {
      ids = this.store.recoverInterrupted()
    } catch {
      return [] // the archive is busy or damaged: the next tick tries again
    }
    for (const id of ids) {
      const run = this.store.getRun(id)
      this.emit({ type: 'status', runId: id, status: run.status, error: run.error })
    }
    return ids
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.recoveryTimer) clearInterval(this.recoveryTimer)
    for (const a of this.active.values()) {
      a.cancelled = true
      a.controller.abort()
    }
    await Promise.allSettled([...this.active.values()].map((a) => a.done))
    await (await this.poolInstance)?.destroy()
  }

  private async execute(run: RunRow, inputs: EngineInputs, entry: Active): Promise<RunRow> {
    // The task's promise can settle before its last messages are read: wait for 'end'.
    let ended: () => void = () => undefined
    const endReceived = new Promise<void>((resolve) => (ended = resolve))
    let lastProgressEmit = 0
    // a record that cannot be stored (SQLITE_FULL, a read-only disk, …) ends the run as failed
    // with the reason; thrown here it would be uncaught and end the whole process
    let storeError: Error | null = null
    const listen = (msg: TaskMessage) => {
      if (msg.type === 'end') return ended()
      if (storeError) return
      try {
        this.onMessage(run, entry, msg, () => lastProgressEmit, (t) => (lastProgressEmit = t))
      } catch (e) {
        storeError = e instanceof Error ? e : new Error(String(e))
        entry.controller.abort()
      }
    }

    let status: RunRow['status']
    let error: string | null = null
    let port1: TaskChannel['port1'] | null = null
    try {
      const pool = await this.pool()
      // a worker thread's MessageChannel, or the InlinePool's channel within this thread
      const channel = pool.channel?.() ?? messageChannel()
      const { port2, transfer } = channel
      port1 = channel.port1
      port1.on('message', listen)
      const result = (await pool.run({ runId: run.id, spec: run.spec, inputs, port: port2 }, { signal: entry.controller.signal, transferList: [...transfer, ...transferablesOf(inputs)] })) as TaskResult
      await endReceived
      port1.close()
      if (storeError) throw storeError
      if (result.status === 'diverged') {
        status = 'diverged'
        error = divergenceMessage(result.divergence)
        this.store.mergeSummary(run.id, divergenceSummary(result.divergence, result.solvers))
      } else status = 'completed'
    } catch (e) {
      if (storeError) {
        status = 'failed'
        error = `could not store the run's records: ${describeStoreError(storeError)}`
      } else if (entry.cancelled) {
        status = 'cancelled'
      } else {
        status = 'failed'
        error = describeTaskError(e, this.heapMb)
        // a thrown engine still sends what it recorded, then 'end'; a dead thread sends nothing
        await Promise.race([endReceived, new Promise((r) => setTimeout(r, 2000))])
      }
      port1?.close()
    }
    let finished: RunRow
    try {
      finished = this.store.finish(run.id, status, error)
      if (status === 'completed') this.store.setProgress(run.id, 1)
    } catch (e) {
      // the archive refuses even the final state: report it; recovery marks the run interrupted
      this.emit({ type: 'status', runId: run.id, status: 'failed', error: `${error ?? status}; and the final state could not be stored: ${describeStoreError(e)}` })
      return { ...run, status: 'failed', error }
    }
    this.emit({ type: 'status', runId: run.id, status: finished.status, error: finished.error })
    return this.store.getRun(run.id)
  }

  private onMessage(run: RunRow, entry: Active, msg: Exclude<TaskMessage, { type: 'end' }>, lastEmit: () => number, setLastEmit: (t: number) => void): void {
    if (msg.type === 'started') {
      this.store.markRunning(run.id)
      entry.eta.start()
      this.emit({ type: 'status', runId: run.id, status: 'running', error: null })
      return
    }
    const { points, fraction, phase } = this.storeRecords(run.id, msg.records)
    for (const p of points) for (const name in p.values) if (isHeadline(name)) entry.metrics[name] = p.values[name]
    // t is that of the last point stored (what a chart of the series ends at), not of progress
    // between record times; the archive's last_t is the same (appendPoints)
    if (points.length) entry.lastT = points[points.length - 1].t
    if (phase !== null) entry.phase = phase
    if (fraction !== null) {
      // stored for readers of the archive (lists, other processes); events are sent from memory
      this.store.setProgress(run.id, fraction)
      entry.fraction = fraction
      entry.eta.update(fraction)
    }
    const now = Date.now()
    if (now - lastEmit() >= 200 || fraction === 1) {
      setLastEmit(now)
      this.emit({
        type: 'progress',
        runId: run.id,
        fraction: entry.fraction,
        t: entry.lastT,
        phase: entry.phase,
        metrics: { ...entry.metrics },
        etaSeconds: entry.eta.secondsLeft()
      })
    }
  }

  /** Store one batch: points in one transaction, artifacts, summaries; report the latest progress. */
  private storeRecords(id: string, records: EngineRecord[]) {
    const points: PointRecord[] = []
    let fraction: number | null = null
    let phase: string | null = null
    for (const r of records) {
      switch (r.type) {
        case 'point':
          points.push(r)
          break
        case 'progress':
          fraction = r.fraction
          phase = r.phase ?? phase
          break
        case 'artifact':
          this.store.putArtifact(id, r)
          break
        case 'summary':
          this.store.mergeSummary(id, r.values)
          break
      }
    }
    this.store.appendPoints(id, points)
    return { points, fraction, phase }
  }
}

const isSqliteError = (e: unknown): e is Error & { code: string } => e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && ((e as unknown as { code: string }).code.startsWith('SQLITE_'))

function describeStoreError(e: unknown): string {
  if (isSqliteError(e)) {
    if (e.code === 'SQLITE_FULL') return `the disk holding the archive is full (${e.code}); free space and run it again`
    if (e.code.startsWith('SQLITE_READONLY')) return `the archive became read-only (${e.code})`
    return `${e.code}: ${e.message}`
  }
  return e instanceof Error ? e.message : String(e)
}

function describeTaskError(e: unknown, heapMb: number | null): string {
  const code = (e as { code?: unknown })?.code
  if (code === 'ERR_WORKER_OUT_OF_MEMORY')
    return `the engine ran out of memory${heapMb ? ` (worker heap limit ${heapMb} MiB)` : ''}: lower the sizes of the spec`
  if (e instanceof RangeError && /allocation failed|Invalid (typed )?array length/i.test(e.message)) return `the engine could not allocate its arrays (${e.message}): lower the sizes of the spec`
  return e instanceof Error ? `${e.name === 'Error' ? '' : e.name + ': '}${e.message}` : String(e)
}
