// The hmm engine: one drawn instance, the ODE and online SGD from the same initial conditions,
// and their deviation (MATH.md §6). The ODE runs first (it is cheap) and its values at the
// record times are kept; after each SGD point the deviation point at that t follows.
import type { HmmRunSpec } from '@shared/spec'
import { recordTimes, type Engine, type EngineRecord } from '@workers/records'
import { Deviation, withDeviation } from '@models/twoLayer/deviation'
import type { HmmInstance } from '@models/twoLayer/instance'
import type { OdeActivation } from '@models/twoLayer/integrals'
import { drawInstance } from '@models/twoLayer/drawInstance'
import type { OdeOptions } from '@models/twoLayer/ode'
import { odeRecords } from '@models/twoLayer/odeRecords'
import { odeStateFromInstance, odeStateFromSpec, type OdeConstants, type OdeState } from '@models/twoLayer/odeState'
import { inputMomentsOf, sgdRecords } from '@models/twoLayer/sgd'

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
  if (c.omega) yield artifact(`ode/${which}/omega`, [M, D], c.omega)
}

/** the records with each progress fraction f mapped (the SGD's share of the bar) */
function* scaleProgress(records: Iterable<EngineRecord>, f: (fraction: number) => number): Generator<EngineRecord> {
  for (const r of records) yield r.type === 'progress' ? { ...r, fraction: f(r.fraction) } : r
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
  const dev = new Deviation(K)
  if (runOde) {
    yield { type: 'progress', fraction: 0, phase: 'ode setup' }
    const { constants, state } = init ? odeStateFromSpec(init, N, mu1, mu2) : odeStateFromInstance(inst!, mu1, mu2)
    yield* stateArtifacts('initial', constants, state)
    const opts: OdeOptions = { lr: spec.train.lr, g: g as OdeActivation, trainSecondLayer, dt: spec.ode.dt, method: spec.ode.method, teacherTerm: spec.ode.teacherTerm }
    const ode = yield* dev.ode(odeRecords(constants, state, opts, times, 'ode'), (f) => (runSgd ? ODE_SHARE * f : f))
    // the generator returns the state at its last grid step (times always holds t = 0 and more)
    if (!ode.value) throw new Error('the ODE returned no final state')
    yield* stateArtifacts('final', constants, ode.value)
    summary['ode.egFinal'] = ode.egFinal
  }

  // ---- SGD, each point followed by its deviation from the ODE
  if (runSgd && inst) {
    const sgd = scaleProgress(sgdRecords(spec, inst, times, 'sgd'), (f) => (runOde ? ODE_SHARE + (1 - ODE_SHARE) * f : f))
    yield* withDeviation(sgd, dev, summary, times[times.length - 1], runOde)
  }
  yield { type: 'summary', values: summary }
}
