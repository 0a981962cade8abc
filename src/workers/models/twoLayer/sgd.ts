// THE online-SGD loop of the two-layer student (MATH.md §1):
//   w_k ← w_k − (η/√N) v_k (ŷ − y) g'(λ_k) x,   v_k ← v_k − (η/N) g(λ_k)(ŷ − y)  (if trained)
// one fresh sample per step μ, t = μ/N. A problem says where samples come from (a latent sampler,
// the teacher of the latent, the input map x = f(cF/√D) − centre) and where the student starts;
// the hidden manifold model (engines/hmm/problem.ts) and the pseudo-real data
// (engines/pseudoreal/problem.ts) are two problems. Samples do not depend on the weights, so they
// are drawn and projected in blocks (one Float32 SIMD matrix product per block, projection.ts).
// The work is done by SgdRun's plain methods (the steps, a record's measurements) on arrays in
// one WebAssembly memory (kernels.ts); the generator that onlineSgd returns only yields records: V8
// optimises small functions early, while a generator holding the loops was compiled late and
// several times (bench/speed.md, sgd-lean).
import type { InputMap, StudentActivation } from '@shared/spec'
import { ODE_ACTIVATIONS } from '@shared/spec'
import { twoLayerSeries } from '@shared/outputs/series'
import { firstNonFinite, type Divergence } from '@shared/outputs/divergence'
import type { EngineRecord } from '@workers/records'
import { Rng } from '@numeric/random/rng'
import { fastErf, FAST_ERF_TABLE } from '@numeric/special/fastErf'
import type { Latent } from '@models/latent/latent'
import { activations, type Activation } from './activations'
import { analyticEg } from './analyticEg'
import type { OdeActivation } from './integrals'
import { OrderParamMeter, teacherOverlap } from './orderParams'
import { Kernels } from './kernels'
import { Projector } from './projection'
import { sgdWork } from './progress'
import { TestSet } from './testSet'
import { medianOfMeans, MOM_BLOCKS } from '@numeric/stats/medianOfMeans'

/** The activation with g = erf(x/√2) by the tabulated fastErf (within 2 ulp of special.erf). */
export function sgdActivation(name: StudentActivation): Activation {
  if (name !== 'erf') return activations[name]
  const s = Math.SQRT1_2
  return { g: (x) => fastErf(x * s), dg: activations.erf.dg }
}

const NO_F = new Float64Array(0)

/** Latents drawn and projected per block. */
export const SGD_BLOCK = 128

/** What one SGD run learns from: the samples' law, the student's shape and start. */
export interface SgdProblem {
  /** the run's seed: the test set is drawn from latent.withStream(Rng.stream(seed, 'test')) */
  seed: number
  N: number
  D: number
  K: number
  M: number
  /** the student's activation */
  g: StudentActivation
  trainSecondLayer: boolean
  /** η */
  lr: number
  testSamples: number
  /** draws the training latents c (its own stream) */
  latent: Latent
  /** the teacher of the latent: y[b] and its local fields ν[b·M + m] for `count` latents c (rows of D) */
  teacher(c: Float64Array, count: number, y: Float64Array, nu: Float64Array): void
  /**
   * The same teacher as its first-layer weights and the rest, when it starts with the sums
   * s[b·M + m] = Σ_r w[m·D + r] c[b·D + r], even and odd r summed apart, then added (the run
   * forms them by a WebAssembly kernel: ~5× the JavaScript loop); label(s, count, y) turns them
   * into the fields ν (in place) and the labels y exactly as teacher() does.
   */
  teacherSums?: { w: Float64Array; label(s: Float64Array, count: number, y: Float64Array): void }
  /** x = f(cF/√D) − centre: F is D×N, centre (N, per-pixel E f(u)) or null for raw inputs */
  inputs: { F: Float64Array; f: InputMap; centre: Float64Array | null }
  /** initial weights: w K×N row-major, v length K (copied, not changed) */
  w0: Float64Array
  v0: Float64Array
  /**
   * Also record Qtest = mean λ_kλ_l, Rtest = mean λ_kν_m on the test set: for data its Gaussian
   * model only approximates (pseudo-real), where they differ from Q, R read from the weights. (For
   * the hidden manifold model they estimate the same Q, R: not recorded.)
   */
  testSetMoments: boolean
  /**
   * The Gaussian model whose order parameters are read from the weights (MATH.md §2): S = F wᵀ/√N,
   * Σ = SᵀS/D, Q = ζW + μ1²Σ, R = μ1 S·w̃ᵀ/D, the ODE's variables. Where g = g̃ has closed-form
   * integrals, also the analytic ε_g of (Q, R, T = w̃w̃ᵀ/D). Absent: only the test-set Q, R.
   */
  gaussian?: { F: Float64Array; wTeacher: Float64Array; vTeacher: Float64Array; mu1: number; mu2: number; teacherG: StudentActivation }
}

