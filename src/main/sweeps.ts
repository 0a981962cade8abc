// A sweep in the archive: expand its spec into points, find the sweep already stored under the
// same name and spec (resumption), and leave out the points that already completed.
import type { SweepRow } from '@shared/api'
import type { RunSpec } from '@shared/runSpec'
import { expandSweep, parseSweep } from '@shared/sweep'
import type { RunStore } from '@main/store/runStore'

export interface SweepPlan {
  sweep: SweepRow
  todo: { key: string; spec: RunSpec }[]
  skipped: number
}

export function planSweep(store: RunStore, raw: unknown): SweepPlan {
  const spec = parseSweep(raw)
  const points = expandSweep(spec)
  const sweep = store.findSweep(spec.name, spec) ?? store.createSweep(spec.name, spec)
  const todo = points.filter((p) => {
    const existing = store.sweepPointRun(sweep.id, p.key)
    return !(existing && (existing.status === 'completed' || existing.status === 'queued' || existing.status === 'running'))
  })
  return { sweep, todo, skipped: points.length - todo.length }
}
