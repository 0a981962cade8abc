// The ODE as a record stream: snapshots → point records named '<prefix>/eg', '<prefix>/Q[k,l]',
// …, plus progress records about every 1% of t_max. Indices in names are 0-based.
import type { EngineRecord } from '@workers/records'
import { integrateOde, type OdeOptions, type OdeSnapshot } from './ode'
import type { OdeConstants, OdeState } from './odeState'
import { twoLayerSeries } from '@shared/outputs/series'

/** Series values of one snapshot: eg, Q[k,l] (k ≤ l), R[k,m], W[k,l] (k ≤ l), Sigma[k,l] (k ≤ l), v[k]. */
export function snapshotValues(s: OdeSnapshot, K: number, M: number, prefix = 'ode'): Record<string, number> {
  const values: Record<string, number> = { [twoLayerSeries(prefix, 'eg')]: s.eg }
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) values[twoLayerSeries(prefix, 'Q', k, l)] = s.Q[k * K + l]
  for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) values[twoLayerSeries(prefix, 'R', k, m)] = s.R[k * M + m]
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) values[twoLayerSeries(prefix, 'W', k, l)] = s.W[k * K + l]
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) values[twoLayerSeries(prefix, 'Sigma', k, l)] = s.Sigma[k * K + l]
  for (let k = 0; k < K; k++) values[twoLayerSeries(prefix, 'v', k)] = s.v[k]
  return values
}

const PROGRESS_STEPS = 100

/**
 * Point records at `times` (sorted, from records.ts recordTimes) and progress records at every
 * 1% of the last time: the progress times are merged into the integrator's snapshot times, so
 * progress is reported even where record times are sparse (the log-spaced tail).
 * Returns (as the generator's return value) the ODE state at the last grid step.
 */
export function* odeRecords(
  c: OdeConstants,
  s0: OdeState,
  o: OdeOptions,
  times: number[],
  prefix = 'ode',
  /** more values of a recorded snapshot (e.g. a readout of its state) */
  extra?: (snap: OdeSnapshot) => Record<string, number>
): Generator<EngineRecord, OdeState | undefined, undefined> {
  if (times.length === 0) return undefined
  const tMax = times[times.length - 1]
  // merged schedule: (time, is a record time, is a progress time)
  const schedule: { t: number; record: boolean; progress: boolean }[] = []
  let i = 0
  for (let p = 1; p <= PROGRESS_STEPS; p++) {
    const tp = (tMax * p) / PROGRESS_STEPS
    while (i < times.length && times[i] <= tp) schedule.push({ t: times[i++], record: true, progress: false })
    const last = schedule[schedule.length - 1]
    if (last && last.t === tp) last.progress = true
    else schedule.push({ t: tp, record: false, progress: true })
  }
  while (i < times.length) schedule.push({ t: times[i++], record: true, progress: false })
  const ode = integrateOde(c, s0, o, schedule.map((e) => e.t))
  for (let j = 0; ; j++) {
    const it = ode.next()
    if (it.done) return it.value
    const snap = it.value
    const e = schedule[j]
    if (e.record) yield { type: 'point', t: snap.t, values: { ...snapshotValues(snap, c.K, c.M, prefix), ...extra?.(snap) } }
    if (e.progress) yield { type: 'progress', fraction: tMax > 0 ? snap.t / tMax : 1, t: snap.t, phase: prefix }
  }
}