export interface SgdOptions {
  /** series prefix, default 'sgd' */
  prefix?: 'sgd'
  /** 'f64': u = cF/√D in Float64 by plain loops (slow; the reference the tests compare Float32 against) */
  projection?: 'f32' | 'f64'
  /** maps the loop's progress fraction onto the run's bar (progress.ts) */
  progress?: (fraction: number) => number
}

/** Draws blocks of samples: latents c, labels y and fields ν from the teacher, inputs x = f(cF/√D) − centre. */
class SampleBlocks {
  readonly y: Float64Array
  readonly nu: Float64Array

  constructor(
    private readonly problem: SgdProblem,
    private readonly latent: Latent,
    readonly proj: Projector,
    /** with problem.teacherSums: where the kernel finds w (M×D) and puts the sums (maxB×M), byte offsets in the kernels' memory */
    private readonly sums: { kern: Kernels; wOff: number; sOff: number } | null
  ) {
    this.y = new Float64Array(proj.maxB)
    this.nu = sums ? sums.kern.f64(sums.sOff, proj.maxB * problem.M) : new Float64Array(proj.maxB * problem.M)
  }

  /** draw `count` ≤ maxB samples; returns the inputs (rows of proj.stride floats, a view into the kernels' memory) */
  next(count: number): Float32Array {
    const { problem, sums } = this
    const c = this.proj.latents() // drawn in the kernels' memory, packed there
    this.latent.sample(c, count)
    if (sums) {
      sums.kern.k.fields(this.proj.latentsOff, sums.wOff, sums.sOff, count, problem.D, problem.M)
      problem.teacherSums!.label(this.nu, count, this.y)
    } else problem.teacher(c, count, this.y, this.nu)
    return this.proj.project(c, count, problem.inputs.f, problem.inputs.centre)
  }
}

/**
 * sd(e)/√n of e_i = ½(ŷ_i − y_i)² in units of max e_i, for an ε_g so large (~1e154 and up, a
 * diverging run) that Σ e_i² overflows while ε_g itself is finite.
 */
function scaledStandardError(y: Float64Array, lam: Float64Array, v: Float64Array, g: (x: number) => number, K: number, eg: number): number {
  const n = y.length
  const e = new Float64Array(n)
  let top = 0
  for (let i = 0; i < n; i++) {
    let yh = 0
    for (let k = 0; k < K; k++) yh += v[k] * g(lam[i * K + k])
    const d = yh - y[i]
    e[i] = 0.5 * d * d
    top = Math.max(top, e[i])
  }
  if (!(top > 0 && Number.isFinite(top))) return NaN
  let s = 0
  for (let i = 0; i < n; i++) s += ((e[i] - eg) / top) ** 2
  return (top * Math.sqrt(s / n)) / Math.sqrt(n - 1)
}

/** index pairs k ≤ l */
function upper(K: number): [number, number][] {
  const p: [number, number][] = []
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) p.push([k, l])
  return p
}

/** The names of the recorded series, made once per run. */
class SeriesKeys {
  readonly eg: string
  readonly egSe: string
  readonly egMom: string
  readonly egAnalytic: string
  /** per pair k ≤ l (upper(K)) */
  readonly Q: string[]
  readonly W: string[]
  readonly Sigma: string[]
  readonly Qtest: string[]
  /** per k·M + m */
  readonly R: string[]
  readonly Rtest: string[]
  readonly v: string[]

