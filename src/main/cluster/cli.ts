// The cluster commands of `lab` (src/main/cli.ts dispatches here):
//   lab sweep <sweep.json|preset> --cluster slurm --out DIR [--per-task K] [--partition P] [--account A] [--time T] [--set path=value]...
//   lab cluster submit DIR [--missing] [--time T]
//   lab cluster status DIR [--json]
//   lab cluster run-local DIR [--jobs N]
//   lab cluster cancel DIR
//   lab import DIR [--db FILE] [--json]
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { applyOverrides } from '@shared/overrides'
import { ValidationError } from '@shared/validate'
import { defaultDbPath, openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { readJsonFile } from '@main/jsonFile'
import { loadPresets } from '@main/presets'
import type { Io } from '@main/cli'
import { BundleError, readBundleInfo } from './bundleFormat'
import { SchedulerError } from './scheduler'
import { inProgressRuns, schedulerOf, statusOfBundle, submitBundle } from './bundles'
import { importBundle } from './importBundle'
import { runLocal } from './runLocal'
import { POINT_STATES, type BundleStatus } from './status'
import { writeBundle } from './writeBundle'

export const CLUSTER_USAGE = `cluster commands:
  lab sweep <sweep.json|preset> --cluster slurm --out DIR [--per-task K] [--partition P]
            [--account A] [--time T] [--set path=value]...   write a sweep bundle (docs/CLUSTER.md)
  lab cluster submit DIR [--missing] [--time T]
                                          sbatch the bundle's job array (--missing: only what is not done;
                                          --time: another wall time per task)
  lab cluster status DIR [--json]         done, running, pending, failed, … per point (shards + squeue)
  lab cluster run-local DIR [--jobs N]    run the bundle here with its own worker
  lab cluster cancel DIR                  scancel the bundle's queued and running tasks
  lab import DIR [--db FILE] [--json]     merge the bundle's results into the archive (idempotent)`

class ClusterUsageError extends Error {
  override readonly name = 'ClusterUsageError'
}

type Values = Record<string, string | boolean | string[] | undefined>

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true })
    return { values: values as Values, positionals }
  } catch (e) {
    throw new ClusterUsageError((e as Error).message)
  }
}

function positiveInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new ClusterUsageError(`${flag} must be a positive whole number, got '${value}'`)
  return n
}

/** Run a cluster command: usage and bundle errors exit 2, a refusing scheduler 1; the rest go to cli.ts. */
async function guarded(io: Io, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof SchedulerError) {
      io.err(`lab: ${e.message}\n`)
      return 1
    }
    if (e instanceof ClusterUsageError || e instanceof BundleError) {
      io.err(`lab: ${e.message}\n`)
      if (e instanceof ClusterUsageError) io.err(`\n${CLUSTER_USAGE}\n`)
      return 2
    }
    throw e
  }
}

/** The sweep spec of a file or a sweep preset, with --set applied to its base. */
async function sweepInput(target: string, set: string[]): Promise<unknown> {
  const isFile = target.endsWith('.json') || target.includes('/')
  let raw: unknown
  if (isFile) raw = await readJsonFile(target, 'sweep')
  else {
    const preset = (await loadPresets()).find((p) => p.id === target)
    if (!preset) throw new ValidationError([{ path: 'preset', message: `no preset '${target}' (lab presets lists them)` }], 'request')
    if (preset.kind !== 'sweep') throw new ValidationError([{ path: 'preset', message: `preset '${target}' is a single ${preset.kind}, not a sweep` }], 'request')
    raw = preset.spec
  }
  if (!set.length) return raw
  const sweep = raw as { base?: unknown }
  return { ...sweep, base: applyOverrides(sweep.base ?? {}, set) }
}

/** `lab sweep … --cluster slurm --out DIR` */
export function sweepBundleCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parse(args, {
      cluster: { type: 'string' },
      out: { type: 'string' },
      'per-task': { type: 'string' },
      partition: { type: 'string' },
      account: { type: 'string' },
      time: { type: 'string' },
      set: { type: 'string', multiple: true },
      json: { type: 'boolean' }
    })
    if (positionals.length !== 1) throw new ClusterUsageError('lab sweep --cluster takes one sweep file or sweep preset')
    if (!values.out) throw new ClusterUsageError('lab sweep --cluster needs --out DIR (a new folder)')
    const sweep = await sweepInput(positionals[0], (values.set as string[] | undefined) ?? [])
    const written = await writeBundle(sweep, values.out as string, {
      scheduler: values.cluster as string,
      perTask: positiveInt(values['per-task'], '--per-task'),
      partition: values.partition as string | undefined,
      account: values.account as string | undefined,
      time: values.time as string | undefined
    })
    const { info, dir } = written
    if (values.json) io.out(JSON.stringify({ dir, info, warnings: written.warnings }, null, 2) + '\n')
    else {
      io.out(`bundle ${dir}\n  sweep '${info.sweep.name}': ${info.points} points, ${info.perTask} per task → ${info.tasks} ${info.scheduler.kind} array tasks\n`)
      io.out(`  per task: ${Math.ceil(info.estimate.taskSeconds / 60)} min, ${Math.ceil(info.estimate.taskBytes / 2 ** 20)} MiB (${info.estimate.source})\n`)
      io.out(`next: copy it to the cluster, then  lab cluster submit ${dir}  (or  cd ${dir} && sbatch ${info.scheduler.script})\n`)
    }
    for (const w of written.warnings) io.err(`warning: ${w}\n`)
    return 0
  })
}

