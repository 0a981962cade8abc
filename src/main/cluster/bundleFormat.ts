// The sweep bundle: a folder that says everything a scheduler needs to run a sweep somewhere else,
// and nothing about which scheduler does it. Scheduler writers (slurm.ts; an HTCondor or a
// Kubernetes writer would sit beside it) only add a script that, for each task index t, runs
//
//     node worker.mjs run <bundle dir> --task t [--attempt <name>]
//
// DIR/bundle.json          what the bundle is (this file's BundleInfo): sweep, point count, K, tasks
// DIR/manifest.jsonl       one line per point: { index, runId, key, seed, spec, estimate }
// DIR/worker.mjs           the self-contained worker (engines + shard writer; Node ≥ 20, no node_modules)
// DIR/shards/*.jsonl       append-only results, one file per task attempt (shard.ts has the format)
// DIR/<scheduler>/…        the scheduler's script(s) and its submission log (slurm/job.sbatch, slurm/jobs.jsonl)
// DIR/logs/                the scheduler's stdout/stderr of each task
//
// Task t runs the points with index in [t·K, (t+1)·K) one after the other, skipping the ones a
// shard already records as finished. This file is read by the worker too: plain Node and zod only.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

export const BUNDLE_FORMAT = 'manifold-lab/bundle'
export const BUNDLE_VERSION = 1

export const BUNDLE_FILES = {
  info: 'bundle.json',
  manifest: 'manifest.jsonl',
  worker: 'worker.mjs',
  shards: 'shards',
  logs: 'logs'
} as const

/** A point's cost as the bundle writer estimated it: wall seconds on one core, peak bytes. */
export const PointEstimate = z.strictObject({ seconds: z.number().nonnegative(), bytes: z.number().nonnegative() })
export type PointEstimate = z.infer<typeof PointEstimate>

export const ManifestLine = z.strictObject({
  /** position in the sweep (0-based); task t holds indices t·K … t·K + K − 1 */
  index: z.number().int().nonnegative(),
  /** the id the run gets in the archive on import (fixed here, so importing twice finds it) */
  runId: z.string().min(1).max(64),
  /** the sweep point's key (canonical JSON of its coordinates, as expandSweep gives it) */
  key: z.string(),
  seed: z.number().int().nonnegative(),
  /** the fully parsed run spec the worker runs */
  spec: z.record(z.string(), z.unknown()),
  estimate: PointEstimate
})
export type ManifestLine = z.infer<typeof ManifestLine>

export const BundleInfo = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  /** random; scheduler job names are derived from it (lab-<id>) */
  id: z.string().regex(/^[a-z0-9]{4,32}$/),
  createdAt: z.string(),
  sweep: z.strictObject({ name: z.string(), spec: z.record(z.string(), z.unknown()) }),
  points: z.number().int().positive(),
  /** K: points per task */
  perTask: z.number().int().positive(),
  /** ⌈points / K⌉ */
  tasks: z.number().int().positive(),
  worker: z.strictObject({ file: z.string(), sha256: z.string(), node: z.string() }),
  /** where the per-task figures came from (a local estimate until src/shared/cost.ts lands) */
  estimate: z.strictObject({ source: z.string(), taskSeconds: z.number().nonnegative(), taskBytes: z.number().nonnegative() }),
  /** the scheduler the bundle was written for and its script, relative to the bundle */
  scheduler: z.strictObject({ kind: z.string(), script: z.string(), options: z.record(z.string(), z.unknown()) })
})
export type BundleInfo = z.infer<typeof BundleInfo>

export class BundleError extends Error {
  override readonly name = 'BundleError'
}

export const taskOf = (index: number, perTask: number) => Math.floor(index / perTask)

/** manifest indices of task t */
export function pointsOfTask(task: number, info: Pick<BundleInfo, 'perTask' | 'points'>): number[] {
  const out: number[] = []
  for (let i = task * info.perTask; i < Math.min(info.points, (task + 1) * info.perTask); i++) out.push(i)
  return out
}

export function readBundleInfo(dir: string): BundleInfo {
  let text: string
  try {
    text = readFileSync(join(dir, BUNDLE_FILES.info), 'utf8')
  } catch {
    throw new BundleError(`${dir} is not a sweep bundle: no ${BUNDLE_FILES.info} in it`)
  }
  const parsed = BundleInfo.safeParse(JSON.parse(text))
  if (!parsed.success) throw new BundleError(`${join(dir, BUNDLE_FILES.info)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  return parsed.data
}

export function readManifest(dir: string, info: BundleInfo): ManifestLine[] {
  const lines = readFileSync(join(dir, BUNDLE_FILES.manifest), 'utf8').split('\n').filter((l) => l.trim() !== '')
  const out = lines.map((l, i) => {
    const parsed = ManifestLine.safeParse(JSON.parse(l))
    if (!parsed.success) throw new BundleError(`${BUNDLE_FILES.manifest} line ${i + 1}: ${parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`)
    if (parsed.data.index !== i) throw new BundleError(`${BUNDLE_FILES.manifest} line ${i + 1}: index ${parsed.data.index}, expected ${i}`)
    return parsed.data
  })
  if (out.length !== info.points) throw new BundleError(`${BUNDLE_FILES.manifest} has ${out.length} points, ${BUNDLE_FILES.info} says ${info.points}`)
  return out
}