  constructor(prefix: 'sgd', K: number, M: number, pairs: [number, number][]) {
    const s = (q: string, ...i: number[]) => (twoLayerSeries as (p: string, q: string, ...i: number[]) => string)(prefix, q, ...i)
    this.eg = s('eg')
    this.egSe = s('eg_se')
    this.egMom = s('eg_mom')
    this.egAnalytic = s('eg_analytic')
    this.Q = pairs.map(([k, l]) => s('Q', k, l))
    this.W = pairs.map(([k, l]) => s('W', k, l))
    this.Sigma = pairs.map(([k, l]) => s('Sigma', k, l))
    this.Qtest = pairs.map(([k, l]) => s('Qtest', k, l))
    const km: [number, number][] = []
    for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) km.push([k, m])
    this.R = km.map(([k, m]) => s('R', k, m))
    this.Rtest = km.map(([k, m]) => s('Rtest', k, m))
    this.v = Array.from({ length: K }, (_, k) => s('v', k))
  }
}

/**
 * e_i = ½(ŷ_i − y_i)² with ŷ_i = Σ_k v_k g(λ_ik) into losses; returns Σ e_i. (Its own function,
 * optimised on its own: the generator that calls it is compiled late and more than once.)
 */
function testLosses(y: Float64Array, lam: Float64Array, v: Float64Array, g: (x: number) => number, K: number, losses: Float64Array): number {
  const nT = y.length
  let s1 = 0
  for (let i = 0; i < nT; i++) {
    let yh = 0
    for (let k = 0; k < K; k++) yh += v[k] * g(lam[i * K + k])
    const d = yh - y[i]
    const ei = 0.5 * d * d
    losses[i] = ei
    s1 += ei
  }
  return s1
}

/** Σ e_i² */
function sumOfSquares(e: Float64Array): number {
  let s = 0
  for (let i = 0; i < e.length; i++) s += e[i] * e[i]
  return s
}

/**
 * One SGD run's state between the generator's yields: the kernels' memory (packed F, the block of
 * inputs x, the weights, F in f64 for S), the test set, the sample blocks. Its hot loops (the
 * steps, a record's measurements) are plain methods that V8 optimises on their own.
 */
class SgdRun {
  readonly N: number
  readonly K: number
  readonly M: number
  readonly g: (x: number) => number
  readonly dg: (x: number) => number
  readonly kern = new Kernels()
  readonly proj: Projector
  /** row stride of x and w (padding stays 0: x_j = f(0) − 0 = 0 there) */
  readonly ld: number
  readonly wOff: number
  readonly lamOff: number
  readonly aOff: number
  readonly meter: OrderParamMeter | null
  readonly w: Float64Array
  readonly lamV: Float64Array
  readonly aV: Float64Array
  readonly v: Float64Array
  readonly gk: Float64Array
  readonly test: TestSet
  readonly nuTest: Float64Array
  readonly lamTest: Float64Array
  readonly losses: Float64Array
  /** g = erf: byte offsets of λ, y, v, the losses and fastErf's table for erfLosses, with views of y and v */
  readonly erf: { lam: number; yOff: number; vOff: number; out: number; table: number; y: Float64Array; v: Float64Array } | null
  readonly wDense: Float64Array
  readonly pairs: [number, number][]
  readonly keys: SeriesKeys
  readonly analytic: boolean
  readonly T: Float64Array | null
  train: SampleBlocks | null = null
  /** the teacher's w̃ and its sums in the kernels' memory (problem.teacherSums) */
  readonly sums: { kern: Kernels; wOff: number; sOff: number } | null
  readonly invSqrtN: number
  readonly stepW: number
  readonly stepV: number
  /** steps done */
  mu = 0
  /** a step's error ŷ − y was not finite (its update was made: the weights are not finite) */
  stepNotFinite = false
  private blockRows = 0
  private xRow = 0

  /** the problem without its F (inputs.F, gaussian.F): the kernels hold their own copies, so the caller's can be freed */
  readonly problem: SgdProblem

