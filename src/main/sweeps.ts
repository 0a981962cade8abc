// A sweep in the archive: expand its spec into points, find the sweep already stored under the
// same name and spec (resumption), and leave out the points that already completed.
import type { SweepRow } from '@shared/api'
import type { RunSpec } from '@shared/runSpec'
import { expandSweep, parseSweep } from '@shared/sweep'
import { ValidationError, type FieldIssue } from '@shared/validate'
import type { RunStore } from '@main/store/runStore'

export interface SweepPlan {
  sweep: SweepRow
  todo: { key: string; spec: RunSpec }[]
  skipped: number
  /** the sweep row was stored by this call (not found from an earlier one) */
  created: boolean
}

/**
 * Expand and check every point (`check` throws a ValidationError for a point it refuses, e.g.
 * over the cost limits) before the sweep is stored: a refused sweep writes nothing.
 */
export function planSweep(store: RunStore, raw: unknown, check: (spec: RunSpec) => void = () => undefined): SweepPlan {
  const spec = parseSweep(raw)
  const points = expandSweep(spec)
  const issues: FieldIssue[] = []
  for (const p of points) {
    try {
      check(p.spec)
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e
      issues.push(...e.issues.map((i) => ({ path: `points ${p.key}: ${i.path}`, message: i.message })))
      if (issues.length >= 20) break
    }
  }
  if (issues.length) throw new ValidationError(issues, 'sweep spec')
  const found = store.findSweep(spec.name, spec)
  const sweep = found ?? store.createSweep(spec.name, spec)
  const todo = points.filter((p) => {
    const existing = store.sweepPointRun(sweep.id, p.key)
    return !(existing && (existing.status === 'completed' || existing.status === 'queued' || existing.status === 'running'))
  })
  return { sweep, todo, skipped: points.length - todo.length, created: !found }
}
