// The one divergence policy, per solver. A solver is the first part of a series name ('sgd' of
// 'sgd/eg', 'ode', 'dev'; a name without '/' is its own solver). It diverges at the first record
// time t at which one of its values is not finite: that point is kept, the solver's later values
// are dropped, and the other solvers go on recording (the two-layer engines stop a diverged SGD
// loop or ODE themselves). The worker (src/workers/task.ts) ends the run as 'diverged' when the
// engine finishes, or at once when every solver seen has diverged and the engine still yields
// their points (it would only produce more of them). The summary holds { divergedAt: t,
// divergedSeries: name } of the run's first divergence and divergedSolvers { solver: t } —
// written by the runner for any engine, and by the two-layer engines themselves (with
// sgd.diverged, ode.diverged) so a run read straight from the engine says the same thing.
import { z } from 'zod'

/** the first series whose value is not finite, or null */
export function firstNonFinite(values: Record<string, number>): string | null {
  for (const name in values) if (!Number.isFinite(values[name])) return name
  return null
}

export interface Divergence {
  /** the record time of the first non-finite value */
  divergedAt: number
  /** the series holding it */
  divergedSeries: string
}

/** the summary keys of a divergence */
export const DivergenceSummary = z.object({
  divergedAt: z.number().optional(),
  divergedSeries: z.string().optional(),
  /** each diverged solver → the t of its first non-finite value */
  divergedSolvers: z.record(z.string(), z.number()).optional()
})

export function divergenceSummary(d: Divergence, solvers?: Record<string, number>): z.infer<typeof DivergenceSummary> {
  return { divergedAt: d.divergedAt, divergedSeries: d.divergedSeries, ...(solvers ? { divergedSolvers: solvers } : {}) }
}

/** the run's error text: "diverged at t = 0.05014: ode/eg is not finite" (t to 4 significant digits) */
export function divergenceMessage(d: Divergence): string {
  return `diverged at t = ${Number(d.divergedAt.toPrecision(4))}: ${d.divergedSeries} is not finite`
}

/** the solver of a series: its name up to the first '/' */
export function solverOf(name: string): string {
  const slash = name.indexOf('/')
  return slash < 0 ? name : name.slice(0, slash)
}

/** A point as the tracker sees it (the worker's PointRecord). */
interface Point {
  t: number
  values: Record<string, number>
}

/** The per-solver policy over a run's stream of points (see the top of this file). */
export class DivergenceTracker {
  /** each diverged solver and where */
  readonly solvers = new Map<string, Divergence>()
  /** the run's first divergence: the smallest t (solvers recorded one after another can diverge out of order) */
  first: Divergence | null = null

  /** every solver seen so far */
  private readonly seen = new Set<string>()

  /**
   * The point to store (values of solvers diverged at earlier points left out; null when none is
   * left) and whether the run stops here: a point of diverged solvers only, once every solver
   * seen so far has diverged (an engine that goes on producing nothing else).
   */
  observe(p: Point): { point: Point | null; stop: boolean } {
    let values: Record<string, number> | null = null
    let dropped = false
    for (const name in p.values) {
      const solver = solverOf(name)
      this.seen.add(solver)
      if (this.solvers.has(solver)) dropped = true
      else (values ??= {})[name] = p.values[name]
    }
    if (values === null) return { point: null, stop: dropped && this.solvers.size === this.seen.size }
    for (const name in values) {
      const solver = solverOf(name)
      if (!Number.isFinite(values[name]) && !this.solvers.has(solver)) {
        const d = { divergedAt: p.t, divergedSeries: name }
        this.solvers.set(solver, d)
        if (this.first === null || d.divergedAt < this.first.divergedAt) this.first = d
      }
    }
    return { point: dropped ? { ...p, values } : p, stop: false }
  }

  /** divergedSolvers of the summary: solver → t */
  solverTimes(): Record<string, number> {
    return Object.fromEntries([...this.solvers].map(([s, d]) => [s, d.divergedAt]))
  }
}