  constructor(
    problem: SgdProblem,
    prefix: 'sgd',
    projection: 'f32' | 'f64',
    /** the steps of the whole run (the last block is cut there) */
    readonly total: number
  ) {
    const { N, D, K, M, lr } = problem
    this.problem = { ...problem, inputs: { ...problem.inputs, F: NO_F }, gaussian: problem.gaussian && { ...problem.gaussian, F: NO_F } }
    this.N = N
    this.K = K
    this.M = M
    const { g, dg } = sgdActivation(problem.g)
    this.g = g
    this.dg = dg
    const gm = problem.gaussian
    this.analytic = !!gm && gm.teacherG === problem.g && (ODE_ACTIVATIONS as readonly string[]).includes(problem.g)
    const kern = this.kern
    this.proj = new Projector(kern, problem.inputs.F, D, N, SGD_BLOCK, projection)
    this.ld = this.proj.stride
    this.wOff = kern.alloc(K * this.ld * 8)
    this.lamOff = kern.alloc(K * 8)
    this.aOff = kern.alloc(K * 8)
    this.meter = gm ? new OrderParamMeter(kern, gm.F, gm.wTeacher, N, D, K, M, gm.mu1, gm.mu2 - gm.mu1 * gm.mu1, this.ld) : null
    const ts = problem.teacherSums
    this.sums = ts ? { kern, wOff: kern.alloc(M * D * 8), sOff: kern.alloc(SGD_BLOCK * M * 8) } : null
    if (ts) kern.f64(this.sums!.wOff, M * D).set(ts.w.subarray(0, M * D))
    // g = erf: the test-set losses by the kernel (erfLosses), on λ, y, v and the losses in its memory
    const nT = problem.testSamples
    const erfOffs = problem.g === 'erf'
      ? { lam: kern.alloc(nT * K * 8), y: kern.alloc(nT * 8), v: kern.alloc(K * 8), out: kern.alloc(nT * 8), table: kern.alloc(FAST_ERF_TABLE.T.length * 8) }
      : null
    // all allocated: views from here on stay valid
    this.w = kern.f64(this.wOff, K * this.ld)
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) this.w[k * this.ld + j] = problem.w0[k * N + j]
    this.lamV = kern.f64(this.lamOff, K)
    this.aV = kern.f64(this.aOff, K)
    this.test = new TestSet(nT, N, K, problem.inputs.f === 'sgn' && !problem.inputs.centre)
    this.nuTest = new Float64Array(nT * M)
    this.T = gm ? teacherOverlap(gm.wTeacher, M, D) : null
    this.v = Float64Array.from(problem.v0)
    this.gk = new Float64Array(K)
    if (erfOffs) {
      kern.f64(erfOffs.table, FAST_ERF_TABLE.T.length).set(FAST_ERF_TABLE.T)
      this.erf = { ...erfOffs, y: kern.f64(erfOffs.y, nT), v: kern.f64(erfOffs.v, K), yOff: erfOffs.y, vOff: erfOffs.v }
    } else this.erf = null
    this.lamTest = erfOffs ? kern.f64(erfOffs.lam, nT * K) : new Float64Array(nT * K)
    this.losses = erfOffs ? kern.f64(erfOffs.out, nT) : new Float64Array(nT)
    this.wDense = new Float64Array(K * N)
    this.pairs = upper(K)
    this.keys = new SeriesKeys(prefix, K, M, this.pairs)
    this.invSqrtN = 1 / Math.sqrt(N)
    this.stepW = lr * this.invSqrtN
    this.stepV = lr / N
  }

  /** the test set (stream 'test'), before any training sample */
  drawTestSet(): void {
    const { problem, proj, test, nuTest, M } = this
    const nT = problem.testSamples
    const blocks = new SampleBlocks(problem, problem.latent.withStream(Rng.stream(problem.seed, 'test')), proj, this.sums)
    for (let done = 0; done < nT; ) {
      const b = Math.min(proj.maxB, nT - done)
      const x = blocks.next(b)
      test.add(x, proj.stride, blocks.y, b)
      nuTest.set(blocks.nu.subarray(0, b * M), done * M)
      done += b
    }
    this.train = new SampleBlocks(problem, problem.latent, proj, this.sums)
    this.erf?.y.set(test.y)
  }

  /**
   * SGD steps until μ = stop, or after the first step whose error is not finite:
   *   λ_k = w_k·x/√N, ŷ = Σ v_k g(λ_k), w_k += −(η/√N) v_k (ŷ − y) g'(λ_k) x (with the pre-step v),
   *   v_k −= (η/N) g(λ_k)(ŷ − y) if trained.
   */
  steps(stop: number): void {
    const { K, v, gk, lamV, aV, g, dg, invSqrtN, stepW, stepV, wOff, lamOff, aOff, ld } = this
    const train = this.train!
    const { dots, axpy } = this.kern.k
    const trainV = this.problem.trainSecondLayer
    const uOff = this.proj.uOff
    const rowBytes = ld * 4
    let mu = this.mu
    while (mu < stop) {
      if (this.xRow >= this.blockRows) {
        this.blockRows = Math.min(SGD_BLOCK, this.total - mu)
        train.next(this.blockRows)
        this.xRow = 0
      }
      const xPtr = uOff + this.xRow * rowBytes
      const yb = train.y[this.xRow]
      this.xRow++
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
      // backward with the pre-step v: w_k += −(η/√N) v_k e g'(λ_k) x
      for (let k = 0; k < K; k++) aV[k] = -stepW * v[k] * e * dg(lamV[k])
      axpy(xPtr, wOff, aOff, ld, K)
      if (trainV) for (let k = 0; k < K; k++) v[k] -= stepV * gk[k] * e
      mu++
      if (!Number.isFinite(e)) {
        this.stepNotFinite = true
        break
      }
    }
    this.mu = mu
  }

  /**
   * The values at the current weights: ε_g on the test set (its standard error and median of
   * means), the order parameters from the weights (a Gaussian model) or W, the test-set moments, v.
   */
  record(): Record<string, number> {
    const { K, M, N, v, g, w, ld, test, lamTest, losses, nuTest, wDense, keys, pairs, meter } = this
    const nT = this.problem.testSamples
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) wDense[k * N + j] = w[k * ld + j]
    test.fields(wDense, lamTest)
    // ε_g = mean of e_i = ½(ŷ_i − y_i)², its standard error sd(e)/√n, and the median of means of
    // the e_i (robust where a few samples dominate: latents without a finite variance)
    const { erf } = this
    if (erf) erf.v.set(v)
    const s1 = erf ? this.kern.k.erfLosses(erf.lam, erf.vOff, erf.yOff, erf.out, nT, K, erf.table) : testLosses(test.y, lamTest, v, g, K, losses)
    const s2 = sumOfSquares(losses)
    const eg = s1 / nT
    let egSe = nT > 1 ? Math.sqrt(Math.max(0, s2 / nT - eg * eg) / (nT - 1)) : NaN
    if (nT > 1 && Number.isFinite(eg) && !Number.isFinite(egSe)) egSe = scaledStandardError(test.y, lamTest, v, g, K, eg)
    const values: Record<string, number> = { [keys.eg]: eg, [keys.egSe]: egSe, [keys.egMom]: medianOfMeans(losses, MOM_BLOCKS, nT) }
    if (meter) {
      const gm = this.problem.gaussian!
      const op = meter.measure(this.wOff)
      if (this.analytic) values[keys.egAnalytic] = analyticEg(this.problem.g as OdeActivation, K, M, op.Q, op.R, this.T!, v, gm.vTeacher)
      for (let p = 0; p < pairs.length; p++) {
        const [k, l] = pairs[p]
        values[keys.Q[p]] = op.Q[k * K + l]
        values[keys.W[p]] = op.W[k * K + l]
        values[keys.Sigma[p]] = op.Sigma[k * K + l]
      }
      for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) values[keys.R[k * M + m]] = op.R[k * M + m]
    } else
      for (let p = 0; p < pairs.length; p++) {
        const [k, l] = pairs[p]
        let a = 0
        for (let j = 0; j < N; j++) a += w[k * ld + j] * w[l * ld + j]
        values[keys.W[p]] = a / N
      }
    // the same moments measured on the test set: Qtest = mean λ_kλ_l, Rtest = mean λ_kν_m
    if (this.problem.testSetMoments || !meter) {
      for (let p = 0; p < pairs.length; p++) {
        const [k, l] = pairs[p]
        let q = 0
        for (let i = 0; i < nT; i++) q += lamTest[i * K + k] * lamTest[i * K + l]
        values[keys.Qtest[p]] = q / nT
      }
      for (let k = 0; k < K; k++)
        for (let m = 0; m < M; m++) {
          let r = 0
          for (let i = 0; i < nT; i++) r += lamTest[i * K + k] * nuTest[i * M + m]
          values[keys.Rtest[k * M + m]] = r / nT
        }
    }
    for (let k = 0; k < K; k++) values[keys.v[k]] = v[k]
    return values
  }
}

