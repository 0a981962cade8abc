// Write a sweep bundle (bundleFormat.ts): expand the sweep, give each point its run id and cost
// estimate, build the worker, let the scheduler add its script. Everything is written into a
// sibling folder first and renamed into place at the end, so a refused or failed bundle leaves
// nothing behind.
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { expandSweep, parseSweep } from '@shared/sweep'
import { ValidationError } from '@shared/validate'
import { newId } from '@main/store/runStore'
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_VERSION, pointsOfTask, type BundleInfo, type ManifestLine } from './bundleFormat'
import { readsBeforeRun } from './bundleable'
import { ESTIMATE_SOURCE, estimatePoint, taskRequest } from './estimate'
import type { SchedulerOptions } from './scheduler'
import { SCHEDULERS } from './schedulers'
import { checkSlurmOptions, SLURM_DEFAULT_MAX_ARRAY } from './slurm'
import { buildWorker } from './workerBuild'

export interface BundleOptions extends SchedulerOptions {
  scheduler?: string
  /** K: points per task (default 1) */
  perTask?: number
}

export interface WrittenBundle {
  dir: string
  info: BundleInfo
  warnings: string[]
}

function emptyOrAbsent(dir: string): boolean {
  if (!existsSync(dir)) return true
  return statSync(dir).isDirectory() && readdirSync(dir).length === 0
}

export async function writeBundle(rawSweep: unknown, out: string, options: BundleOptions = {}): Promise<WrittenBundle> {
  const dir = resolve(out)
  const scheduler = SCHEDULERS[options.scheduler ?? 'slurm']
  const issues = []
  if (!scheduler) issues.push({ path: 'scheduler', message: `no scheduler '${options.scheduler}' (known: ${Object.keys(SCHEDULERS).join(', ')})` })
  const perTask = options.perTask ?? 1
  if (!Number.isInteger(perTask) || perTask < 1 || perTask > 10_000) issues.push({ path: 'perTask', message: `must be a whole number 1..10000, got ${perTask}` })
  issues.push(...checkSlurmOptions(options))
  if (!emptyOrAbsent(dir)) issues.push({ path: 'out', message: `${dir} exists and is not empty: a bundle goes into a new folder` })
  if (issues.length) throw new ValidationError(issues, 'bundle options')

  const sweep = parseSweep(rawSweep)
  const points = expandSweep(sweep)
  for (const p of points) {
    const reads = readsBeforeRun(p.spec)
    if (reads) throw new ValidationError([{ path: `base.${reads.path}`, message: `${reads.what} before it runs; such a point cannot run from a cluster bundle (at ${p.key})` }], 'sweep spec')
  }

  // one millisecond apart: ids unique within the bundle (newId's 4 random digits alone could collide)
  const now = Date.now()
  const manifest: ManifestLine[] = points.map((p, index) => ({
    index,
    runId: newId(now + index),
    key: p.key,
    seed: p.spec.seed,
    spec: p.spec as unknown as Record<string, unknown>,
    estimate: estimatePoint(p.spec)
  }))
  const tasks = Math.ceil(points.length / perTask)
  const requests = Array.from({ length: tasks }, (_, t) => taskRequest(pointsOfTask(t, { perTask, points: points.length }).map((i) => manifest[i].estimate)))
  const worst = { seconds: Math.max(...requests.map((r) => r.seconds)), bytes: Math.max(...requests.map((r) => r.bytes)) }
  const worker = await buildWorker()

  const base: Omit<BundleInfo, 'scheduler'> = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    id: randomBytes(6).toString('hex'),
    createdAt: new Date().toISOString(),
    sweep: { name: sweep.name, spec: sweep as unknown as Record<string, unknown> },
    points: points.length,
    perTask,
    tasks,
    worker: { file: BUNDLE_FILES.worker, sha256: worker.sha256, node: '>=20' },
    estimate: { source: ESTIMATE_SOURCE, taskSeconds: worst.seconds, taskBytes: worst.bytes }
  }
  const schedulerOptions: SchedulerOptions = { partition: options.partition, account: options.account, time: options.time }
  const info: BundleInfo = {
    ...base,
    scheduler: { kind: scheduler.kind, script: scheduler.script, options: JSON.parse(JSON.stringify(schedulerOptions)) }
  }

  const tmp = join(dirname(dir), `.${basename(dir)}.partial-${randomBytes(4).toString('hex')}`)
  try {
    mkdirSync(join(tmp, BUNDLE_FILES.shards), { recursive: true })
    mkdirSync(join(tmp, BUNDLE_FILES.logs), { recursive: true })
    writeFileSync(join(tmp, BUNDLE_FILES.manifest), manifest.map((l) => JSON.stringify(l)).join('\n') + '\n')
    writeFileSync(join(tmp, BUNDLE_FILES.worker), worker.code, { mode: 0o755 })
    for (const [path, text] of Object.entries(scheduler.files(base, manifest, worst, schedulerOptions))) {
      mkdirSync(dirname(join(tmp, path)), { recursive: true })
      writeFileSync(join(tmp, path), text)
      chmodSync(join(tmp, path), 0o755)
    }
    writeFileSync(join(tmp, BUNDLE_FILES.info), JSON.stringify(info, null, 2) + '\n')
    if (existsSync(dir)) rmdirSync(dir)
    renameSync(tmp, dir)
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  const warnings: string[] = []
  if (scheduler.kind === 'slurm' && tasks > SLURM_DEFAULT_MAX_ARRAY)
    warnings.push(`${tasks} array tasks exceed SLURM's default MaxArraySize (${SLURM_DEFAULT_MAX_ARRAY}): raise --per-task if your cluster keeps the default`)
  return { dir, info, warnings }
}
