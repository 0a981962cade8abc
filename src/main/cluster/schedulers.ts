// The scheduler writers the lab knows, by the name `--cluster` takes.
import type { Scheduler } from './scheduler'
import { slurm } from './slurm'

export const SCHEDULERS: Record<string, Scheduler> = { slurm }
