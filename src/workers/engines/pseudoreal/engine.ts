// The two run kinds of the pseudo-real MNIST pipeline (MATH.md §4):
//   mnist-fit   fitPipeline on the pixels and labels read by the main process (src/main/inputs.ts)
//   pseudoreal  online SGD with latents drawn from the fit's KDE, x = f(cF/√D) − E f(u) (centred per
//               pixel, or raw), y = teacher(c − m), next to the ODE of the data's Gaussian-equivalent
//               HMM (gaussianEquivalent.ts) or of the paper's scalar correction, from identical
//               initial conditions; the same series as the hmm engine (sgd/eg, ode/eg, dev/eg, …).
//
// SGD adapter: hmm/sgd.ts's sgdRecords draws its latents from spec.latent (runLatent) and its
// labels from an HmmInstance teacher with no hook for another sampler, so the SGD loop of
// MATH.md §1 is repeated here in plain Float64 (blocked gemm for the projections). With a
// `latent?: Latent` option on sgdRecords this file would call it instead.
import type { MnistFitRunSpec, PseudoRealRunSpec } from '@shared/pseudorealSpec'
import type { InputMap, StudentActivation } from '@shared/spec'
import { activations, inputMaps } from '@models/twoLayer/activations'
import { Deviation, withDeviation } from '@models/twoLayer/deviation'
import type { OdeActivation } from '@models/twoLayer/integrals'
import type { Latent } from '@models/latent/latent'
import { SMALL_INIT } from '@models/twoLayer/drawInstance'
import { odeRecords } from '@models/twoLayer/odeRecords'
import type { OdeOptions } from '@models/twoLayer/ode'
import { Rng } from '@numeric/random/rng'
import { recordTimes, type Engine, type EngineInputs, type EngineRecord } from '@workers/records'
import { kdeLatent, pseudoRealInstance, pseudoRealOde } from './dynamics'
import { LatentKde } from './kde'
import { gaussianEquivalent, gaussianEquivalentSummary, type GaussianEquivalent } from './gaussianEquivalent'
import { covariateMoments, covariateOde } from './gaussianCovariate'
import { gemm } from '@numeric/linalg/gemm'
import { centreLatents, fitPipeline } from './pipeline'
import { teacherOutput, type PseudoTeacher } from './pseudoTeacher'

/** share of the progress bar given to the ODE when both run */
const ODE_SHARE = 0.1
/** latents drawn and projected per block */
const BLOCK = 128

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
  yield { type: 'log', message: `${labels.length} images of ${pixels.length / labels.length} pixels read` }
  yield* fitPipeline(options, pixels, labels)
}