/**
 * Run online SGD from the problem's initial weights and yield, at each record time t (step
 * μ = round(tN)): ε_g on the test set (`eg`, with its standard error `eg_se`), W and v, the
 * test-set moments Qtest = mean λ_kλ_l and Rtest = mean λ_kν_m (problem.testSetMoments, or no
 * Gaussian model), and with a Gaussian model the
 * order parameters Q, R, Σ from the weights (and `eg_analytic`). Stops after the first point
 * with a value that is not finite (divergence.ts) and returns where; null if it reached the end.
 * The run is set up here, before the first record: its kernels copy F (packed in f32 for the
 * projection, in f64 for the Gaussian model), and nothing it keeps refers to problem's F, which
 * the caller may drop (the hmm engine does: −4 MB at N = 1000, D = 500).
 */
export function onlineSgd(problem: SgdProblem, times: number[], options: SgdOptions = {}): Generator<EngineRecord, Divergence | null> {
  const steps = times.map((t) => Math.round(t * problem.N))
  const total = steps.length ? Math.max(...steps) : 0
  const run = new SgdRun(problem, options.prefix ?? 'sgd', options.projection ?? 'f32', total)
  return sgdRecordsOf(run, times, steps, options)
}

function* sgdRecordsOf(run: SgdRun, times: number[], steps: number[], options: SgdOptions): Generator<EngineRecord, Divergence | null> {
  const { problem, total } = run
  const { N, D, K } = problem
  const prefix = options.prefix ?? 'sgd'
  const progress = options.progress ?? ((f: number) => f)

  yield { type: 'progress', fraction: progress(0), phase: 'test set' }
  run.drawTestSet()

  const nT = problem.testSamples
  const progressEvery = Math.max(1, Math.ceil(total / 100))
  let nextProgress = progressEvery
  // the fraction done is the fraction of the loop's work (progress.ts): the test set, steps, records
  const work = sgdWork({ N, D, K, tMax: total / N, testSamples: nT, records: times.length })
  const workTotal = work.testSet + total * work.step + times.length * work.record
  let recorded = 0
  const done = () => (workTotal > 0 ? Math.min(1, (work.testSet + run.mu * work.step + recorded * work.record) / workTotal) : 1)

  let lastMu = -1
  let lastValues: Record<string, number> | null = null

  yield { type: 'progress', fraction: progress(done()), t: 0, phase: 'sgd' }
  for (let p = 0; p < times.length; p++) {
    const target = steps[p]
    while (run.mu < target && !run.stepNotFinite) {
      run.steps(Math.min(target, nextProgress))
      if (run.mu >= nextProgress) {
        yield { type: 'progress', fraction: progress(done()), t: run.mu / N, phase: 'sgd' }
        nextProgress += progressEvery
      }
    }

    // ---- record at t = times[p]; early record times can share a step μ = round(tN): reuse it
    recorded++
    if (run.mu === lastMu && lastValues) {
      yield { type: 'point', t: times[p], values: { ...lastValues } }
      continue
    }
    const values = run.record()
    yield { type: 'point', t: times[p], values }
    lastMu = run.mu
    lastValues = values
    const bad = firstNonFinite(values)
    // a step whose error was not finite leaves non-finite weights, hence a non-finite ε_g
    if (bad !== null || run.stepNotFinite) return { divergedAt: times[p], divergedSeries: bad ?? twoLayerSeries(prefix, 'eg') }
  }
  yield { type: 'progress', fraction: progress(1), t: total / N, phase: 'sgd' }
  return null
}
