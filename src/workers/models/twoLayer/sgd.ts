// Online SGD of the two-layer student on the hidden manifold model (MATH.md §1):
//   w_k ← w_k − (η/√N) v_k (ŷ − y) g'(λ_k) x,   v_k ← v_k − (η/N) g(λ_k)(ŷ − y)  (if trained)
// one fresh sample per step μ, t = μ/N. Samples do not depend on the weights, so they are drawn
// and projected in blocks (one Float32 SIMD matrix product per block, projection.ts).
import type { HmmRunSpec, InputMap, StudentActivation } from '@shared/spec'
import { ODE_ACTIVATIONS } from '@shared/spec'
import type { EngineRecord } from '@workers/records'
import { Rng } from '@numeric/random/rng'
import { activations, type Activation } from './activations'
import { fastErf } from '@numeric/special/fastErf'
import { analyticEg } from './analyticEg'
import type { HmmInstance } from './instance'
import type { OdeActivation } from './integrals'
import { makeLatent, type Latent } from '@models/latent/latent'
import { inputMoments } from './moments'
import { OrderParamMeter, teacherOverlap } from './orderParams'
import { Kernels } from './kernels'
import { Projector } from './projection'
import { TestSet } from './testSet'

/** The activation with g = erf(x/√2) by the tabulated fastErf (within 2 ulp of special.erf). */
export function sgdActivation(name: StudentActivation): Activation {
  if (name !== 'erf') return activations[name]
  const s = Math.SQRT1_2
  return { g: (x) => fastErf(x * s), dg: activations.erf.dg }
}

/** Latents drawn and projected per block. */
export const SGD_BLOCK = 128

export interface SgdOptions {
  /** 'f64': u = cF/√D in Float64 by plain loops (slow; the reference the tests compare Float32 against) */
  projection?: 'f32' | 'f64'
}

/** μ1, μ2 used by the order parameters: spec.ode overrides, else the moments of f. */
export function inputMomentsOf(spec: HmmRunSpec): { mu1: number; mu2: number; zeta: number } {
  const m = inputMoments(spec.model.f)
  const mu1 = spec.ode.mu1 ?? m.mu1
  const mu2 = spec.ode.mu2 ?? m.mu2
  return { mu1, mu2, zeta: mu2 - mu1 * mu1 }
}

/** The latent distribution of a run, its parameters from the 'latentParams' stream. */
export function runLatent(spec: HmmRunSpec, D: number): Latent {
  const seed = spec.seed
  return makeLatent(spec.latent, D, Rng.stream(seed, 'train'), {
    params: Rng.stream(seed, 'latentParams'),
    standardize: Rng.stream(seed, 'latentStandardize')
  })
}

/** Draws blocks of samples: latents c, labels y = Σ_m ṽ_m g̃(w̃_m·c/√D), inputs x = f(cF/√D). */
class SampleBlocks {
  readonly c: Float64Array
  readonly y: Float64Array
  private readonly gT: (x: number) => number

  constructor(
    private readonly inst: HmmInstance,
    private readonly latent: Latent,
    teacherG: StudentActivation,
    private readonly f: InputMap,
    readonly proj: Projector
  ) {
    this.c = new Float64Array(proj.maxB * inst.D)
    this.y = new Float64Array(proj.maxB)
    this.gT = sgdActivation(teacherG).g
  }

  /** draw `count` ≤ maxB samples; returns the inputs (rows of proj.stride floats, a view into the kernels' memory) */
  next(count: number): Float32Array {
    const { inst, c, y, gT } = this
    const { D, M, wTeacher, vTeacher } = inst
    this.latent.sample(c, count)
    const inv = 1 / Math.sqrt(D)
    for (let b = 0; b < count; b++) {
      let s = 0
      const co = b * D
      for (let m = 0; m < M; m++) {
        const wo = m * D
        let n0 = 0, n1 = 0
        let r = 0
        for (; r + 1 < D; r += 2) {
          n0 += wTeacher[wo + r] * c[co + r]
          n1 += wTeacher[wo + r + 1] * c[co + r + 1]
        }
        if (r < D) n0 += wTeacher[wo + r] * c[co + r]
        s += vTeacher[m] * gT((n0 + n1) * inv)
      }
      y[b] = s
    }
    return this.proj.project(c, count, this.f)
  }
}

