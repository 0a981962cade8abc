// The bundle operations every transport calls (the CLI in cluster/cli.ts, the API in api.ts):
// the scheduler is the one the bundle was written for.
import { readBundleInfo, type BundleInfo } from './bundleFormat'
import type { Scheduler } from './scheduler'
import { bundleStatus, missingTasks, type BundleStatus } from './status'
import { SCHEDULERS } from './schedulers'

export function schedulerOf(info: BundleInfo): Scheduler {
  const s = SCHEDULERS[info.scheduler.kind]
  if (!s) throw new Error(`this lab has no writer for scheduler '${info.scheduler.kind}' (known: ${Object.keys(SCHEDULERS).join(', ')})`)
  return s
}

export async function statusOfBundle(dir: string): Promise<BundleStatus> {
  const info = readBundleInfo(dir)
  return bundleStatus(dir, schedulerOf(info), info)
}

export interface Submitted {
  jobId: string | null
  /** the task indices submitted (empty: nothing was missing) */
  tasks: number[]
}

/**
 * Submit every task, or with missing only those holding a point neither done nor queued; time
 * overrides the wall time per task (a task killed at its limit would be killed again).
 */
export async function submitBundle(dir: string, missing: boolean, options: { time?: string } = {}): Promise<Submitted> {
  const info = readBundleInfo(dir)
  const scheduler = schedulerOf(info)
  if (!missing) return { jobId: await scheduler.submit(dir, info, null, options), tasks: Array.from({ length: info.tasks }, (_, i) => i) }
  const status = await bundleStatus(dir, scheduler, info)
  const tasks = missingTasks(status)
  if (tasks.length === 0) return { jobId: null, tasks }
  return { jobId: await scheduler.submit(dir, info, tasks, options), tasks }
}

/** run ids of the points whose task is queued or running (not to be imported as cut short) */
export async function inProgressRuns(dir: string): Promise<Set<string>> {
  const status = await statusOfBundle(dir)
  return new Set(status.pointStates.filter((p) => p.state === 'running' || p.state === 'pending').map((p) => p.runId))
}
