// What a run will cost before it is queued: an estimate of its peak memory (bytes) and of its
// compute time (seconds) from the spec alone, one estimator per engine. A spec over a limit is
// refused with the field that dominates, the estimate and the limit (CLI exit 2, HTTP 400),
// before anything is stored: a typo such as train.points = 1e9 must not reach a worker.
//
// The estimates are deliberately rough (a factor of a few either way): they are terms
// "what × how many", each tied to the spec field that drives it, so the message can say which
// field to lower. Time assumes ~1e9 floating-point operations per second on one core.
//
// ESTIMATES has one entry per engine of RUN_SPEC_SCHEMAS: an engine added to that registry
// without an estimator here is a type error (the mapped type below), not a silent pass.
import type { z } from 'zod'
import type { EngineName, RUN_SPEC_SCHEMAS, RunSpec } from './runSpec'
import { ValidationError } from './errors'

/** One part of a run's cost, tied to the field that drives it. */
export interface CostTerm {
  /** dotted spec path named in the message, e.g. "train.testSamples" */
  field: string
  /** what it is, e.g. "test set (testSamples × N float32)" */
  what: string
  bytes?: number
  /** floating-point operations */
  flops?: number
}

export interface CostEstimate {
  bytes: number
  seconds: number
  terms: CostTerm[]
}

export interface CostLimits {
  /** peak memory of one run */
  bytes: number
  /** estimated compute time of one run */
  seconds: number
}

/** Floating-point operations per second of one worker thread (a conservative figure). */
export const FLOPS_PER_SECOND = 1e9
/** Memory every run needs whatever its spec (the worker's heap, code, small arrays). */
const BASE_BYTES = 64 * 2 ** 20
/** Default compute-time limit: a week of one core. */
export const DEFAULT_MAX_SECONDS = 7 * 24 * 3600

type SpecOf<E extends EngineName> = z.infer<(typeof RUN_SPEC_SCHEMAS)[E]>
export type Estimator<E extends EngineName> = (spec: SpecOf<E>) => CostTerm[]

const F64 = 8
const F32 = 4
/** pixels of an MNIST image: the size the pseudo-real estimates assume before the files are read */
const MNIST_PIXELS = 784

/** the top modes of Ω_x over which the scale bins' Ω_s are kept whole (gaussianCovariate.ts, odeScaleMixture.ts) */
export const SCALE_BIN_TOP_MODES = 50

/** Series points stored per record time: ~64 bytes per row in memory and in the batch messages. */
const recordBytes = (points: number, series: number) => points * series * 64

/**
 * Floating-point operations of the parts of a two-layer run (hmm, pseudoreal): the one cost model
 * behind both the limits below and the engines' progress bar (models/twoLayer/progress.ts), so
 * the bar advances in proportion to the work done and the ETA extrapolates a steady rate.
 */
export const twoLayerFlops = {
  /** one online-SGD step: the projection u = cF/√D (N·D) and the forward/backward pass (K·N) */
  sgdStep: (N: number, D: number, K: number) => 2 * N * D + 4 * K * N,
  /** ε_g (and the fields) on the test set at one record time */
  sgdRecord: (testSamples: number, N: number, K: number) => 2 * testSamples * K * N,
  /** drawing and projecting the test set */
  testSet: (testSamples: number, N: number, D: number) => 2 * testSamples * N * D,
  /** one ODE step of dt: the (K+M)² pairs of D-mode sums, ×4 for rk4 */
  odeStep: (K: number, M: number, D: number, method: string) => 40 * (K + M) ** 2 * D * (method === 'rk4' ? 4 : 1),
  /** the ODE's set-up: Ω and its eigenvectors (D × D) */
  odeSetup: (D: number) => 10 * D ** 3
}

