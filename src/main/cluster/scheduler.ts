// What a scheduler adds to a bundle: a writer of its script(s) over the manifest, a way to
// submit task indices, and a way to read its queue. The bundle, the worker and the shards do not
// change from one scheduler to the next (bundleFormat.ts); SLURM is slurm.ts. An HTCondor writer
// would emit a submit file with `queue <tasks>` and `arguments = run . --task $(Process)`; a
// Kubernetes writer an indexed Job whose pods run `--task $JOB_COMPLETION_INDEX`.
import type { BundleInfo, ManifestLine } from './bundleFormat'

export interface SchedulerOptions {
  partition?: string
  account?: string
  /** wall time per task in the scheduler's notation; default from the estimate */
  time?: string
}

export interface TaskRequests {
  /** wall seconds per task (the largest task's) */
  seconds: number
  /** bytes per task (the largest task's) */
  bytes: number
}

/** the queue's view of a task: waiting for a slot or under way, and the attempt name its worker writes under */
export interface QueuedTask {
  state: 'pending' | 'running'
  attempt: string
}

export interface Scheduler {
  kind: string
  /** the main script, relative to the bundle */
  script: string
  /** files to write into the bundle (relative path → text; executable) */
  files(info: Omit<BundleInfo, 'scheduler'>, manifest: ManifestLine[], requests: TaskRequests, options: SchedulerOptions): Record<string, string>
  /** submit these tasks (all when null), optionally with another wall time per task; resolves with the scheduler's job id */
  submit(dir: string, info: BundleInfo, tasks: number[] | null, options?: { time?: string }): Promise<string>
  /** task index → its entry in the queue, for this bundle's tasks; throws SchedulerError when the queue cannot be asked */
  queue(dir: string, info: BundleInfo): Promise<Map<number, QueuedTask>>
  /** cancel the bundle's queued and running tasks */
  cancel(dir: string, info: BundleInfo): Promise<void>
}

/** A scheduler command that is missing or refused (sbatch's own message included). */
export class SchedulerError extends Error {
  override readonly name = 'SchedulerError'
}

/** "0-3,7,9-10" from [0,1,2,3,7,9,10] (sorted, distinct) */
export function indexRanges(tasks: number[]): string {
  const sorted = [...new Set(tasks)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`)
    i = j + 1
  }
  return parts.join(',')
}
