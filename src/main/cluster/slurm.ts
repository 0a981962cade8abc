// The SLURM writer: one job array over the bundle, array index t = task t (bundleFormat.ts).
// Submitting runs `sbatch` from the bundle folder (the script finds the bundle as
// $SLURM_SUBMIT_DIR); --missing submits only some indices with `sbatch --array=<list>`, which
// overrides the script's #SBATCH --array. The queue is read from `squeue` by the array's job
// name (lab-<bundle id>); `sacct` is not used: it needs an accounting daemon many setups lack.
import { execFile } from 'node:child_process'
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SLURM_NAME, SLURM_TIME } from '@shared/cluster'
import { BUNDLE_FILES, type BundleInfo } from './bundleFormat'
import { indexRanges, SchedulerError, type QueuedTask, type Scheduler, type SchedulerOptions, type TaskRequests } from './scheduler'

const run = promisify(execFile)

export const SLURM_SCRIPT = 'slurm/job.sbatch'
/** one JSON line per submission: { jobId, array, submittedAt } */
export const SLURM_JOBS = 'slurm/jobs.jsonl'

/** SLURM's default MaxArraySize is 1001: indices 0…1000 */
export const SLURM_DEFAULT_MAX_ARRAY = 1001


export function checkSlurmOptions(o: SchedulerOptions): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = []
  if (o.time !== undefined && !SLURM_TIME.test(o.time)) issues.push({ path: 'time', message: `'${o.time}' is not a SLURM time (minutes, HH:MM:SS, D-HH:MM:SS, …)` })
  if (o.partition !== undefined && !SLURM_NAME.test(o.partition)) issues.push({ path: 'partition', message: `'${o.partition}' is not a partition name` })
  if (o.account !== undefined && !SLURM_NAME.test(o.account)) issues.push({ path: 'account', message: `'${o.account}' is not an account name` })
  return issues
}

/** seconds → D-HH:MM:SS */
export function slurmTime(seconds: number): string {
  const s = Math.ceil(seconds)
  const d = Math.floor(s / 86400)
  const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, '0')
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0')
  const ss = String(s % 60).padStart(2, '0')
  return `${d}-${hh}:${mm}:${ss}`
}

export const jobName = (info: Pick<BundleInfo, 'id'>) => `lab-${info.id}`

export function slurmScript(info: Omit<BundleInfo, 'scheduler'>, requests: TaskRequests, options: SchedulerOptions): string {
  const mem = Math.ceil(requests.bytes / 2 ** 20)
  const lines = [
    '#!/bin/bash',
    `# Manifold Lab sweep '${info.sweep.name.replace(/[\r\n]/g, ' ')}': ${info.points} points, ${info.perTask} per task, ${info.tasks} tasks.`,
    '# Submit from the bundle folder:  cd <bundle> && sbatch slurm/job.sbatch   (or: lab cluster submit <bundle>)',
    `# Time and memory per task from the points' estimates (${info.estimate.source}).`,
    `#SBATCH --job-name=${jobName(info)}`,
    `#SBATCH --array=0-${info.tasks - 1}`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --time=${options.time ?? slurmTime(requests.seconds)}`,
    `#SBATCH --mem=${mem}M`,
    `#SBATCH --output=${BUNDLE_FILES.logs}/%A_%a.out`
  ]
  if (options.partition) lines.push(`#SBATCH --partition=${options.partition}`)
  if (options.account) lines.push(`#SBATCH --account=${options.account}`)
  lines.push(
    'set -euo pipefail',
    '# the bundle: where sbatch was run (LAB_BUNDLE overrides); node: any Node >= 20 (LAB_NODE overrides)',
    'BUNDLE="${LAB_BUNDLE:-$SLURM_SUBMIT_DIR}"',
    'NODE="${LAB_NODE:-node}"',
    `exec "$NODE" "$BUNDLE/${BUNDLE_FILES.worker}" run "$BUNDLE" --task "$SLURM_ARRAY_TASK_ID" --attempt "slurm-\${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID}"`,
    ''
  )
  return lines.join('\n')
}

/** the attempt name the script gives the worker (see slurmScript) */
export const slurmAttempt = (jobId: string, task: number) => `slurm-${jobId}_${task}`

/** `squeue --array --noheader --format=%F|%K|%T` lines (array job id, index, state) → task index → entry */
export function parseSqueue(text: string): Map<number, QueuedTask> {
  const out = new Map<number, QueuedTask>()
  for (const line of text.split('\n')) {
    const [jobId, task, state] = line.trim().split('|')
    if (task === undefined || state === undefined) continue
    // a pending array not yet split shows its indices as a range expression (e.g. 0-9%4 or 3,5,7)
    const indices = task.replace(/%\d+$/, '').split(',').flatMap((part) => {
      const m = /^(\d+)(?:-(\d+))?$/.exec(part)
      if (!m) return []
      const a = Number(m[1])
      const b = m[2] === undefined ? a : Number(m[2])
      return Array.from({ length: b - a + 1 }, (_, i) => a + i)
    })
    const s: QueuedTask['state'] = state === 'PENDING' || state === 'REQUEUED' || state === 'REQUEUE_HOLD' ? 'pending' : 'running'
    for (const i of indices) if (out.get(i)?.state !== 'running') out.set(i, { state: s, attempt: slurmAttempt(jobId, i) })
  }
  return out
}

async function tool(cmd: string, args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { cwd, timeout: 60_000 })
    return stdout
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string }
    if (err.code === 'ENOENT') throw new SchedulerError(`'${cmd}' is not installed here: use a machine where SLURM's commands are available (a login node)`)
    throw new SchedulerError(`${cmd} ${args.join(' ')}: ${(err.stderr || err.message).trim()}`)
  }
}

export const slurm: Scheduler = {
  kind: 'slurm',
  script: SLURM_SCRIPT,
  files: (info, _manifest, requests, options) => ({ [SLURM_SCRIPT]: slurmScript(info, requests, options) }),

  async submit(dir, info, tasks, options = {}) {
    const issues = checkSlurmOptions(options)
    if (issues.length) throw new SchedulerError(issues.map((i) => `--${i.path}: ${i.message}`).join('; '))
    mkdirSync(join(dir, BUNDLE_FILES.logs), { recursive: true })
    const array = tasks ? indexRanges(tasks) : `0-${info.tasks - 1}`
    // options on sbatch's command line override the script's #SBATCH lines
    const args = ['--parsable', ...(tasks ? [`--array=${array}`] : []), ...(options.time ? [`--time=${options.time}`] : []), SLURM_SCRIPT]
    const jobId = (await tool('sbatch', args, dir)).trim().split(';')[0]
    if (!/^\d+$/.test(jobId)) throw new SchedulerError(`sbatch answered '${jobId}', not a job id`)
    appendFileSync(join(dir, SLURM_JOBS), JSON.stringify({ jobId, array, submittedAt: new Date().toISOString() }) + '\n')
    return jobId
  },

  async queue(_dir, info) {
    return parseSqueue(await tool('squeue', ['--noheader', '--array', `--name=${jobName(info)}`, '--format=%F|%K|%T']))
  },

  async cancel(_dir, info) {
    await tool('scancel', [`--name=${jobName(info)}`])
  }
}