export const ESTIMATES: { [E in EngineName]: Estimator<E> } = {
  hmm: (s) => {
    const { N, D, K, M } = s.model
    const { testSamples, points, tMax } = s.train
    const sgd = s.solve.includes('sgd')
    const ode = s.solve.includes('ode')
    const terms: CostTerm[] = [
      { field: 'model.N', what: 'features F and the projection (N × D float64, ×3)', bytes: 3 * F64 * N * D },
      { field: 'model.D', what: 'Ω and its eigenvectors (D × D float64, ×3)', bytes: 3 * F64 * D * D, flops: twoLayerFlops.odeSetup(D) },
      { field: 'train.points', what: 'recorded series (points × series)', bytes: recordBytes(points, 2 * (K * K + K * M + K + 4)) }
    ]
    if (s.latent.kind === 'mixture') terms.push({ field: 'latent.m', what: 'mixture means (m × D float64)', bytes: F64 * s.latent.m * D })
    if (s.latent.standardize === 'sample')
      terms.push({ field: 'latent.standardizeSamples', what: 'sample standardisation (standardizeSamples × D draws)', flops: 20 * s.latent.standardizeSamples * D })
    if (sgd) {
      terms.push({ field: 'train.testSamples', what: 'test set (testSamples × N float32)', bytes: testSamples * (F32 * N + F64 * (D + K + M + 2)) })
      terms.push({ field: 'train.tMax', what: 'SGD steps (tMax·N steps × (N·D + K·N))', flops: tMax * N * twoLayerFlops.sgdStep(N, D, K) })
      terms.push({ field: 'train.points', what: 'test error at each record (points × testSamples × K·N)', flops: points * twoLayerFlops.sgdRecord(testSamples, N, K) })
    }
    if (ode) {
      const perStep = twoLayerFlops.odeStep(K, M, D, s.ode.method)
      terms.push({ field: 'ode.dt', what: 'ODE steps (tMax/dt × (K+M)²·D)', flops: (tMax / s.ode.dt) * perStep })
      terms.push({ field: 'model.K', what: 'ODE state (K·(K+M)·D float64, ×6)', bytes: 6 * F64 * K * (K + M) * D })
    }
    return terms
  },
  // gradient descent runs in the data's eigenbasis: the cost is drawing X and its eigendecomposition
  linear: (s) => {
    const rank = Math.min(s.N, s.P)
    return [
      { field: 'P', what: 'data X and its range basis (N·P + N·rank float64)', bytes: F64 * (s.N * s.P + s.N * rank), flops: 2 * s.N * s.P * rank },
      { field: 'N', what: 'the smaller Gram matrix and its eigenvectors (rank² float64, ×3)', bytes: 3 * F64 * rank * rank, flops: 10 * rank ** 3 },
      { field: 'points', what: 'learning curves (points × rank)', bytes: recordBytes(s.points, 6), flops: 10 * s.points * rank }
    ]
  },
  'linear-dd': (s) => {
    const sizes = s.values.map((v) => (s.axis === 'alpha' ? { N: s.N, P: Math.round(v * s.N) } : { N: v, P: s.P }))
    const largest = sizes.reduce((a, b) => (a.N * a.P > b.N * b.P ? a : b))
    const rank = (x: { N: number; P: number }) => Math.min(x.N, x.P)
    return [
      { field: 'values', what: 'the largest dataset and its Gram matrix (N·P + 3·rank² float64)', bytes: F64 * (largest.N * largest.P + 3 * rank(largest) ** 2) },
      { field: 'seeds', what: 'one eigendecomposition per value and seed (seeds × Σ (2·N·P·rank + 10·rank³))', flops: s.seeds * sizes.reduce((a, x) => a + 2 * x.N * x.P * rank(x) + 10 * rank(x) ** 3, 0), bytes: F64 * s.seeds * 4 * rank(largest) }
    ]
  },
  'linear-relu': (s) => {
    const K = Math.round(s.tMax / s.lr)
    const maxH = Math.max(...s.hidden)
    return [
      { field: 'hidden', what: 'features of the widest layer (hidden × (Ni + P) float64, ×3)', bytes: 3 * F64 * maxH * (s.Ni + s.P) },
      { field: 'seeds', what: 'per width and seed: features, eigendecomposition, descent (Σ (2·h·Ni·P + 10·min(h,P)³ + steps·min(h,P)))', flops: s.seeds * s.hidden.reduce((a, h) => a + 2 * h * s.Ni * s.P + 10 * Math.min(h, s.P) ** 3 + K * Math.min(h, s.P), 0) },
      { field: 'tMax', what: 'descent steps', flops: s.seeds * s.hidden.length * K * 4 }
    ]
  },
  nngp: (s) => {
    const n = s.inputs.n
    const d = s.inputs.kind === 'gaussian' ? s.inputs.d : (28 / s.inputs.pool) ** 2
    return [
      { field: 'inputs.n', what: 'NNGP and NTK matrices with their work copies and eigenvectors (n × n float64, ×8)', bytes: 8 * F64 * n * n, flops: 20 * n ** 3 + 50 * (s.depth + 1) * n * n + 2 * n * n * d },
      { field: 'depth', what: 'the layer recursion (depth × n² kernel entries, quadrature for tanh and gelu)', flops: (s.phi === 'tanh' || s.phi === 'gelu' ? 400 : 20) * s.depth * n * n }
    ]
  },
  'ntk-width': (s) => {
    const { n, d } = s.inputs
    const params = (w: number) => d * w + Math.max(0, s.depth - 1) * w * w + w
    const maxW = Math.max(...s.widths)
    return [
      { field: 'widths', what: 'weights and activations of the widest network ((params + 2·n·width·depth) float64, ×3)', bytes: 3 * F64 * (params(maxW) + 2 * n * maxW * s.depth) },
      { field: 'networks', what: 'forward passes (networks × Σ n·params)', flops: s.networks * s.widths.reduce((a, w) => a + 2 * n * params(w), 0) },
      { field: 'widths', what: 'empirical NTK (Σ n²·params)', flops: s.widths.reduce((a, w) => a + 2 * n * n * params(w), 0) }
    ]
  },
  'ntk-train': (s) => {
    const params = (w: number) => s.d * w + Math.max(0, s.depth - 1) * w * w + w
    const train = (w: number) => s.steps * 6 * (s.nTrain + s.nTest) * params(w)
    return [
      { field: 'width', what: 'weights, gradients and the initial network of the widest run (params float64, ×4)', bytes: 4 * F64 * params(Math.max(s.width, ...s.scanWidths)) },
      { field: 'steps', what: 'gradient descent at width (steps × 6·n·params)', flops: train(s.width) },
      { field: 'scanWidths', what: 'one training per scanned width', flops: s.scanWidths.reduce((a, w) => a + train(w), 0) },
      { field: 'scanLrFactors', what: 'one training per scanned learning rate (to the same time ηk)', flops: s.scanLrFactors.reduce((a, f) => a + train(s.width) * Math.max(1, s.lrFactor / f), 0) }
    ]
  },
  scaling: (s) => {
    const S = s.features.kind === 'powerlaw' ? s.features.S : s.features.n
    const all = [...s.resolution.D, ...s.resolution.P, ...s.variance.D, ...s.variance.P, s.variance.fixedD, s.variance.fixedP]
    const maxV = Math.max(...all)
    const terms: CostTerm[] = [
      { field: 'resolution', what: 'dense samples and projections (2 × max size × S float64)', bytes: 2 * F64 * maxV * S },
      {
        field: 'trials',
        what: 'per trial, each point: features, fit (Σ 2·S·size² + size³)',
        flops: s.trials * all.reduce((a, v) => a + 2 * S * v * v + v ** 3, 0) + s.trials * (s.variance.P.reduce((a, p) => a + 2 * p * S * s.variance.fixedD, 0) + s.variance.D.reduce((a, dd) => a + 2 * dd * S * s.variance.fixedP, 0))
      }
    ]
    if (s.features.kind === 'nngp') terms.push({ field: 'features.n', what: 'the NNGP kernel on the images and its eigenvectors (n × n float64, ×4)', bytes: 4 * F64 * S * S, flops: 10 * S ** 3 + 50 * (s.features.depth + 1) * S * S })
    return terms
  },
  'le-sde': (s) => {
    const steps = s.tMax / s.dt
    return [
      { field: 'n', what: 'feature samples (K × n × p float64, ×3)', bytes: 3 * F64 * s.K * s.n * s.p },
      { field: 'dt', what: 'Euler–Maruyama steps (tMax/dt × (K·n·p + (K·p)²))', flops: steps * (4 * s.K * s.n * s.p + 2 * (s.K * s.p) ** 2) },
      { field: 'points', what: 'separability per record (K² pairs × n² Wolfe iterations)', flops: s.points * s.K * s.K * 50 * s.n * s.n * s.p }
    ]
  },
  'le-phase': (s) => {
    const cells = s.as.length * s.cs.length * s.tMaxes.length * s.seeds
    return [
      { field: 'n', what: 'samples of one cell (K × n × p float64, ×3)', bytes: 3 * F64 * s.K * s.n * s.p },
      { field: 'seeds', what: 'separation tests (a × c × tMax × seeds × K² pairs × n² p)', flops: cells * s.K * s.K * 50 * s.n * s.n * s.p }
    ]
  },
  'le-collapse': (s) => {
    const steps = s.tMax / s.dt
    const k2 = s.Ks.reduce((a, K) => a + K * K, 0)
    return [
      { field: 'Ks', what: 'class means (K² float64 per K)', bytes: F64 * k2 * 4 },
      { field: 'dt', what: 'LE-ODE steps (tMax/dt × Σ K⁴)', flops: steps * s.Ks.reduce((a, K) => a + 4 * K ** 4, 0) }
    ]
  },
  'le-train': (s) => {
    const d = s.data.kind === 'geomnist' ? s.data.size ** 2 : MNIST_PIXELS
    const classes = s.data.kind === 'geomnist' ? 3 : s.data.classes.length
    const widths = [d, ...s.network.hidden, classes]
    const params = widths.slice(1).reduce((a, w, i) => a + w * (widths[i] + 1), 0)
    const images = classes * (s.data.trainPerClass + s.data.valPerClass)
    return [
      { field: 'data', what: 'images (classes × (train + val) × pixels float64)', bytes: F64 * images * d },
      { field: 'iterations', what: 'SGD steps, batch 1 (iterations × 6·params)', flops: s.iterations * 6 * params },
      { field: 'points', what: 'logits of n samples per class at each record', flops: s.points * classes * s.n * 2 * params, bytes: recordBytes(s.points, classes * s.n * classes) }
    ]
  },
  kl: (s) => {
    const n = s.samples
    const m = s.referenceSamples ?? n
    const estimates = s.repeats * s.alphas.length * s.components.length
    return [
      { field: 'samples', what: 'mixture and reference samples ((n + m) × d float64, ×2)', bytes: 2 * F64 * (n + m) * s.d },
      { field: 'samples', what: 'k-NN distances (repeats × alphas × components × n·(n+m)·d)', flops: estimates * 3 * n * (n + m) * s.d },
      { field: 'standardizeSamples', what: 'sample standardisation', flops: s.standardize === 'sample' ? estimates * 20 * s.standardizeSamples * s.d : 0 },
      { field: 'components', what: 'mixture means (max m × d float64)', bytes: F64 * Math.max(...s.components) * s.d }
    ]
  },
  cumulants: (s) => {
    const sumDims = s.dims.reduce((a, b) => a + b, 0)
    const maxDim = Math.max(...s.dims)
    return [
      { field: 'samples', what: 'draws (latents × Σ dims × samples)', flops: 30 * s.latents.length * sumDims * s.samples, bytes: 4 * F64 * s.samples },
      { field: 'dims', what: 'one batch of draws (samples × max dim, in blocks)', bytes: F64 * Math.min(s.samples, 4096) * maxDim }
    ]
  },
  'mnist-fit': (s) => {
    const N = MNIST_PIXELS
    const t = s.teacher
    return [
      { field: 'P', what: 'images as float64 and the fit residual (P × N, ×2)', bytes: 2 * F64 * s.P * N },
      { field: 'D', what: 'latents C, features F, L-BFGS history ((P + N)·D float64 × (2·history + 4))', bytes: F64 * (s.P + N) * s.D * (2 * s.history + 4) },
      { field: 'iterations', what: 'fit iterations (iterations × 6·P·N·D)', flops: s.iterations * 6 * s.P * N * s.D },
      { field: 'teacher.trainSamples', what: 'pseudo-teacher data ((train + test samples) × D float64)', bytes: F64 * (t.trainSamples + t.testSamples) * (s.D + t.M) },
      { field: 'teacher.iterations', what: 'teacher fit (iterations × trainSamples × M·D)', flops: (t.iterations + 50 * t.randomTeachers) * 6 * t.trainSamples * t.M * s.D }
    ]
  },
  pseudoreal: (s) => {
    // the pipeline's D and N are only known once its run is read: assume MNIST pixels and D = N
    const N = MNIST_PIXELS
    const D = N
    const { K } = s.model
    const { testSamples, points, tMax } = s.train
    const terms: CostTerm[] = [{ field: 'train.points', what: 'recorded series (points × series)', bytes: recordBytes(points, 2 * (K * K + 2 * K + 4)) }]
    if (s.solve.includes('sgd')) {
      terms.push({ field: 'train.testSamples', what: 'test set (testSamples × N float64)', bytes: F64 * testSamples * (N + D + K + 2) })
      terms.push({ field: 'train.tMax', what: 'SGD steps (tMax·N steps × N·D)', flops: tMax * N * 2 * N * D })
      terms.push({ field: 'train.points', what: 'test error at each record', flops: points * testSamples * 2 * K * N })
    }
    if (s.solve.includes('ode')) terms.push({ field: 'ode.dt', what: 'ODE steps (tMax/dt × K²·D)', flops: (tMax / s.ode.dt) * 40 * (K + 2) ** 2 * D })
    if (s.solve.includes('ode') && s.ode.correction === 'covariate')
      terms.push({ field: 'ode.covariateSamples', what: 'covariate moments Ω_x, Φ (covariateSamples × N·(N + D))', flops: 2 * s.ode.covariateSamples * N * (N + D), bytes: F64 * N * (N + D) * 2 })
    if (s.solve.includes('ode') && s.ode.correction === 'covariate' && s.ode.readoutSamples > 0)
      terms.push({
        field: 'ode.readoutSamples', what: 'the ODE student’s test draws (readoutSamples × N float32), their projections (2·readoutSamples·N²) and one pass per record',
        bytes: 4 * s.ode.readoutSamples * N, flops: 2 * s.ode.readoutSamples * N * N + points * s.ode.readoutSamples * N * 2 * (K + K * K)
      })
    if (s.solve.includes('ode') && s.ode.correction === 'covariate' && s.ode.scaleBins > 1) {
      const S = s.ode.scaleBins
      terms.push({
        field: 'ode.scaleBins', what: 'per-bin Ω_s (scaleBins × N² float64), their eigenbasis products (scaleBins × 2N³) and the binned ODE steps',
        bytes: F64 * (S * N * N + s.ode.covariateSamples * D), flops: S * 2 * N ** 3 + (tMax / s.ode.dt) * S * (4 * K * K * N + 2 * SCALE_BIN_TOP_MODES ** 2 * K)
      })
    }
    return terms
  }
}

