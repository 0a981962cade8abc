// The two run kinds of the pseudo-real MNIST pipeline (MATH.md §4):
//   mnist-fit   fitPipeline on the pixels and labels read by the main process (src/main/inputs.ts)
//   pseudoreal  online SGD with latents drawn from the fit's KDE, x = f(cF/√D) − E f(u) (centred per
//               pixel, or raw), y = teacher(c − m), next to the ODE of the data's Gaussian-equivalent
//               HMM (gaussianEquivalent.ts) or of the paper's scalar correction, from identical
//               initial conditions; the same series as the hmm engine (sgd/eg, ode/eg, dev/eg, …).
// SGD is the one loop of models/twoLayer/sgd.ts on the problem of problem.ts.
import type { MnistFitRunSpec, PseudoRealRunSpec } from '@shared/pseudorealSpec'
import type { InputMap, StudentActivation } from '@shared/spec'
import { inputMaps } from '@models/twoLayer/activations'
import { Deviation, withDeviation } from '@models/twoLayer/deviation'
import type { OdeActivation } from '@models/twoLayer/integrals'
import { drawStudent } from '@models/twoLayer/drawInstance'
import { progressShares, twoLayerWork } from '@models/twoLayer/progress'
import { onlineSgd } from '@models/twoLayer/sgd'
import { odeRecords } from '@models/twoLayer/odeRecords'
import type { OdeOptions, OdeSnapshot } from '@models/twoLayer/ode'
import { twoLayerSeries } from '@shared/outputs/series'
import { Rng } from '@numeric/random/rng'
import { recordTimes, type Engine, type EngineInputs } from '@workers/records'
import { kdeLatent, pseudoRealInstance, pseudoRealOde } from './dynamics'
import { LatentKde } from './kde'
import { gaussianEquivalent, gaussianEquivalentSummary, type GaussianEquivalent } from './gaussianEquivalent'
import { covariateMoments, covariateOde, scaleMoments } from './gaussianCovariate'
import { dataReadout } from './dataReadout'
import { fitPipeline } from './pipeline'
import { pseudoRealProblem, type PseudoRealFit } from './problem'

export type { PseudoRealFit }

function input<T extends EngineInputs[string]>(inputs: EngineInputs | undefined, name: string, check: (v: unknown) => boolean): T {
  const v = inputs?.[name]
  if (!check(v)) throw new Error(`missing engine input '${name}' (prepareInputs reads it)`)
  return v as T
}
const isF64 = (v: unknown) => v instanceof Float64Array
const isU8 = (v: unknown) => v instanceof Uint8Array
const isNum = (v: unknown) => typeof v === 'number'
const isStr = (v: unknown) => typeof v === 'string'

export const mnistFitEngine: Engine<MnistFitRunSpec> = function* (spec, inputs) {
  const pixels = input<Uint8Array>(inputs, 'pixels', isU8)
  const labels = input<Uint8Array>(inputs, 'labels', isU8)
  const { engine: _e, name: _n, tags: _t, notes: _no, images: _i, labels: _l, limit: _li, ...options } = spec
  yield* fitPipeline(options, pixels, labels)
}

export function fitFromInputs(inputs: EngineInputs | undefined): PseudoRealFit {
  const P = input<number>(inputs, 'P', isNum)
  const D = input<number>(inputs, 'D', isNum)
  const N = input<number>(inputs, 'N', isNum)
  const M = input<number>(inputs, 'M', isNum)
  const w = input<Float64Array>(inputs, 'teacherW', isF64)
  const v = input<Float64Array>(inputs, 'teacherV', isF64)
  return {
    P, D, N,
    C: input<Float64Array>(inputs, 'C', isF64),
    F: input<Float64Array>(inputs, 'F', isF64),
    labels: input<Float64Array>(inputs, 'labels', isF64),
    teacher: { M, D, g: input<string>(inputs, 'teacherG', isStr) as StudentActivation, w, v },
    f: input<string>(inputs, 'f', isStr) as InputMap,
    bandwidth: input<number>(inputs, 'bandwidth', isNum),
    mu1: input<number>(inputs, 'mu1', isNum),
    mu2: input<number>(inputs, 'mu2', isNum)
  }
}

