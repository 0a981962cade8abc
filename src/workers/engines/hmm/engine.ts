// The hmm engine: one drawn instance, the ODE and online SGD from the same initial conditions,
// and their deviation (MATH.md §6). The ODE runs first (it is cheap) and its values at the
// record times are kept; after each SGD point the deviation point at that t follows.
import type { HmmRunSpec } from '../../../shared/spec'
import { recordTimes, type Engine, type EngineRecord } from '../records'
import type { HmmInstance } from './instance'
import type { OdeActivation } from './integrals'
import { drawInstance } from './model'
import type { OdeOptions } from './ode'
import { odeRecords } from './odeEngine'
import { odeStateFromInstance, odeStateFromSpec, type OdeConstants, type OdeState } from './odeState'
import { inputMomentsOf, sgdRecords } from './sgd'

/** share of the progress bar given to the ODE when both engines run */
const ODE_SHARE = 0.1

function artifact(name: string, shape: number[], data: ArrayLike<number>): EngineRecord {
  return { type: 'artifact', name, shape, data: Float64Array.from(data) }
}

function* stateArtifacts(which: 'initial' | 'final', c: OdeConstants, s: OdeState): Generator<EngineRecord> {
  const { K, M, D } = c
  yield artifact(`ode/${which}/sigma`, [K, K, D], s.sigma)
  yield artifact(`ode/${which}/r`, [K, M, D], s.r)
  yield artifact(`ode/${which}/W`, [K, K], s.W)
  yield artifact(`ode/${which}/v`, [K], s.v)
  yield artifact(`ode/${which}/vTeacher`, [M], c.vTeacher)
  yield artifact(`ode/${which}/T`, [M, M], c.T)
  yield artifact(`ode/${which}/tildeT`, [M, M], c.tildeT)
  yield artifact(`ode/${which}/rho`, [D], c.rho)
}



/** summaries of a deviation series: value at the last point, mean over t ≥ 1 */
function summarise(ts: number[], xs: number[]): { final: number; meanLate: number } {
  let s = 0
  let n = 0
  for (let i = 0; i < ts.length; i++) if (ts[i] >= 1) (s += xs[i]), n++
  return { final: xs.length ? xs[xs.length - 1] : NaN, meanLate: n ? s / n : NaN }
}

export const hmmEngine: Engine<HmmRunSpec> = function* (spec) {
  const { K, N, D, g, trainSecondLayer } = spec.model
  const times = recordTimes(spec.train.tMin, spec.train.tMax, spec.train.points)
  const runOde = spec.solve.includes('ode')
  const runSgd = spec.solve.includes('sgd')
  const { mu1, mu2 } = inputMomentsOf(spec)
  const init = spec.ode.initialState
  const summary: Record<string, unknown> = { mu1, mu2, delta: D / N }

  let inst: HmmInstance | null = null
  if (!init) {
    inst = drawInstance(spec)
    yield artifact('teacher/w', [inst.M, D], inst.wTeacher)
    yield artifact('teacher/v', [inst.M], inst.vTeacher)
    yield artifact('student/w0', [K, N], inst.w)
    yield artifact('student/v0', [K], inst.v)
  }

  // ---- ODE: its ε_g and v at each record time
  const odeAt = new Map<number, { eg: number; v: Float64Array }>()
  if (runOde) {
    yield { type: 'progress', fraction: 0, phase: 'ode setup' }
    const { constants, state } = init ? odeStateFromSpec(init, N, mu1, mu2) : odeStateFromInstance(inst!, mu1, mu2)
    yield* stateArtifacts('initial', constants, state)
    const opts: OdeOptions = { lr: spec.train.lr, g: g as OdeActivation, trainSecondLayer, dt: spec.ode.dt, method: spec.ode.method }
    const gen = odeRecords(constants, state, opts, times, 'ode')
    let egFinal = NaN
    let it = gen.next()
    for (; !it.done; it = gen.next()) {
      const r = it.value
      if (r.type === 'point') {
        const v = new Float64Array(K)
        for (let k = 0; k < K; k++) v[k] = r.values[`ode/v[${k}]`]
        egFinal = r.values['ode/eg']
        odeAt.set(r.t, { eg: egFinal, v })
        yield r
      } else if (r.type === 'progress') yield { ...r, fraction: runSgd ? ODE_SHARE * r.fraction : r.fraction }
      else yield r
    }
    // the generator returns the state at its last grid step (times always holds t = 0 and more)
    if (!it.value) throw new Error('the ODE returned no final state')
    yield* stateArtifacts('final', constants, it.value)
    summary['ode.egFinal'] = egFinal
  }

  // ---- SGD, each point followed by its deviation from the ODE
  if (runSgd && inst) {
    const devT: number[] = []
    const dev = { eg: [] as number[], v: [] as number[], logratio: [] as number[] }
    let egFinal = NaN
    let lastT = NaN
    for (const r of sgdRecords(spec, inst, times, 'sgd')) {
      if (r.type === 'progress') {
        yield { ...r, fraction: runOde ? ODE_SHARE + (1 - ODE_SHARE) * r.fraction : r.fraction }
        continue
      }
      yield r
      if (r.type !== 'point') continue
      egFinal = r.values['sgd/eg']
      lastT = r.t
      const o = odeAt.get(r.t)
      if (!o) continue
      let dv = 0
      for (let k = 0; k < K; k++) dv += Math.abs(r.values[`sgd/v[${k}]`] - o.v[k])
      const d = { eg: Math.abs(egFinal - o.eg), v: dv / K, logratio: Math.abs(Math.log(egFinal) - Math.log(o.eg)) }
      devT.push(r.t)
      dev.eg.push(d.eg)
      dev.v.push(d.v)
      dev.logratio.push(d.logratio)
      yield { type: 'point', t: r.t, values: { 'dev/eg': d.eg, 'dev/v': d.v, 'dev/logratio': d.logratio } }
    }
    summary['sgd.egFinal'] = egFinal
    const diverged = !(Number.isFinite(egFinal) && lastT === times[times.length - 1])
    summary['sgd.diverged'] = diverged
    if (diverged) summary['sgd.divergedAt'] = lastT
    if (runOde)
      for (const key of ['eg', 'v', 'logratio'] as const) {
        const s = summarise(devT, dev[key])
        summary[`dev.${key}.final`] = s.final
        summary[`dev.${key}.meanLate`] = s.meanLate
      }
  }
  yield { type: 'summary', values: summary }
}