/** The estimate of a parsed spec: memory is the sum of its terms, time the sum of their flops. */
export function estimate(spec: RunSpec): CostEstimate {
  const estimator = ESTIMATES[spec.engine] as Estimator<EngineName> | undefined
  // an engine without an estimator (possible only if the registries disagree at run time): its base cost
  const terms = estimator ? estimator(spec as never) : []
  const bytes = BASE_BYTES + terms.reduce((a, t) => a + (t.bytes ?? 0), 0)
  const seconds = terms.reduce((a, t) => a + (t.flops ?? 0), 0) / FLOPS_PER_SECOND
  return { bytes, seconds, terms }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let v = bytes
  let i = 0
  while (v >= 1024 && i < units.length - 1) [v, i] = [v / 1024, i + 1]
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toPrecision(3)} ${units[i]}`
}

export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds.toPrecision(3)} s`
  if (seconds < 7200) return `${(seconds / 60).toPrecision(3)} min`
  if (seconds < 2 * 86400) return `${(seconds / 3600).toPrecision(3)} h`
  if (seconds < 2 * 365 * 86400) return `${(seconds / 86400).toPrecision(3)} days`
  return `${(seconds / (365 * 86400)).toPrecision(3)} years`
}

/** The term that contributes most to a total (by key). */
function largest(terms: CostTerm[], key: 'bytes' | 'flops'): CostTerm {
  return terms.reduce((best, t) => ((t[key] ?? 0) > (best[key] ?? 0) ? t : best), terms[0])
}

