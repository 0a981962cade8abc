// The runner: a Piscina pool running engine tasks, the run state machine
// (queued → running → completed | failed | cancelled | diverged | interrupted),
// storage of records as they arrive, and progress fan-out to every listener.
import { EventEmitter } from 'node:events'
import { availableParallelism } from 'node:os'
import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import type { LabEvent, RunRow } from '@shared/api'
import { divergenceSummary } from '@shared/outputs/divergence'
import { isHeadline } from '@shared/outputs/series'
import type { EngineInputs, EngineRecord, PointRecord } from '@workers/records'
import { transferablesOf } from '@main/inputs'
import type { TaskMessage, TaskResult } from '@workers/task'
import type { RunStore } from '@main/store/runStore'
import { Eta } from './eta'
import { workerEntry } from './workerEntry'

export interface RunnerOptions {
  /** pool size; default cores − 1, at least 1 */
  threads?: number
  /** override the worker file (tests) */
  worker?: { filename: string; execArgv?: string[] }
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1)
}


interface Active {
  controller: AbortController
  eta: Eta
  metrics: Record<string, number>
  cancelled: boolean
  done: Promise<void>
}

export class Runner {
  readonly pool: Piscina
  private readonly events = new EventEmitter()
  private readonly active = new Map<string, Active>()
  private closed = false

  constructor(
    private readonly store: RunStore,
    options: RunnerOptions = {}
  ) {
    const threads = options.threads ?? defaultThreads()
    const worker = options.worker ?? workerEntry()
    this.pool = new Piscina({
      filename: worker.filename,
      execArgv: worker.execArgv,
      minThreads: Math.min(1, threads),
      maxThreads: threads,
      // engines are CPU-bound: one task per thread at a time
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000
    })
    this.events.setMaxListeners(0)
    store.recoverInterrupted()
  }

  get threads(): number {
    return this.pool.options.maxThreads
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
    const entry: Active = { controller, eta: new Eta(), metrics: {}, cancelled: false, done: Promise.resolve() }
    this.active.set(run.id, entry)
    this.store.claim(run.id)
    const done = this.execute(run, inputs, entry).finally(() => this.active.delete(run.id))
    entry.done = done.then(() => undefined)
    return done
  }

  /** Cancel a queued or running run. A running task's thread is stopped at once. */
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

  isActive(id: string): boolean {
    return this.active.has(id)
  }

  /** Wait until everything submitted so far has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.active.values()].map((a) => a.done))
  }

  async close(): Promise<void> {
    this.closed = true
    for (const a of this.active.values()) {
      a.cancelled = true
      a.controller.abort()
    }
    await Promise.allSettled([...this.active.values()].map((a) => a.done))
    await this.pool.destroy()
  }

  private async execute(run: RunRow, inputs: EngineInputs, entry: Active): Promise<RunRow> {
    const { port1, port2 } = new MessageChannel()
    // The task's promise can settle before its last messages are read: wait for 'end'.
    let ended: () => void = () => undefined
    const endReceived = new Promise<void>((resolve) => (ended = resolve))
    let lastProgressEmit = 0
    port1.on('message', (msg: TaskMessage) => {
      if (msg.type === 'end') return ended()
      if (msg.type === 'started') {
        this.store.markRunning(run.id)
        entry.eta.start()
        this.emit({ type: 'status', runId: run.id, status: 'running', error: null })
        return
      }
      const { points, fraction, t, phase } = this.storeRecords(run.id, msg.records)
      for (const p of points) for (const name in p.values) if (isHeadline(name)) entry.metrics[name] = p.values[name]
      if (fraction !== null) {
        this.store.setProgress(run.id, fraction, t)
        entry.eta.update(fraction)
      }
      const now = Date.now()
      if (now - lastProgressEmit >= 200 || fraction === 1) {
        lastProgressEmit = now
        const current = this.store.getRun(run.id)
        this.emit({
          type: 'progress',
          runId: run.id,
          fraction: current.progress ?? 0,
          t: current.lastT,
          phase,
          metrics: { ...entry.metrics },
          etaSeconds: entry.eta.secondsLeft()
        })
      }
    })

    let status: RunRow['status']
    let error: string | null = null
    try {
      const result = (await this.pool.run({ runId: run.id, spec: run.spec, inputs, port: port2 }, { signal: entry.controller.signal, transferList: [port2, ...transferablesOf(inputs)] })) as TaskResult
      await endReceived
      port1.close()
      if (result.status === 'diverged') {
        status = 'diverged'
        error = `diverged at t = ${result.divergence.divergedAt}: ${result.divergence.divergedSeries} is not finite`
        this.store.mergeSummary(run.id, divergenceSummary(result.divergence))
      } else status = 'completed'
    } catch (e) {
      if (entry.cancelled) {
        status = 'cancelled'
      } else {
        status = 'failed'
        error = e instanceof Error ? `${e.name === 'Error' ? '' : e.name + ': '}${e.message}` : String(e)
        // a thrown engine still sends what it recorded, then 'end'; a dead thread sends nothing
        await Promise.race([endReceived, new Promise((r) => setTimeout(r, 2000))])
      }
      port1.close()
    }
    const finished = this.store.finish(run.id, status, error)
    if (status === 'completed') this.store.setProgress(run.id, 1, null)
    this.emit({ type: 'status', runId: run.id, status: finished.status, error: finished.error })
    return this.store.getRun(run.id)
  }

  /** Store one batch: points in one transaction, artifacts, summaries; report the latest progress. */
  private storeRecords(id: string, records: EngineRecord[]) {
    const points: PointRecord[] = []
    let fraction: number | null = null
    let t: number | null = null
    let phase: string | null = null
    for (const r of records) {
      switch (r.type) {
        case 'point':
          points.push(r)
          t = r.t
          break
        case 'progress':
          fraction = r.fraction
          if (r.t !== undefined) t = r.t
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
    return { points, fraction, t, phase }
  }
}
