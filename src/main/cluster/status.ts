// Where each point of a bundle stands, from its shards and the scheduler's queue:
//   done         a shard records its end (completed, or diverged: a result too)
//   running      its task is running and writing this point now
//   pending      its task waits in the queue, or runs and has not reached this point yet
//   failed       its last record ends in failure, and its task is not queued
//   interrupted  a record without an end (the task was killed), and its task is not queued
//   missing      never started, and its task is not queued
//   unfinished   started without an end, and the queue cannot be asked from here
import { join } from 'node:path'
import { POINT_STATES, type BundleStatus, type PointState, type PointStatus } from '@shared/cluster'
import { BUNDLE_FILES, readBundleInfo, readManifest, taskOf, type BundleInfo } from './bundleFormat'
import { SchedulerError, type QueuedTask, type Scheduler } from './scheduler'
import { bestAttempt, isDone, scanShards } from './shard'

export { POINT_STATES, type BundleStatus, type PointState, type PointStatus }

export async function bundleStatus(dir: string, scheduler: Scheduler, info: BundleInfo = readBundleInfo(dir)): Promise<BundleStatus> {
  const manifest = readManifest(dir, info)
  let queue: Map<number, QueuedTask> | null = null
  let queueError: string | null = null
  try {
    queue = await scheduler.queue(dir, info)
  } catch (e) {
    if (!(e instanceof SchedulerError)) throw e
    queueError = e.message
  }
  return { ...statusFrom(dir, info, manifest.map((l) => l.runId), queue), queueError }
}

/** the states, from the shards and a queue snapshot (null: unknown) */
export function statusFrom(dir: string, info: BundleInfo, runIds: string[], queue: Map<number, QueuedTask> | null): BundleStatus {
  const scan = scanShards(join(dir, BUNDLE_FILES.shards), { light: true })
  const counts = Object.fromEntries(POINT_STATES.map((s) => [s, 0])) as Record<PointState, number>
  const pointStates = runIds.map((runId, index): PointStatus => {
    const task = taskOf(index, info.perTask)
    const attempts = scan.attempts.get(runId) ?? []
    const best = bestAttempt(attempts)
    const queued = queue?.get(task)
    const progress = best?.progress?.fraction ?? null
    let state: PointState
    let detail: string | null = best?.end ? best.end.status : null
    if (isDone(best)) state = 'done'
    else if (queued?.state === 'running' && attempts.some((a) => !a.end && a.header.attempt === queued.attempt)) state = 'running'
    else if (queued) state = 'pending'
    else if (best?.end) {
      state = 'failed'
      detail = best.end.error
    } else if (best) {
      state = queue ? 'interrupted' : 'unfinished'
      detail = `${best.pointCount} points recorded`
    } else state = 'missing'
    counts[state]++
    return { index, runId, task, state, detail, progress }
  })
  return {
    dir,
    bundleId: info.id,
    sweepName: info.sweep.name,
    scheduler: info.scheduler.kind,
    points: info.points,
    tasks: info.tasks,
    counts,
    queueKnown: queue !== null,
    queueError: null,
    pointStates
  }
}

/** the tasks to submit again: those holding a point neither done nor queued */
export function missingTasks(status: BundleStatus): number[] {
  const tasks = new Set<number>()
  for (const p of status.pointStates) if (p.state === 'failed' || p.state === 'interrupted' || p.state === 'missing' || p.state === 'unfinished') tasks.add(p.task)
  return [...tasks].sort((a, b) => a - b)
}