/**
 * Refuse a spec whose estimate exceeds a limit: a ValidationError naming the field of the
 * largest term, what it is, the estimate and the limit.
 */
export function checkCost(spec: RunSpec, limits: CostLimits, what = 'run spec'): CostEstimate {
  const cost = estimate(spec)
  const issues = []
  if (cost.bytes > limits.bytes && cost.terms.length) {
    const t = largest(cost.terms, 'bytes')
    issues.push({
      path: t.field,
      message: `this run needs about ${formatBytes(cost.bytes)} of memory, over the limit of ${formatBytes(limits.bytes)}; most of it is ${t.what}: ${formatBytes(t.bytes ?? 0)}. Lower ${t.field} (or raise the limit: LAB_MAX_MEMORY_MB)`
    })
  }
  if (cost.seconds > limits.seconds && cost.terms.length) {
    const t = largest(cost.terms, 'flops')
    issues.push({
      path: t.field,
      message: `this run would compute for about ${formatSeconds(cost.seconds)}, over the limit of ${formatSeconds(limits.seconds)}; most of it is ${t.what}: ${formatSeconds((t.flops ?? 0) / FLOPS_PER_SECOND)}. Lower ${t.field} (or raise the limit: LAB_MAX_HOURS)`
    })
  }
  if (issues.length) throw new ValidationError(issues, what)
  return cost
}
