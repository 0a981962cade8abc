// The SGD–ODE deviation series (MATH.md §6) of the hmm and pseudoreal engines: at each record
// time both have, Δε = |ε_SGD − ε_ODE|, Δv = mean_k |v_k^SGD − v_k^ODE| and the log-ratio
// |log ε_SGD − log ε_ODE|; summaries: the mean and the maximum over late times t ≥ 1 (two curves
// that cross near t_max have a small final |Δ|: the final value alone would hide the gap), and beside them the value at t_max.
// An engine passes its ODE records through dev.ode, then its SGD records through withDeviation.
import type { EngineRecord, PointRecord } from '@workers/records'
import { divergenceSummary, firstNonFinite, type Divergence } from '@shared/outputs/divergence'
import { deviationSeries, twoLayerSeries } from '@shared/outputs/series'

const KEYS = ['eg', 'v', 'logratio'] as const

/** |log ε_SGD − log ε_ODE|; undefined (NaN) where an ε_g ≤ 0 */
export function logRatio(egSgd: number, egOde: number): number {
  return egSgd > 0 && egOde > 0 ? Math.abs(Math.log(egSgd) - Math.log(egOde)) : NaN
}

export class Deviation {
  private readonly odeAt = new Map<number, { eg: number; v: Float64Array }>()
  private readonly t: number[] = []
  private readonly series = { eg: [] as number[], v: [] as number[], logratio: [] as number[] }
  /** a log-ratio was not finite (with finiteOnly: left out of its point, and ode.egNonPositive in the summary) */
  logratioUndefined = false

  /**
   * K: the student's hidden units. finiteOnly: points carry only finite log-ratios and the
   * means over t ≥ 1 skip non-finite values (pseudoreal, whose ODE ε_g can dip below 0).
   */
  constructor(
    private readonly K: number,
    readonly finiteOnly = false
  ) {}

  /** keep ε_g and v of an ODE point ('ode/eg', 'ode/v[k]') */
  addOde(r: PointRecord): void {
    const v = new Float64Array(this.K)
    for (let k = 0; k < this.K; k++) v[k] = r.values[twoLayerSeries('ode', 'v', k)]
    this.odeAt.set(r.t, { eg: r.values[twoLayerSeries('ode', 'eg')], v })
  }

  /**
   * The ODE records, each point kept, progress fractions mapped by f; into summary: ode.egFinal
   * and ode.diverged. An ODE whose point holds a value that is not finite stops there (that point
   * is yielded: the worker marks the solver 'ode' diverged at its t, divergence.ts) and is left
   * out of the deviation, so SGD goes on recording after it (its deviation points end there).
   * Returns the records' own return value (undefined when stopped), the last ε_g and where it diverged.
   */
  *ode<R>(records: Generator<EngineRecord, R>, f: (fraction: number) => number, summary: Record<string, unknown>): Generator<EngineRecord, { value: R | undefined; egFinal: number; diverged: Divergence | null }> {
    let egFinal = NaN
    let diverged: Divergence | null = null
    let it = records.next()
    for (; !it.done; it = records.next()) {
      const r = it.value
      if (r.type === 'point') {
        egFinal = r.values[twoLayerSeries('ode', 'eg')]
        const bad = firstNonFinite(r.values)
        if (bad !== null) {
          diverged = { divergedAt: r.t, divergedSeries: bad }
          yield r
          break
        }
        this.addOde(r)
        yield r
      } else if (r.type === 'progress') yield { ...r, fraction: f(r.fraction) }
      else yield r
    }
    summary['ode.egFinal'] = egFinal
    summary['ode.diverged'] = diverged !== null
    if (diverged) {
      records.return?.(undefined as R)
      yield { type: 'progress', fraction: f(1), t: diverged.divergedAt, phase: 'ode' }
      markDivergence(summary, diverged)
      return { value: undefined, egFinal, diverged }
    }
    return { value: it.value as R, egFinal, diverged }
  }

  /** the deviation point of an SGD point ('sgd/eg', 'sgd/v[k]'), null where the ODE has no point at its t */
  addSgd(r: PointRecord): PointRecord | null {
    const o = this.odeAt.get(r.t)
    if (!o) return null
    const { K } = this
    const eg = r.values[twoLayerSeries('sgd', 'eg')]
    let dv = 0
    for (let k = 0; k < K; k++) dv += Math.abs(r.values[twoLayerSeries('sgd', 'v', k)] - o.v[k])
    const d = { eg: Math.abs(eg - o.eg), v: dv / K, logratio: logRatio(eg, o.eg) }
    this.t.push(r.t)
    for (const key of KEYS) this.series[key].push(d[key])
    const values: Record<string, number> = { [deviationSeries('eg')]: d.eg, [deviationSeries('v')]: d.v }
    if (!Number.isFinite(d.logratio)) this.logratioUndefined = true
    if (!this.finiteOnly || Number.isFinite(d.logratio)) values[deviationSeries('logratio')] = d.logratio
    return { type: 'point', t: r.t, values }
  }

  /** dev.{eg,v,logratio}.meanLate and .maxLate (over t ≥ 1), then .final (value at the last point), into summary */
  summarise(summary: Record<string, unknown>): void {
    const { t } = this
    for (const key of KEYS) {
      const xs = this.series[key]
      let s = 0
      let n = 0
      let max = -Infinity
      for (let i = 0; i < t.length; i++)
        if (t[i] >= 1 && (!this.finiteOnly || Number.isFinite(xs[i]))) {
          s += xs[i]
          n++
          // a non-finite deviation is the largest there is
          max = Number.isNaN(xs[i]) ? NaN : Math.max(max, xs[i])
        }
      summary[`dev.${key}.meanLate`] = n ? s / n : NaN
      summary[`dev.${key}.maxLate`] = n ? max : NaN
      summary[`dev.${key}.final`] = xs.length ? xs[xs.length - 1] : NaN
    }
  }
}

/**
 * The SGD records (onlineSgd), each point followed by its deviation point; then into summary:
 * sgd.egFinal, sgd.diverged with divergedAt and divergedSeries (divergence.ts; the first
 * divergence of the run, which may be the ODE's), and with the ODE
 * the deviation summaries.
 */
export function* withDeviation(sgd: Generator<EngineRecord, Divergence | null>, dev: Deviation, summary: Record<string, unknown>, withOde: boolean): Generator<EngineRecord> {
  let egFinal = NaN
  let it = sgd.next()
  for (; !it.done; it = sgd.next()) {
    const r = it.value
    yield r
    if (r.type !== 'point') continue
    egFinal = r.values[twoLayerSeries('sgd', 'eg')]
    const d = dev.addSgd(r)
    if (d) yield d
  }
  summary['sgd.egFinal'] = egFinal
  if (dev.finiteOnly && dev.logratioUndefined) summary['ode.egNonPositive'] = true
  summary['sgd.diverged'] = it.value !== null
  if (it.value) markDivergence(summary, it.value)
  if (withOde) dev.summarise(summary)
}

/** divergedAt, divergedSeries: the run's first divergence (an ODE that diverged before SGD keeps its place) */
function markDivergence(summary: Record<string, unknown>, d: Divergence): void {
  const earlier = summary.divergedAt
  if (typeof earlier === 'number' && earlier <= d.divergedAt) return
  Object.assign(summary, divergenceSummary(d))
}
