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

/** Series points stored per record time: ~64 bytes per row in memory and in the batch messages. */
const recordBytes = (points: number, series: number) => points * series * 64

export const ESTIMATES: { [E in EngineName]: Estimator<E> } = {
  hmm: (s) => {
    const { N, D, K, M } = s.model
    const { testSamples, points, tMax } = s.train
    const sgd = s.solve.includes('sgd')
    const ode = s.solve.includes('ode')
    const terms: CostTerm[] = [
      { field: 'model.N', what: 'features F and the projection (N × D float64, ×3)', bytes: 3 * F64 * N * D },
      { field: 'model.D', what: 'Ω and its eigenvectors (D × D float64, ×3)', bytes: 3 * F64 * D * D, flops: 10 * D ** 3 },
      { field: 'train.points', what: 'recorded series (points × series)', bytes: recordBytes(points, 2 * (K * K + K * M + K + 4)) }
    ]
    if (s.latent.kind === 'mixture') terms.push({ field: 'latent.m', what: 'mixture means (m × D float64)', bytes: F64 * s.latent.m * D })
    if (s.latent.standardize === 'sample')
      terms.push({ field: 'latent.standardizeSamples', what: 'sample standardisation (standardizeSamples × D draws)', flops: 20 * s.latent.standardizeSamples * D })
    if (sgd) {
      terms.push({ field: 'train.testSamples', what: 'test set (testSamples × N float32)', bytes: testSamples * (F32 * N + F64 * (D + K + M + 2)) })
      terms.push({ field: 'train.tMax', what: 'SGD steps (tMax·N steps × (N·D + K·N))', flops: tMax * N * (2 * N * D + 4 * K * N) })
      terms.push({ field: 'train.points', what: 'test error at each record (points × testSamples × K·N)', flops: points * testSamples * 2 * K * N })
    }
    if (ode) {
      const perStep = 40 * (K + M) ** 2 * D * (s.ode.method === 'rk4' ? 4 : 1)
      terms.push({ field: 'ode.dt', what: 'ODE steps (tMax/dt × (K+M)²·D)', flops: (tMax / s.ode.dt) * perStep })
      terms.push({ field: 'model.K', what: 'ODE state (K·(K+M)·D float64, ×6)', bytes: 6 * F64 * K * (K + M) * D })
    }
    return terms
  },
  linear: (s) => [
    { field: 'P', what: 'data X (N × P float64)', bytes: F64 * s.N * s.P, flops: 2 * s.N * s.N * s.P },
    { field: 'N', what: 'XXᵀ and its eigenvectors (N × N float64, ×3)', bytes: 3 * F64 * s.N * s.N, flops: 10 * s.N ** 3 },
    { field: 'points', what: 'learning curve (points × N)', bytes: recordBytes(s.points, 2), flops: 10 * s.points * s.N }
  ],
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