/** The fit a pseudoreal run starts from, as prepareInputs hands it over. */
export interface PseudoRealFit {
  P: number
  D: number
  N: number
  C: Float64Array
  F: Float64Array
  labels: Float64Array
  teacher: PseudoTeacher
  f: InputMap
  bandwidth: number
  mu1: number
  mu2: number
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

/**
 * Draws blocks of (x, y): c from the latent, y = teacher(c − m), x = f(cF/√D) − μ0
 * (μ0: per-pixel means E f(u_i) to subtract, or none for raw inputs).
 */
class PseudoRealSamples {
  readonly c: Float64Array
  readonly x: Float64Array
  readonly y: Float64Array
  private readonly centred: Float64Array
  private readonly fn: (u: number) => number
  constructor(
    private readonly fit: PseudoRealFit,
    private readonly latent: Latent,
    private readonly latentMean: Float64Array,
    private readonly mu0: Float64Array | null,
    readonly maxB: number
  ) {
    this.c = new Float64Array(maxB * fit.D)
    this.centred = new Float64Array(maxB * fit.D)
    this.x = new Float64Array(maxB * fit.N)
    this.y = new Float64Array(maxB)
    this.fn = inputMaps[fit.f]
  }
  /** fill x (count×N), y (count) with `count` ≤ maxB fresh samples; nu (count×M) gets the teacher's local fields */
  next(count: number, x = this.x, y = this.y, nu?: Float64Array): void {
    const { D, N, F, teacher } = this.fit
    const c = this.c.subarray(0, count * D)
    this.latent.sample(c, count)
    const cc = this.centred.subarray(0, count * D)
    cc.set(c)
    centreLatents(cc, count, this.latentMean)
    teacherOutput(teacher, cc, count, y, nu as Float64Array<ArrayBuffer> | undefined)
    gemm(count, N, D, c, F, x, { alpha: 1 / Math.sqrt(D) })
    const fn = this.fn
    for (let i = 0; i < count * N; i++) x[i] = fn(x[i])
    const mu0 = this.mu0
    if (mu0) for (let b = 0; b < count; b++) for (let i = 0; i < N; i++) x[b * N + i] -= mu0[i]
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

  // ---- the instance: fitted F and teacher, the student drawn from the seed as in hmm/model.ts
  const student = Rng.stream(spec.seed, 'student')
  const w0 = new Float64Array(K * N)
  student.fillNormal(w0)
  const v0 = new Float64Array(K).fill(1)
  if (trainSecondLayer) student.split('v').fillNormal(v0)
  if (init === 'small') {
    for (let i = 0; i < w0.length; i++) w0[i] *= SMALL_INIT
    if (trainSecondLayer) for (let k = 0; k < K; k++) v0[k] *= SMALL_INIT
  }
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

  // ---- ODE: 'pixel' = the Gaussian-equivalent HMM (μ1 = 1, μ2 = 1 + ζ̄); 'paper' = fitted F and
  // teacher with the corrected μ1, μ2 of the fit (only finite log-ratios: the ODE's ε_g of a fit can dip below 0)
  const dev = new Deviation(K, true)
  if (runOde && covariate) {
    yield { type: 'progress', fraction: 0, phase: 'input covariance' }
    const mom = covariateMoments(kde, fit.F, N, inputMaps[fit.f], ge!.mu0, Rng.stream(spec.seed, 'covariate'), spec.ode.covariateSamples)
    const { constants, state } = covariateOde(mom, w0, v0, K, teacher.w, teacher.v, M)
    summary['ode.covariateSamples'] = mom.samples
    summary['ode.teacherTerm'] = 'per-mode'
    yield { type: 'artifact', name: 'ode/T', shape: [M, M], data: Float64Array.from(constants.T) }
    yield { type: 'artifact', name: 'ode/rho', shape: [N], data: Float64Array.from(constants.rho) }
    const opts: OdeOptions = { lr: spec.train.lr, g: gName as OdeActivation, trainSecondLayer, dt: spec.ode.dt, method: spec.ode.method, teacherTerm: 'per-mode' }
    const { egFinal } = yield* dev.ode(odeRecords(constants, state, opts, times, 'ode'), (f) => (runSgd ? ODE_SHARE * f : f))
    summary['ode.egFinal'] = egFinal
  } else if (runOde) {
    yield { type: 'progress', fraction: 0, phase: 'ode setup' }
    const inst = ge && pixel
      ? pseudoRealInstance(ge.F, N, { ...teacher, w: ge.wTeacher }, { w: w0, v: v0 })
      : pseudoRealInstance(fit.F, N, teacher, { w: w0, v: v0 })
    const moments = ge && pixel ? { mu1: ge.mu1, mu2: ge.mu2 } : { mu1: fit.mu1, mu2: fit.mu2 }
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
    const { egFinal } = yield* dev.ode(odeRecords(constants, state, opts, times, 'ode'), (f) => (runSgd ? ODE_SHARE * f : f))
    summary['ode.egFinal'] = egFinal
  }

  // ---- SGD on KDE latents, each point followed by its deviation from the ODE
  if (runSgd) {
    const latent = kdeLatent(kde, Rng.stream(spec.seed, 'train'))
    const data = { latentMean: kde.mean, mu0: centred ? ge!.mu0 : null }
    const sgd = pseudoRealSgd(spec, fit, latent, data, w0, v0, times, (fraction) => (runOde ? ODE_SHARE + (1 - ODE_SHARE) * fraction : fraction))
    yield* withDeviation(sgd, dev, summary, times[times.length - 1], runOde)
  }
  yield { type: 'summary', values: summary }
}

/**
 * Online SGD (MATH.md §1): w_k ← w_k − (η/√N) v_k (ŷ − y) g'(λ_k) x, v_k ← v_k − (η/N) g(λ_k)(ŷ − y)
 * (if trained), one fresh sample per step μ, t = μ/N. Records at each time: ε_g = mean ½(ŷ − y)²
 * on a fixed test set (stream 'test') with its standard error, Q[k,l] = mean λ_kλ_l and
 * R[k,m] = mean λ_kν_m on the test set, W[k,l] = w_k·w_l/N and v[k].
 */
export function* pseudoRealSgd(
  spec: PseudoRealRunSpec,
  fit: PseudoRealFit,
  latent: Latent,
  data: { latentMean: Float64Array; mu0: Float64Array | null },
  w0: Float64Array,
  v0: Float64Array,
  times: number[],
  progress: (fraction: number) => number = (f) => f
): Generator<EngineRecord> {
  const { N } = fit
  const K = v0.length
  const { g, dg } = activations[spec.model.g]
  const lr = spec.train.lr
  const trainV = spec.model.trainSecondLayer
  const invSqrtN = 1 / Math.sqrt(N)

  yield { type: 'progress', fraction: progress(0), phase: 'test set' }
  const nTest = spec.train.testSamples
  const testX = new Float64Array(nTest * N)
  const testY = new Float64Array(nTest)
  const M = fit.teacher.M
  const testNu = new Float64Array(nTest * M)
  const testDraw = new PseudoRealSamples(fit, latent.withStream(Rng.stream(spec.seed, 'test')), data.latentMean, data.mu0, BLOCK)
  for (let done = 0; done < nTest; done += BLOCK) {
    const b = Math.min(BLOCK, nTest - done)
    testDraw.next(b, testX.subarray(done * N, (done + b) * N), testY.subarray(done, done + b), testNu.subarray(done * M, (done + b) * M))
  }
  const lamTest = new Float64Array(nTest * K)
  const train = new PseudoRealSamples(fit, latent, data.latentMean, data.mu0, BLOCK)

  const w = Float64Array.from(w0)
  const v = Float64Array.from(v0)
  const lam = new Float64Array(K)
  const gk = new Float64Array(K)
  const steps = times.map((t) => Math.round(t * N))
  const total = steps.length ? Math.max(...steps) : 0
  const progressEvery = Math.max(1, Math.ceil(total / 100))
  let nextProgress = progressEvery
  let mu = 0
  let lastMu = -1
  let lastValues: Record<string, number> | null = null
  let row = 0
  let rows = 0
  let diverged = false

  for (let p = 0; p < times.length; p++) {
    const target = steps[p]
    while (mu < target && !diverged) {
      if (row >= rows) {
        rows = Math.min(BLOCK, total - mu)
        train.next(rows)
        row = 0
      }
      const xo = row * N
      const x = train.x
      const y = train.y[row]
      row++
      let yhat = 0
      for (let k = 0; k < K; k++) {
        let s = 0
        const wo = k * N
        for (let j = 0; j < N; j++) s += w[wo + j] * x[xo + j]
        lam[k] = s * invSqrtN
        gk[k] = g(lam[k])
        yhat += v[k] * gk[k]
      }
      const e = yhat - y
      if (!Number.isFinite(e)) diverged = true
      for (let k = 0; k < K; k++) {
        const a = -lr * invSqrtN * v[k] * e * dg(lam[k])
        const wo = k * N
        for (let j = 0; j < N; j++) w[wo + j] += a * x[xo + j]
      }
      if (trainV) for (let k = 0; k < K; k++) v[k] -= (lr / N) * gk[k] * e
      mu++
      if (mu >= nextProgress) {
        yield { type: 'progress', fraction: progress(mu / total), t: mu / N, phase: 'sgd' }
        nextProgress += progressEvery
      }
    }
    if (mu === lastMu && lastValues) {
      yield { type: 'point', t: times[p], values: { ...lastValues } }
      continue
    }
    gemm(nTest, K, N, testX, w, lamTest, { transB: true, alpha: invSqrtN })
    let s1 = 0
    let s2 = 0
    for (let i = 0; i < nTest; i++) {
      let yh = 0
      for (let k = 0; k < K; k++) yh += v[k] * g(lamTest[i * K + k])
      const d = yh - testY[i]
      const ei = 0.5 * d * d
      s1 += ei
      s2 += ei * ei
    }
    const eg = s1 / nTest
    const values: Record<string, number> = { 'sgd/eg': eg, 'sgd/eg_se': nTest > 1 ? Math.sqrt(Math.max(0, s2 / nTest - eg * eg) / (nTest - 1)) : NaN }
    // Q = E λ_k λ_l and R = E λ_k ν_m measured on the test set, W = w_k·w_l/N
    for (let k = 0; k < K; k++)
      for (let l = k; l < K; l++) {
        let q = 0
        for (let i = 0; i < nTest; i++) q += lamTest[i * K + k] * lamTest[i * K + l]
        values[`sgd/Q[${k},${l}]`] = q / nTest
        let ww = 0
        for (let j = 0; j < N; j++) ww += w[k * N + j] * w[l * N + j]
        values[`sgd/W[${k},${l}]`] = ww / N
      }
    for (let k = 0; k < K; k++)
      for (let m = 0; m < M; m++) {
        let r = 0
        for (let i = 0; i < nTest; i++) r += lamTest[i * K + k] * testNu[i * M + m]
        values[`sgd/R[${k},${m}]`] = r / nTest
      }
    for (let k = 0; k < K; k++) values[`sgd/v[${k}]`] = v[k]
    yield { type: 'point', t: times[p], values }
    lastMu = mu
    lastValues = values
    if (!Number.isFinite(eg) || diverged) return
  }
  yield { type: 'progress', fraction: progress(1), t: total / N, phase: 'sgd' }
}
