// Cluster bundles in the one API (src/main/cluster has the implementation, docs/CLUSTER.md the
// story): arguments parsed by zod like every other method, and the results the renderer sees.
import { z } from 'zod'

/** a folder on the machine the lab runs on (under `lab serve`, the cluster's login node): absolute */
const folder = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/])/, 'must be an absolute folder path (on the machine the lab runs on)')

/** --time values sbatch accepts: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS */
export const SLURM_TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$/
/** partition and account names: what sbatch takes without quoting */
export const SLURM_NAME = /^[A-Za-z0-9_.,+-]{1,64}$/

const slurmName = z.string().regex(SLURM_NAME, 'letters, digits and _ . , + - only').optional()

export const clusterApiArgs = {
  /** write a bundle of a stored sweep (sweepId) or of a sweep spec, into a new folder `out` */
  exportSweepBundle: z
    .strictObject({
      sweepId: z.string().min(1).max(64).optional(),
      sweep: z.unknown().optional(),
      out: folder,
      scheduler: z.enum(['slurm']).default('slurm'),
      perTask: z.number().int().positive().max(10_000).default(1),
      partition: slurmName,
      account: slurmName,
      /** SLURM's --time notation; default from the estimate */
      time: z.string().regex(SLURM_TIME, 'minutes, HH:MM:SS or D-HH:MM:SS').optional()
    })
    .refine((a) => (a.sweepId === undefined) !== (a.sweep === undefined), { message: 'give either sweepId or sweep', path: ['sweepId'] }),
  /** per point: done, running, pending, failed, … from the shards and the scheduler's queue */
  bundleStatus: z.strictObject({ dir: folder }),
  /** submit the bundle's tasks (missing: only those with a point neither done nor queued) */
  submitBundle: z.strictObject({ dir: folder, missing: z.boolean().default(false), time: z.string().regex(SLURM_TIME, 'minutes, HH:MM:SS or D-HH:MM:SS').optional() }),
  /** merge the bundle's shards into the archive (idempotent) */
  importBundle: z.strictObject({ dir: folder })
} as const

export const POINT_STATES = ['done', 'running', 'pending', 'failed', 'interrupted', 'missing', 'unfinished'] as const
export type PointState = (typeof POINT_STATES)[number]

export interface PointStatus {
  index: number
  runId: string
  task: number
  state: PointState
  /** the end status (completed, diverged, failed) or why it is not done */
  detail: string | null
  /** last progress fraction recorded */
  progress: number | null
}

export interface BundleStatus {
  dir: string
  bundleId: string
  sweepName: string
  scheduler: string
  points: number
  tasks: number
  counts: Record<PointState, number>
  /** false when the queue could not be asked here (no squeue): running and pending are then unknown */
  queueKnown: boolean
  /** why the queue could not be asked */
  queueError: string | null
  pointStates: PointStatus[]
}

export interface ExportedBundle {
  dir: string
  bundleId: string
  points: number
  perTask: number
  tasks: number
  /** the scheduler's script, relative to dir */
  script: string
  taskSeconds: number
  taskBytes: number
  estimateSource: string
  warnings: string[]
}

export interface SubmittedBundle {
  /** null when nothing was missing */
  jobId: string | null
  tasks: number[]
}

export interface ImportReport {
  sweepId: string
  points: number
  /** runs new to the archive */
  added: number
  /** runs replaced by a better record (e.g. interrupted → completed) */
  replaced: number
  /** runs already in the archive as well recorded as here */
  unchanged: number
  /** points with no record in any shard yet */
  notRun: number
  /** points left out because their task is still queued or running */
  inProgress: number
  /** of the runs added or replaced, how many were cut short (imported as interrupted) */
  interrupted: number
  /** unreadable shard lines skipped (torn by a kill) */
  damagedLines: number
  /** ids of the runs added or replaced */
  changed: string[]
}

export interface ClusterApiResults {
  exportSweepBundle: ExportedBundle
  bundleStatus: BundleStatus
  submitBundle: SubmittedBundle
  importBundle: ImportReport
}
