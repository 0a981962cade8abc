// The `linear` engine (Advani & Saxe 2017; MATH.md §7; seed 002): on one drawn instance
// (X, w̄, w(0), ε from the seed)
//   gd       full-batch gradient descent iterated (models/linear/gradientDescent.ts), E_g and E_t
//            measured from its weights, per-eigenmode learning and the frozen subspace;
//   theory   eq. 1 and E_t on this dataset's eigenvalues of XXᵀ (the average over w̄, w(0), ε);
//   typical  eq. 6, the Marchenko–Pastur integral (models/linear/marchenkoPastur.ts);
// plus the spectrum against the MP law and the optimal stopping times.
import type { LinearRunSpec } from '@shared/specs/linear'
import { frozenSeries, linearSeries, MODE_QUANTILES, modeSeries } from '@shared/outputs/linear'
import { type Engine, type EngineRecord, type PointRecord } from '@workers/records'
import { drawInstance, rowTimes, timesColumn } from '@models/linear/instance'
import { rangeBasis } from '@models/linear/rangeBasis'
import { GradientDescent } from '@models/linear/gradientDescent'
import {
  datasetEg,
  datasetEt,
  datasetOptimalStop,
  datasetSpectrum,
  typicalEg,
  typicalEgInfinity,
  typicalEt,
  typicalOptimalStop,
  type LinearParams
} from '@models/linear/learningCurve'
import { marchenkoPastur } from '@models/linear/marchenkoPastur'
import { compareSpectrum } from '@models/linear/spectrum'

/**
 * Steps at which to record: 0, then `points` log-spaced whole numbers of steps from 1 to K, each
 * at least one above the last (so there are exactly points + 1 records when K ≥ points; else 0..K).
 */
export function recordSteps(K: number, points: number): number[] {
  if (K <= points) return Array.from({ length: K + 1 }, (_, k) => k)
  const out = [0]
  for (let i = 0; i < points; i++) {
    const k = Math.round(Math.exp((Math.log(K) * i) / (points - 1)))
    out.push(Math.min(K - (points - 1 - i), Math.max(out[out.length - 1] + 1, k)))
  }
  return out
}

/** (1 − 1/e): the fraction of its way a mode has gone at its learning time t_i (λ_i t_i = 1 for the flow) */
const LEARNED = 1 - Math.exp(-1)