/** points listed by `lab cluster status` (all of them with --json) */
const STATUS_LINES = 40

function printStatus(s: BundleStatus, io: Io): void {
  io.out(`bundle ${s.dir}  sweep '${s.sweepName}'  ${s.points} points in ${s.tasks} tasks (${s.scheduler})\n`)
  io.out(
    POINT_STATES.filter((k) => s.counts[k] > 0)
      .map((k) => `${k} ${s.counts[k]}`)
      .join(', ') + '\n'
  )
  if (!s.queueKnown) io.out(`(the ${s.scheduler} queue cannot be asked from here: running and pending are unknown; ${s.queueError})\n`)
  const notDone = s.pointStates.filter((p) => p.state !== 'done')
  for (const p of notDone.slice(0, STATUS_LINES))
    io.out(`  point ${String(p.index).padStart(4)}  task ${String(p.task).padStart(4)}  ${p.state.padEnd(11)}${p.progress !== null ? ` ${(p.progress * 100).toFixed(0)}%` : ''}${p.detail ? `  ${p.detail}` : ''}\n`)
  if (notDone.length > STATUS_LINES) io.out(`  … and ${notDone.length - STATUS_LINES} more (--json lists every point)\n`)
}

/** `lab cluster submit|status|run-local DIR` */
export function clusterCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const [sub, ...rest] = args
    if (sub === 'submit') {
      const { values, positionals } = parse(rest, { missing: { type: 'boolean' }, time: { type: 'string' }, json: { type: 'boolean' } })
      const dir = bundleDir(positionals, 'submit')
      const done = await submitBundle(dir, Boolean(values.missing), { time: values.time as string | undefined })
      if (values.json) io.out(JSON.stringify(done) + '\n')
      else if (done.jobId === null) io.out('nothing to submit: every point is done or queued\n')
      else io.out(`submitted job ${done.jobId}: ${done.tasks.length} task${done.tasks.length === 1 ? '' : 's'}\n`)
      return 0
    }
    if (sub === 'status') {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' } })
      const status = await statusOfBundle(bundleDir(positionals, 'status'))
      if (values.json) io.out(JSON.stringify(status, null, 2) + '\n')
      else printStatus(status, io)
      return 0
    }
    if (sub === 'cancel') {
      const { positionals } = parse(rest, {})
      const dir = bundleDir(positionals, 'cancel')
      const info = readBundleInfo(dir)
      await schedulerOf(info).cancel(dir, info)
      io.out(`cancelled the queued and running tasks of bundle ${info.id} (what they recorded stays in the shards)\n`)
      return 0
    }
    if (sub === 'run-local') {
      const { values, positionals } = parse(rest, { jobs: { type: 'string' } })
      const dir = bundleDir(positionals, 'run-local')
      const info = readBundleInfo(dir)
      const controller = new AbortController()
      const stop = () => controller.abort()
      process.once('SIGINT', stop)
      try {
        const results = await runLocal(dir, positiveInt(values.jobs, '--jobs') ?? 1, (_task, text) => io.err(text), controller.signal)
        const bad = results.filter((r) => r.exitCode !== 0)
        io.out(`${results.length} of ${info.tasks} tasks run here${bad.length ? `; ${bad.length} did not finish cleanly (tasks ${bad.map((r) => r.task).join(', ')})` : ''}\n`)
        return bad.length ? 1 : 0
      } finally {
        process.off('SIGINT', stop)
      }
    }
    throw new ClusterUsageError(sub ? `unknown cluster command '${sub}' (submit, status, run-local, cancel)` : 'lab cluster needs submit, status, run-local or cancel')
  })
}

/** `lab import DIR` */
export function importCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } })
    const dir = bundleDir(positionals, 'import')
    const inProgress = await inProgressRuns(dir)
    const store = new RunStore(openDatabase(defaultDbPath(values.db as string | undefined)))
    try {
      const r = importBundle(store, dir, { inProgress })
      if (values.json) io.out(JSON.stringify(r, null, 2) + '\n')
      else
        io.out(
          `sweep ${r.sweepId}: ${r.added} runs added, ${r.replaced} replaced by a better record, ${r.unchanged} unchanged, ${r.notRun} not run yet` +
            `${r.inProgress ? `, ${r.inProgress} still queued or running` : ''}` +
            `${r.interrupted ? `; ${r.interrupted} cut short (imported as interrupted)` : ''}${r.damagedLines ? `; ${r.damagedLines} torn shard lines skipped` : ''}\n`
        )
      return 0
    } finally {
      store.db.close()
    }
  })
}

function bundleDir(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new ClusterUsageError(`lab ${command === 'import' ? 'import' : `cluster ${command}`} takes one bundle folder`)
  return resolve(positionals[0])
}