/** The fixed test set: `n` samples from the 'test' stream. */
function drawTestSet(spec: HmmRunSpec, inst: HmmInstance, latent: Latent, proj: Projector): TestSet {
  const n = spec.train.testSamples
  const ts = new TestSet(n, inst.N, inst.K, spec.model.f === 'sgn')
  const blocks = new SampleBlocks(inst, latent.withStream(Rng.stream(spec.seed, 'test')), spec.model.teacherG, spec.model.f, proj)
  for (let done = 0; done < n; ) {
    const b = Math.min(proj.maxB, n - done)
    const x = blocks.next(b)
    ts.add(x, proj.stride, blocks.y, b)
    done += b
  }
  return ts
}

/** index pairs k ≤ l */
function upper(K: number): [number, number][] {
  const p: [number, number][] = []
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) p.push([k, l])
  return p
}

/**
 * Run online SGD from the instance's initial weights and yield, at each record time t
 * (step μ = round(tN)): ε_g on the test set (`eg`, with its standard error `eg_se`), the analytic ε_g of the measured Q, R, T (for g with
 * integrals, g = g̃), and the order parameters W, Σ, Q, R and v. Stops after the first point
 * whose ε_g or weights are not finite.
 */
export function* sgdRecords(spec: HmmRunSpec, inst: HmmInstance, times: number[], prefix = 'sgd', options: SgdOptions = {}): Generator<EngineRecord> {
  const { N, D, K, M } = inst
  const { g: gName, teacherG, f, trainSecondLayer } = spec.model
  const lr = spec.train.lr
  const { g, dg } = sgdActivation(gName)
  const { mu1, zeta } = inputMomentsOf(spec)
  const analytic = gName === teacherG && (ODE_ACTIVATIONS as readonly string[]).includes(gName)

  // one WebAssembly memory: packed F, the block of inputs x, the weights, F in f64 for S
  const kern = new Kernels()
  const proj = new Projector(kern, inst.F, D, N, SGD_BLOCK, options.projection ?? 'f32')
  const ld = proj.stride // row stride of x and w (padding stays 0: x_j = f(0) = 0 there)
  const wOff = kern.alloc(K * ld * 8)
  const lamOff = kern.alloc(K * 8)
  const aOff = kern.alloc(K * 8)
  const meter = new OrderParamMeter(kern, inst.F, inst.wTeacher, N, D, K, M, mu1, zeta, ld)
  // all allocated: views from here on stay valid
  const w = kern.f64(wOff, K * ld)
  for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) w[k * ld + j] = inst.w[k * N + j]
  const lamV = kern.f64(lamOff, K)
  const aV = kern.f64(aOff, K)
  const { dots, axpy } = kern.k

  const latent = runLatent(spec, D)
  yield { type: 'progress', fraction: 0, phase: 'test set' }
  const test = drawTestSet(spec, inst, latent, proj)
  const train = new SampleBlocks(inst, latent, teacherG, f, proj)
  const T = teacherOverlap(inst.wTeacher, M, D)

  const v = Float64Array.from(inst.v)
  const gk = new Float64Array(K)
  const lamTest = new Float64Array(test.n * K)
  const wDense = new Float64Array(K * N)
  const pairs = upper(K)
  const invSqrtN = 1 / Math.sqrt(N)
  const stepW = lr * invSqrtN
  const stepV = lr / N

  const steps = times.map((t) => Math.round(t * N))
  const total = steps.length ? Math.max(...steps) : 0
  const progressEvery = Math.max(1, Math.ceil(total / 100))
  let nextProgress = progressEvery

  let mu = 0
  let lastMu = -1
  let lastValues: Record<string, number> | null = null
  let diverged = false
  let blockRows = 0
  let xRow = 0
  const rowBytes = ld * 4

  for (let p = 0; p < times.length; p++) {
    const target = steps[p]
    while (mu < target && !diverged) {
      if (xRow >= blockRows) {
        blockRows = Math.min(SGD_BLOCK, total - mu)
        train.next(blockRows)
        xRow = 0
      }
      const xPtr = proj.uOff + xRow * rowBytes
      const yb = train.y[xRow]
      xRow++
      // forward: λ_k = w_k·x/√N, ŷ = Σ v_k g(λ_k)
      dots(xPtr, wOff, lamOff, ld, K)
      let yhat = 0
      for (let k = 0; k < K; k++) {
        const l = lamV[k] * invSqrtN
        lamV[k] = l
        gk[k] = g(l)
        yhat += v[k] * gk[k]
      }
      const e = yhat - yb
      if (!Number.isFinite(e)) diverged = true
      // backward with the pre-step v: w_k += −(η/√N) v_k e g'(λ_k) x
      for (let k = 0; k < K; k++) aV[k] = -stepW * v[k] * e * dg(lamV[k])
      axpy(xPtr, wOff, aOff, ld, K)
      if (trainSecondLayer) for (let k = 0; k < K; k++) v[k] -= stepV * gk[k] * e
      mu++
      if (mu >= nextProgress) {
        yield { type: 'progress', fraction: mu / total, t: mu / N, phase: 'sgd' }
        nextProgress += progressEvery
      }
    }

    // ---- record at t = times[p]; early record times can share a step μ = round(tN): reuse it
    if (mu === lastMu && lastValues) {
      yield { type: 'point', t: times[p], values: { ...lastValues } }
      continue
    }
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) wDense[k * N + j] = w[k * ld + j]
    test.fields(wDense, lamTest)
    // ε_g = mean of e_i = ½(ŷ_i − y_i)², its standard error sd(e)/√n
    let s1 = 0
    let s2 = 0
    for (let i = 0; i < test.n; i++) {
      let yh = 0
      for (let k = 0; k < K; k++) yh += v[k] * g(lamTest[i * K + k])
      const d = yh - test.y[i]
      const ei = 0.5 * d * d
      s1 += ei
      s2 += ei * ei
    }
    const nT = test.n
    const eg = s1 / nT
    const egSe = nT > 1 ? Math.sqrt(Math.max(0, s2 / nT - eg * eg) / (nT - 1)) : NaN
    const op = meter.measure(wOff)
    const values: Record<string, number> = { [`${prefix}/eg`]: eg, [`${prefix}/eg_se`]: egSe }
    if (analytic) values[`${prefix}/eg_analytic`] = analyticEg(gName as OdeActivation, K, M, op.Q, op.R, T, v, inst.vTeacher)
    for (const [k, l] of pairs) {
      values[`${prefix}/Q[${k},${l}]`] = op.Q[k * K + l]
      values[`${prefix}/W[${k},${l}]`] = op.W[k * K + l]
      values[`${prefix}/Sigma[${k},${l}]`] = op.Sigma[k * K + l]
    }
    for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) values[`${prefix}/R[${k},${m}]`] = op.R[k * M + m]
    for (let k = 0; k < K; k++) values[`${prefix}/v[${k}]`] = v[k]
    yield { type: 'point', t: times[p], values }
    lastMu = mu
    lastValues = values
    let finite = Number.isFinite(eg)
    for (let k = 0; k < K && finite; k++) finite = Number.isFinite(op.W[k * K + k]) && Number.isFinite(v[k])
    if (!finite || diverged) return
  }
  yield { type: 'progress', fraction: 1, t: total / N, phase: 'sgd' }
}
