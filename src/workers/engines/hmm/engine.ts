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
import { progressShares, twoLayerWork } from '@models/twoLayer/progress'
import { inputMomentsOf, sgdRecords } from './problem'
import { odeStateArtifact, type OdeStateField } from '@shared/outputs/hmm'

function artifact(name: string, shape: number[], data: ArrayLike<number>): EngineRecord {
  return { type: 'artifact', name, shape, data: Float64Array.from(data) }
}

function* stateArtifacts(which: 'initial' | 'final', c: OdeConstants, s: OdeState): Generator<EngineRecord> {
  const { K, M, D } = c
  const name = (f: OdeStateField) => odeStateArtifact(which, f)
  yield artifact(name('sigma'), [K, K, D], s.sigma)
  yield artifact(name('r'), [K, M, D], s.r)
  yield artifact(name('W'), [K, K], s.W)
  yield artifact(name('v'), [K], s.v)
  yield artifact(name('vTeacher'), [M], c.vTeacher)
  yield artifact(name('T'), [M, M], c.T)
  yield artifact(name('tildeT'), [M, M], c.tildeT)
  yield artifact(name('rho'), [D], c.rho)
  if (c.omega) yield artifact(name('omega'), [M, D], c.omega)
}

export const hmmEngine: Engine<HmmRunSpec> = function* (spec) {
  const { K, N, D, g, trainSecondLayer } = spec.model
  const times = recordTimes(spec.train.tMin, spec.train.tMax, spec.train.points)
  const runOde = spec.solve.includes('ode')
  const runSgd = spec.solve.includes('sgd')
  const { mu1, mu2 } = inputMomentsOf(spec)
  const init = spec.ode.initialState
  const summary: Record<string, unknown> = { mu1, mu2, delta: D / N }
  const { tMax, testSamples } = spec.train
  const work = twoLayerWork({ N, D, K, M: spec.model.M, tMax, dt: spec.ode.dt, method: spec.ode.method, testSamples, records: times.length })
  const share = progressShares(runOde, runSgd, work)

  let inst: HmmInstance | null = null
  if (!init) {
    inst = drawInstance(spec)
    yield artifact('teacher/w', [inst.M, D], inst.wTeacher)
    yield artifact('teacher/v', [inst.M], inst.vTeacher)
    yield artifact('student/w0', [K, N], inst.w)
    yield artifact('student/v0', [K], inst.v)
  }

  // ---- ODE: its ε_g and v at each record time
  // finite log-ratios only: an ODE ε_g ≤ 0 (an integrator past its stability) leaves the log-ratio
  // undefined, not diverged (ode.egNonPositive), and Δε, Δv go on; a non-finite ODE value stops the ODE
  const dev = new Deviation(K, true)
  if (runOde) {
    yield { type: 'progress', fraction: 0, phase: 'ode setup' }
    const { constants, state } = init ? odeStateFromSpec(init, N, mu1, mu2) : odeStateFromInstance(inst!, mu1, mu2)
    yield* stateArtifacts('initial', constants, state)
    yield { type: 'progress', fraction: share.odeStart, t: 0, phase: 'ode' }
    const opts: OdeOptions = { lr: spec.train.lr, g: g as OdeActivation, trainSecondLayer, dt: spec.ode.dt, method: spec.ode.method, teacherTerm: spec.ode.teacherTerm }
    const ode = yield* dev.ode(odeRecords(constants, state, opts, times, 'ode'), share.ode, summary)
    // the generator returns the state at its last grid step (times always holds t = 0 and more);
    // an ODE stopped where it diverged has none (SGD goes on: dev.ode)
    if (ode.diverged === null) {
      if (!ode.value) throw new Error('the ODE returned no final state')
      yield* stateArtifacts('final', constants, ode.value)
    }
  }

  // ---- SGD, each point followed by its deviation from the ODE
  if (runSgd && inst) {
    const sgd = sgdRecords(spec, inst, times, 'sgd', { progress: share.sgd })
    inst = null // the run holds its own copies of F (sgd.ts): the instance's can be freed
    yield* withDeviation(sgd, dev, summary, runOde)
  }
  yield { type: 'summary', values: summary }
}
