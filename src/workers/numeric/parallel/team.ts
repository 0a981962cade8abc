// A fork–join team of worker threads for synchronous numerical loops: the caller (rank 0) and
// `members` workers (ranks 1…members) share memory (SharedArrayBuffer) and a control word array;
// one `run(own)` is
//   caller: DONE ← 0, GEN += 1, notify  →  own()  →  wait until DONE = members
//   worker: wait until GEN changes  →  work(gen)  →  DONE += 1, notify
// No message is copied per round; the data travel in the shared buffers the caller set up.
// The caller blocks in Atomics.wait (allowed in Node's main thread and in worker threads, so a
// team can start from inside a Piscina task). A worker's exception, or a worker that fails to
// load, sets FAILED and the caller's run() throws its message (read synchronously from a
// MessagePort with receiveMessageOnPort). Workers are unref'd and stopped by close().
// A worker killed from outside mid-round, or an entry that fails to load without calling
// failTeam() (a plain .js entry with a syntax error), never counts DONE, and the caller's blocked
// thread cannot receive its 'error' event: a round that waits longer than max(stallFloorMs,
// stallFactor × the caller's own share) is taken as a dead worker and run() throws (the shares
// are equal, so a live worker that slow is starved past any use).
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads'

/** Slots of the control array (Int32, shared). Loader scripts (.mjs) use FAILED = 2 and DONE = 1 by number. */
export const TEAM_GEN = 0
export const TEAM_DONE = 1
export const TEAM_FAILED = 2
export const TEAM_STOP = 3
const SLOTS = 4

let live = 0
/** Team workers started in this thread that have not exited yet (tests check fits leave none). */
export function liveTeamWorkers(): number {
  return live
}

/** What every team worker receives in workerData.team (the caller's payload sits beside it). */
export interface TeamWorkerData {
  ctrl: SharedArrayBuffer
  rank: number
  /** port for the error message (transferred) */
  errors: MessagePort
}

export class Team {
  private readonly ctrl: Int32Array
  private readonly workers: Worker[] = []
  private readonly errorPorts: MessagePort[] = []
  private closed = false
  private readonly stallFloorMs: number
  private readonly stallFactor: number

  /**
   * Start `members` workers of the module at `entry` (a file path or URL), each with
   * workerData = { ...payload, team: TeamWorkerData }. The entry calls serveTeam().
   */
  constructor(entry: string | URL, readonly members: number, payload: Record<string, unknown>, options: { stallFloorMs?: number; stallFactor?: number } = {}) {
    this.stallFloorMs = options.stallFloorMs ?? 60_000
    this.stallFactor = options.stallFactor ?? 50
    if (!Number.isInteger(members) || members < 0) throw new Error(`Team: members must be a non-negative integer, got ${members}`)
    this.ctrl = new Int32Array(new SharedArrayBuffer(SLOTS * 4))
    try {
      for (let rank = 1; rank <= members; rank++) {
        const { port1, port2 } = new MessageChannel()
        const team: TeamWorkerData = { ctrl: this.ctrl.buffer as SharedArrayBuffer, rank, errors: port2 }
        const w = new Worker(entry, { workerData: { ...payload, team }, transferList: [port2] })
        live++
        w.once('exit', () => live--)
        w.unref()
        // an asynchronous 'error' (after the caller stopped waiting) must not crash the process;
        // the synchronous path reports it through FAILED and the port
        w.on('error', () => undefined)
        port1.unref()
        this.workers.push(w)
        this.errorPorts.push(port1)
      }
    } catch (e) {
      this.close()
      throw e
    }
  }

  /** One round: wake the workers, run the caller's share, wait for every worker's share. */
  run(own: () => void): void {
    if (this.closed) throw new Error('Team: run() after close()')
    const c = this.ctrl
    Atomics.store(c, TEAM_DONE, 0)
    Atomics.add(c, TEAM_GEN, 1)
    Atomics.notify(c, TEAM_GEN)
    let ownError: unknown = null
    const start = performance.now()
    try {
      own()
    } catch (e) {
      ownError = e
    }
    const ownMs = performance.now() - start
    const limitMs = Math.max(this.stallFloorMs, this.stallFactor * ownMs)
    let stalled = false
    for (;;) {
      const done = Atomics.load(c, TEAM_DONE)
      if (done >= this.members) break
      if (Atomics.load(c, TEAM_FAILED) !== 0) break
      if (performance.now() - start > limitMs) {
        stalled = true
        break
      }
      // the timeout lets a worker that failed to load or died (it never counts DONE) be noticed
      Atomics.wait(c, TEAM_DONE, done, Math.min(1000, this.stallFloorMs))
    }
    if (ownError !== null) throw ownError
    if (stalled)
      throw new Error(
        `Team: ${this.members - Atomics.load(c, TEAM_DONE)} of ${this.members} workers did not finish their share in ${(limitMs / 1000).toFixed(1)} s (the caller's took ${(ownMs / 1000).toFixed(2)} s): a worker died or cannot run`
      )
    if (Atomics.load(c, TEAM_FAILED) !== 0) {
      const messages: string[] = []
      for (const p of this.errorPorts) {
        for (let m = receiveMessageOnPort(p); m; m = receiveMessageOnPort(p)) messages.push(String(m.message))
      }
      throw new Error(`Team: a worker failed: ${messages.join('; ') || 'no message'}`)
    }
  }

  /** Stop and terminate the workers (idempotent). */
  close(): void {
    if (this.closed) return
    this.closed = true
    Atomics.store(this.ctrl, TEAM_STOP, 1)
    Atomics.add(this.ctrl, TEAM_GEN, 1)
    Atomics.notify(this.ctrl, TEAM_GEN)
    for (const w of this.workers) void w.terminate()
    for (const p of this.errorPorts) p.close()
  }
}

/**
 * Worker side: call once the worker's module is loaded. Runs work() for every round until the
 * caller closes the team (returns then).
 */
export function serveTeam(team: TeamWorkerData, work: () => void): void {
  const c = new Int32Array(team.ctrl)
  let seen = 0
  for (;;) {
    Atomics.wait(c, TEAM_GEN, seen)
    seen = Atomics.load(c, TEAM_GEN)
    if (Atomics.load(c, TEAM_STOP) !== 0) return
    try {
      work()
    } catch (e) {
      team.errors.postMessage(`rank ${team.rank}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
      Atomics.store(c, TEAM_FAILED, 1)
    }
    Atomics.add(c, TEAM_DONE, 1)
    Atomics.notify(c, TEAM_DONE)
  }
}

/** For loader scripts: the module failed to load; make the caller's run() throw this message. */
export function failTeam(team: TeamWorkerData, message: string): void {
  team.errors.postMessage(`rank ${team.rank}: ${message}`)
  const c = new Int32Array(team.ctrl)
  Atomics.store(c, TEAM_FAILED, 1)
  Atomics.notify(c, TEAM_DONE)
}
