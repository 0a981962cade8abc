// The limits every run is checked against before it is queued (src/shared/cost.ts), and the
// heap limit of the engine workers. Default memory: half of this machine's; default time: a
// week of one core. Settings: LabOptions.limits, or LAB_MAX_MEMORY_MB / LAB_MAX_HOURS.
import { totalmem } from 'node:os'
import { DEFAULT_MAX_SECONDS, type CostLimits } from '@shared/cost'

export function defaultLimits(env: NodeJS.ProcessEnv = process.env, machineBytes = totalmem()): CostLimits {
  const mb = Number(env.LAB_MAX_MEMORY_MB)
  const hours = Number(env.LAB_MAX_HOURS)
  return {
    bytes: Number.isFinite(mb) && mb > 0 ? mb * 2 ** 20 : Math.floor(machineBytes / 2),
    seconds: Number.isFinite(hours) && hours > 0 ? hours * 3600 : DEFAULT_MAX_SECONDS
  }
}

export function resolveLimits(partial: Partial<CostLimits> = {}, env: NodeJS.ProcessEnv = process.env): CostLimits {
  return { ...defaultLimits(env), ...partial }
}

/**
 * V8 heap limit of a worker (MiB): the memory limit plus room. With a limit set, Node ends a
 * worker that runs out of heap with ERR_WORKER_OUT_OF_MEMORY instead of aborting the process.
 */
export function workerHeapMb(limits: CostLimits): number {
  return Math.max(256, Math.ceil(limits.bytes / 2 ** 20) + 256)
}