export const linearEngine: Engine<LinearRunSpec> = function* (spec): Generator<EngineRecord, void, void> {
  const { N, P, lr } = spec
  const alpha = P / N
  const params: LinearParams = { sigmaW: spec.sigmaW, sigmaW0: spec.sigmaW0, sigmaEps: spec.sigmaEps }
  const runGd = spec.solve.includes('gd')
  const runTheory = spec.solve.includes('theory')
  const runTypical = spec.solve.includes('typical')
  const K = Math.round(spec.tMax / lr)
  const steps = recordSteps(K, spec.points)
  const times = steps.map((k) => k * lr)
  const mp = marchenkoPastur(alpha)
  const rank = Math.min(N, P)
  const summary: Record<string, unknown> = {
    alpha,
    N,
    P,
    sigmaW: spec.sigmaW,
    sigmaW0: spec.sigmaW0,
    sigmaEps: spec.sigmaEps,
    snr: spec.sigmaEps > 0 ? spec.sigmaW ** 2 / spec.sigmaEps ** 2 : Infinity,
    inr: spec.sigmaW > 0 ? spec.sigmaW0 ** 2 / spec.sigmaW ** 2 : NaN,
    steps: K,
    'mp.lower': mp.lower,
    'mp.upper': mp.upper
  }

  // ---- the dataset, its spectrum and eigenvectors
  yield { type: 'progress', fraction: 0, phase: 'data' }
  const inst = runGd || runTheory ? drawInstance({ N, P, ...params }, spec.seed) : null
  let lambdas: Float64Array | null = null
  let B: Float64Array | null = null
  let XXt: Float64Array | null = null
  if (inst) {
    yield { type: 'progress', fraction: 0.02, phase: 'eigendecomposition' }
    const range = rangeBasis(inst.X, N, P, runGd)
    lambdas = range.lambdas
    B = range.basis
    XXt = range.XXt
    const lambdaMax = lambdas[N - 1]
    if (runGd && lr * lambdaMax >= 2)
      throw new Error(`lr = ${lr} is unstable for this dataset: lr·λ_max = ${(lr * lambdaMax).toPrecision(4)} ≥ 2 (λ_max = ${lambdaMax.toPrecision(4)}); take lr < ${(2 / lambdaMax).toPrecision(3)}`)
    const cmp = compareSpectrum(lambdas, alpha, spec.bins)
    summary['spectrum.lambdaMin'] = lambdas[N - rank]
    summary['spectrum.lambdaMax'] = lambdaMax
    summary['spectrum.ks'] = cmp.ks
    summary['spectrum.zeroFraction'] = (N - rank) / N
    yield { type: 'artifact', name: 'spectrum/eigenvalues', shape: [N], data: lambdas }
    yield { type: 'artifact', name: 'spectrum/histogram', shape: [cmp.bins, 4], data: cmp.histogram }
    yield { type: 'artifact', name: 'spectrum/mpDensity', shape: [cmp.densityPoints, 2], data: cmp.density }
  }
  yield { type: 'progress', fraction: runGd ? 0.3 : 0.5, phase: 'theory' }

  // ---- theory curves on the record grid
  const typical = runTypical ? times.map((t) => [typicalEg(alpha, t, params), typicalEt(alpha, t, params)]) : null
  const theory = runTheory && lambdas ? times.map((t) => [datasetEg(lambdas!, t, params), datasetEt(lambdas!, P, t, params)]) : null
  if (typical) {
    const opt = typicalOptimalStop(alpha, params)
    summary.egFinal = typical.at(-1)![0]
    Object.assign(summary, {
      'typical.EgFinal': typical.at(-1)![0],
      'typical.EtFinal': typical.at(-1)![1],
      'typical.EgInfinity': typicalEgInfinity(alpha, params),
      'typical.tOptimal': opt.t,
      'typical.EgOptimal': opt.eg
    })
  }
  if (theory && lambdas) {
    const opt = datasetOptimalStop(lambdas, params)
    summary.egFinal ??= theory.at(-1)![0]
    Object.assign(summary, { 'theory.EgFinal': theory.at(-1)![0], 'theory.EtFinal': theory.at(-1)![1], 'theory.tOptimal': opt.t, 'theory.EgOptimal': opt.eg })
  }

  // ---- gradient descent, recorded on the grid
  if (!runGd || !inst || !B || !lambdas) {
    for (let i = 0; i < times.length; i++) {
      const values: Record<string, number> = {}
      if (theory) Object.assign(values, { [linearSeries('theory', 'Eg')]: theory[i][0], [linearSeries('theory', 'Et')]: theory[i][1] })
      if (typical) Object.assign(values, { [linearSeries('typical', 'Eg')]: typical[i][0], [linearSeries('typical', 'Et')]: typical[i][1] })
      yield { type: 'point', t: times[i], values }
    }
    yield { type: 'progress', fraction: 1, t: times.at(-1) }
    yield { type: 'summary', values: summary }
    return
  }

  // weight space with XXᵀ when N ≤ P, sample space (P² per step) when N > P: the same iterates
  const gd = new GradientDescent({ N, P, X: inst.X, y: inst.y, w0: inst.w0, lr, XXt: XXt ?? undefined })
  const noise2 = spec.sigmaEps ** 2
  const frozenDim = N - rank
  // eigenbasis of the r non-zero modes (columns of B, N×r): z_j = w·v_j, stored at index
  // frozenDim + j beside lambdas; the fixed point of mode j is z_j* = (yXᵀ)·v_j/λ_j
  const project = (w: Float64Array): Float64Array => {
    const z = new Float64Array(N)
    for (let i = 0; i < N; i++) {
      const wi = w[i]
      if (wi === 0) continue
      const row = i * rank
      for (let j = 0; j < rank; j++) z[frozenDim + j] += wi * B![row + j]
    }
    return z
  }
  /** ‖Π₀ d‖ for d = a − b with projections za, zb: the part of d outside the span of the data */
  const frozenNorm = (a: Float64Array, b: Float64Array, za: Float64Array, zb: Float64Array): number => {
    let s = 0
    for (let i = 0; i < N; i++) {
      let inRange = 0
      const row = i * rank
      for (let j = 0; j < rank; j++) inRange += B![row + j] * (za[frozenDim + j] - zb[frozenDim + j])
      s += (a[i] - b[i] - inRange) ** 2
    }
    return Math.sqrt(s)
  }
  const zTeacher = project(inst.wTeacher)
  const z0 = project(inst.w0)
  const bz = project(timesColumn(inst.X, inst.y, N, P))
  const zStar = Float64Array.from(bz, (b, j) => (j < frozenDim ? z0[j] : b / lambdas![j]))
  const picks = MODE_QUANTILES.map((q) => frozenDim + Math.round(q * (rank - 1)))
  summary['modes.lambda'] = picks.map((j) => lambdas![j])
  const tLearn = Float64Array.from({ length: N }, (_, j) => (j < frozenDim ? NaN : Infinity))
  let previous = new Float64Array(N) // learned fraction at the previous record
  let best = { t: 0, eg: Infinity }
  let maxDrift = 0
  let last = { eg: NaN, et: NaN, frozen: NaN }

  for (let i = 0; i < steps.length; i++) {
    gd.advance(steps[i] - gd.k)
    const t = times[i]
    const w = gd.weights()
    // E_g = ‖w̄ − w‖²/N + σ_ε² (fresh x ~ N(0, I/N)); E_t = ‖y − wX‖²/P
    let d2 = 0
    for (let j = 0; j < N; j++) d2 += (inst.wTeacher[j] - w[j]) ** 2
    const eg = d2 / N + noise2
    const yhat = rowTimes(w, inst.X, N, P)
    let r2 = 0
    for (let m = 0; m < P; m++) r2 += (inst.y[m] - yhat[m]) ** 2
    const et = r2 / P
    const z = project(w)
    const frozen = frozenDim > 0 ? frozenNorm(inst.wTeacher, w, zTeacher, z) ** 2 : 0
    const drift = frozenDim > 0 ? frozenNorm(w, inst.w0, z, z0) : 0
    if (drift > maxDrift) maxDrift = drift
    const fraction = new Float64Array(N)
    for (let j = frozenDim; j < N; j++) {
      const span = zStar[j] - z0[j]
      fraction[j] = span === 0 ? 1 : (z[j] - z0[j]) / span
      if (tLearn[j] === Infinity && fraction[j] >= LEARNED && i > 0) {
        // interpolate the crossing in log t between the two records
        const f0 = previous[j]
        const t0 = times[i - 1]
        tLearn[j] = t0 > 0 ? Math.exp(Math.log(t0) + ((LEARNED - f0) / (fraction[j] - f0)) * (Math.log(t) - Math.log(t0))) : t
      }
    }
    previous = fraction
    if (eg < best.eg) best = { t, eg }
    last = { eg, et, frozen: frozen / N }
    const values: PointRecord['values'] = { [linearSeries('gd', 'Eg')]: eg, [linearSeries('gd', 'Et')]: et }
    if (theory) Object.assign(values, { [linearSeries('theory', 'Eg')]: theory[i][0], [linearSeries('theory', 'Et')]: theory[i][1] })
    if (typical) Object.assign(values, { [linearSeries('typical', 'Eg')]: typical[i][0], [linearSeries('typical', 'Et')]: typical[i][1] })
    picks.forEach((j, q) => {
      values[modeSeries('gd', q)] = fraction[j]
      values[modeSeries('theory', q)] = -Math.expm1(-lambdas![j] * t)
    })
    if (frozenDim > 0) {
      values[frozenSeries('gd/frozen')] = frozen / N
      values[frozenSeries('gd/frozenDrift')] = drift
      values[frozenSeries('theory/frozen')] = (1 - alpha) * (spec.sigmaW ** 2 + spec.sigmaW0 ** 2)
    }
    yield { type: 'point', t, values }
    if (i % 10 === 0) yield { type: 'progress', fraction: 0.3 + (0.7 * steps[i]) / K, t, phase: 'gradient descent' }
  }

  const products: number[] = []
  for (let j = frozenDim; j < N; j++) if (Number.isFinite(tLearn[j])) products.push(lambdas[j] * tLearn[j])
  products.sort((a, b) => a - b)
  yield { type: 'artifact', name: 'modes/learningTime', shape: [N], data: tLearn }
  Object.assign(summary, {
    'gd.EgFinal': last.eg,
    'gd.EtFinal': last.et,
    'gd.tOptimal': best.t,
    'gd.EgOptimal': best.eg,
    'modes.medianLambdaT': products.length ? products[Math.floor(products.length / 2)] : NaN,
    'frozen.dimension': frozenDim,
    'frozen.measured': frozenDim > 0 ? last.frozen : 0,
    'frozen.theory': Math.max(0, 1 - alpha) * (spec.sigmaW ** 2 + spec.sigmaW0 ** 2),
    'frozen.maxDrift': maxDrift,
    egFinal: last.eg
  })
  yield { type: 'progress', fraction: 1, t: times.at(-1) }
  yield { type: 'summary', values: summary }
}