export const pseudoRealEngine: Engine<PseudoRealRunSpec> = function* (spec, inputs) {
  const fit = fitFromInputs(inputs)
  const { P, D, N, teacher } = fit
  const { K, g: gName, trainSecondLayer, init } = spec.model
  const M = teacher.M
  const times = recordTimes(spec.train.tMin, spec.train.tMax, spec.train.points)
  const runOde = spec.solve.includes('ode')
  const runSgd = spec.solve.includes('sgd')
  if (runOde && gName !== teacher.g) throw new Error(`the ODE needs the student's g (${gName}) to equal the pipeline teacher's (${teacher.g})`)
  const summary: Record<string, unknown> = { pipeline: spec.pipeline, mu1: fit.mu1, mu2: fit.mu2, delta: D / N, P, D, N, M, f: fit.f, bandwidth: fit.bandwidth }

  // ---- the student, drawn as every two-layer student is (the 'student' stream)
  const { w: w0, v: v0 } = drawStudent(spec.seed, K, N, trainSecondLayer, init)
  const work = twoLayerWork({ N, D, K, M, tMax: spec.train.tMax, dt: spec.ode.dt, method: spec.ode.method, testSamples: spec.train.testSamples, records: times.length })
  const share = progressShares(runOde, runSgd, work)
  yield { type: 'artifact', name: 'student/w0', shape: [K, N], data: w0 }
  yield { type: 'artifact', name: 'student/v0', shape: [K], data: v0 }

  // ---- the latents' KDE and, where needed, the Gaussian-equivalent HMM of the data
  const kde = new LatentKde(fit.C, P, D, { bandwidth: fit.bandwidth, labels: fit.labels })
  const centred = spec.inputs === 'centred'
  const pixel = spec.ode.correction === 'pixel'
  const covariate = spec.ode.correction === 'covariate'
  let ge: GaussianEquivalent | null = null
  if ((runOde && (pixel || covariate)) || (runSgd && centred)) {
    yield { type: 'progress', fraction: 0, phase: 'gaussian equivalent' }
    ge = gaussianEquivalent(kde, fit.C, fit.F, N, fit.f, teacher.w, M)
    yield { type: 'artifact', name: 'data/mu0', shape: [N], data: ge.mu0 }
    yield { type: 'artifact', name: 'data/kappa', shape: [N], data: ge.kappa }
    Object.assign(summary, gaussianEquivalentSummary(ge))
  }
  summary.inputs = spec.inputs
  summary.correction = spec.ode.correction

  // ---- ODE: 'covariate' = the Gaussian covariate model (exact Ω_x = E[xxᵀ], E[x(c − m)ᵀ] over the KDE);
  // 'pixel' = the Gaussian-equivalent HMM (μ1 = 1, μ2 = 1 + ζ̄); 'paper' = fitted F and teacher with the
  // corrected μ1, μ2 of the fit (only finite log-ratios: the ODE's ε_g of a fit can dip below 0)
  const dev = new Deviation(K, true)
  // the ODE's HMM-form model of the data, wherever it is at hand (the SGD reads Q, R from the weights
  // through it); the covariate model has none, and SGD then records Q, R measured on its test set
  const model = ge && pixel
    ? { inst: pseudoRealInstance(ge.F, N, { ...teacher, w: ge.wTeacher }, { w: w0, v: v0 }), moments: { mu1: ge.mu1, mu2: ge.mu2 } }
    : pixel || covariate ? null : { inst: pseudoRealInstance(fit.F, N, teacher, { w: w0, v: v0 }), moments: { mu1: fit.mu1, mu2: fit.mu2 } }
  if (runOde && covariate) {
    yield { type: 'progress', fraction: 0, phase: 'input covariance' }
    const S = spec.ode.scaleBins
    const stream = Rng.stream(spec.seed, 'covariate')
    const mom = S > 1
      ? scaleMoments(kde, fit.F, N, inputMaps[fit.f], ge!.mu0, stream, spec.ode.covariateSamples, S)
      : covariateMoments(kde, fit.F, N, inputMaps[fit.f], ge!.mu0, stream, spec.ode.covariateSamples)
    const { constants, state, V, beta } = covariateOde(mom, w0, v0, K, teacher.w, teacher.v, M)
    summary['ode.covariateSamples'] = mom.samples
    summary['ode.scaleBins'] = S
    // the ODE's student tested on draws of the data (ode/eg_data), beside the closed form
    const readout = spec.ode.readoutSamples > 0
      ? dataReadout({ kde, F: fit.F, N, f: inputMaps[fit.f], mu0: ge!.mu0, V, rho: constants.rho, beta, teacher: { w: teacher.w, v: teacher.v, g: teacher.g }, g: gName, K, samples: spec.ode.readoutSamples }, Rng.stream(spec.seed, 'readout'))
      : null
    if (readout) summary['ode.readoutSamples'] = readout.samples
    summary['ode.teacherTerm'] = 'per-mode'
    yield { type: 'artifact', name: 'ode/T', shape: [M, M], data: Float64Array.from(constants.T) }
    yield { type: 'artifact', name: 'ode/rho', shape: [N], data: Float64Array.from(constants.rho) }
    const opts: OdeOptions = { lr: spec.train.lr, g: gName as OdeActivation, trainSecondLayer, dt: spec.ode.dt, method: spec.ode.method, teacherTerm: 'per-mode', snapshotState: readout !== null }
    let egData = NaN
    const extra = readout ? (snap: OdeSnapshot) => ({ [twoLayerSeries('ode', 'eg_data')]: (egData = readout.eg(snap.state!)) }) : undefined
    yield* dev.ode(odeRecords(constants, state, opts, times, 'ode', extra), share.ode, summary)
    if (readout) summary['ode.egDataFinal'] = egData
  } else if (runOde) {
    yield { type: 'progress', fraction: 0, phase: 'ode setup' }
    const { inst, moments } = model!
    summary['ode.mu1'] = moments.mu1
    summary['ode.mu2'] = moments.mu2
    const { constants, state } = pseudoRealOde(inst, moments)
    yield { type: 'artifact', name: 'ode/T', shape: [M, M], data: Float64Array.from(constants.T) }
    yield { type: 'artifact', name: 'ode/tildeT', shape: [M, M], data: Float64Array.from(constants.tildeT) }
    yield { type: 'artifact', name: 'ode/rho', shape: [D], data: Float64Array.from(constants.rho) }
    // the fitted teacher leans on the top modes of Ω: 'pixel' keeps the r-equation's teacher term per mode
    const teacherTerm = pixel ? 'per-mode' : 'averaged'
    summary['ode.teacherTerm'] = teacherTerm
    const opts: OdeOptions = { lr: spec.train.lr, g: gName as OdeActivation, trainSecondLayer, dt: spec.ode.dt, method: spec.ode.method, teacherTerm }
    yield* dev.ode(odeRecords(constants, state, opts, times, 'ode'), share.ode, summary)
  }

  // ---- SGD on KDE latents, each point followed by its deviation from the ODE
  if (runSgd) {
    const latent = kdeLatent(kde, Rng.stream(spec.seed, 'train'))
    const gaussian = model ? { F: model.inst.F, wTeacher: model.inst.wTeacher, ...model.moments } : undefined
    const problem = pseudoRealProblem(spec, fit, { latent, latentMean: kde.mean, mu0: centred ? ge!.mu0 : null, w0, v0, gaussian })
    yield* withDeviation(onlineSgd(problem, times, { progress: share.sgd }), dev, summary, runOde)
  }
  yield { type: 'summary', values: summary }
}
