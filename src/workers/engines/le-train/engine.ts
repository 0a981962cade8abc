// The `le-train` engine (MATH.md §8, seed 003 §5): SGD with batch size 1 on softmax cross-entropy,
// the logits of n training samples per class recorded at log-spaced iterations, the LE
// coefficients estimated from their class means under the I- and L-models, and the LE-ODE
// simulated from those estimates against the real class means (RD_k(t), eq. 20).
// Time t is the iteration count, as in the authors' code. Data: GeoMNIST drawn from the seed
// (stream 'data'), or images/labels of IDX files read by the main process (inputs.pixels,
// inputs.labels, inputs.rows, inputs.cols), of which the first trainPerClass + valPerClass images
// of each chosen class (in file order, after a seeded shuffle) are used.
import type { LeTrainRunSpec } from '@shared/specs/le-train'
import { leTrainArtifacts, leTrainSeries, type LeEstimatorModel } from '@shared/outputs/le-train'
import { Rng } from '@numeric/random/rng'
import { estimateIntegrated, rateFromIntegral, relativeDifference, tailIndex } from '@models/localElasticity/estimate'
import { solveLeOde } from '@models/localElasticity/leOde'
import { schedule } from '@models/localElasticity/schedule'
import type { Engine, EngineInputs, EngineRecord } from '@workers/records'
import { geomnist } from './geomnist'
import { lossAndAccuracy, Mlp } from './mlp'

interface Dataset {
  K: number
  d: number
  train: Float64Array
  trainLabels: Int32Array
  val: Float64Array
  valLabels: Int32Array
  /** size of one side, for the example artifact */
  side: number
}

function loadData(spec: LeTrainRunSpec, inputs: EngineInputs): Dataset {
  const data = spec.data
  const rng = Rng.stream(spec.seed, 'data')
  if (data.kind === 'geomnist') {
    const tr = geomnist(data.trainPerClass, data.size, rng)
    const va = geomnist(data.valPerClass, data.size, rng)
    return { K: 3, d: data.size ** 2, train: tr.images, trainLabels: tr.labels, val: va.images, valLabels: va.labels, side: data.size }
  }
  const pixels = inputs.pixels as Uint8Array
  const labels = inputs.labels as Uint8Array
  const rows = inputs.rows as number
  const cols = inputs.cols as number
  if (!(pixels instanceof Uint8Array) || !(labels instanceof Uint8Array)) throw new Error('le-train: the IDX images and labels were not read (inputs.pixels, inputs.labels)')
  const d = rows * cols
  const K = data.classes.length
  const per = data.trainPerClass + data.valPerClass
  const byClass: number[][] = data.classes.map(() => [])
  const order = Array.from({ length: labels.length }, (_, i) => i)
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  for (const i of order) {
    const k = data.classes.indexOf(labels[i])
    if (k >= 0 && byClass[k].length < per) byClass[k].push(i)
  }
  byClass.forEach((list, k) => {
    if (list.length < per) throw new Error(`le-train: class ${data.classes[k]} has ${list.length} images, trainPerClass + valPerClass = ${per} needed`)
  })
  const train = new Float64Array(K * data.trainPerClass * d)
  const val = new Float64Array(K * data.valPerClass * d)
  const trainLabels = new Int32Array(K * data.trainPerClass)
  const valLabels = new Int32Array(K * data.valPerClass)
  for (let k = 0; k < K; k++)
    byClass[k].forEach((src, i) => {
      const isTrain = i < data.trainPerClass
      const row = isTrain ? k * data.trainPerClass + i : k * data.valPerClass + (i - data.trainPerClass)
      const dst = isTrain ? train : val
      for (let p = 0; p < d; p++) dst[row * d + p] = pixels[src * d + p] / 255
      ;(isTrain ? trainLabels : valLabels)[row] = k
    })
  return { K, d, train, trainLabels, val, valLabels, side: rows }
}

/** 0 and `points` log-spaced distinct iterations in [1, iterations] */
export function recordIterations(iterations: number, points: number): number[] {
  const out = [0]
  for (let i = 0; i < points; i++) {
    const m = Math.round(Math.exp((Math.log(iterations) * i) / (points - 1)))
    if (m > out[out.length - 1]) out.push(m)
  }
  return out
}

export const leTrainEngine: Engine<LeTrainRunSpec> = function* (spec, inputs = {}): Generator<EngineRecord, void, void> {
  const started = Date.now()
  yield { type: 'progress', fraction: 0, phase: 'data' }
  const ds = loadData(spec, inputs)
  const { K, d } = ds
  const perClass = spec.data.trainPerClass
  const Ntrain = K * perClass
  // corrupted training labels: with probability pErr a uniformly drawn other class
  const labels = Int32Array.from(ds.trainLabels)
  const corrupt = Rng.stream(spec.seed, 'corrupt')
  let corrupted = 0
  for (let i = 0; i < Ntrain; i++)
    if (corrupt.uniform() < spec.pErr) {
      labels[i] = (labels[i] + 1 + corrupt.int(K - 1)) % K
      corrupted++
    }
  {
    const ex = Math.min(8, perClass)
    const data = new Float64Array(K * ex * d)
    for (let k = 0; k < K; k++) for (let i = 0; i < ex; i++) data.set(ds.train.subarray((k * perClass + i) * d, (k * perClass + i + 1) * d), (k * ex + i) * d)
    yield { type: 'artifact', name: leTrainArtifacts.examples, shape: [K, ex, d], data }
  }

  const net = new Mlp([d, ...spec.network.hidden, K], Rng.stream(spec.seed, 'init'))
  // the recorded samples: the first n training images of each (true) class
  const n = spec.n
  const rec = new Float64Array(K * n * d)
  for (let k = 0; k < K; k++) rec.set(ds.train.subarray(k * perClass * d, (k * perClass + n) * d), k * n * d)
  const Nval = ds.valLabels.length
  const iters = recordIterations(spec.iterations, spec.points)
  const means: Float64Array[] = []
  const pick = Rng.stream(spec.seed, 'sgd')
  let m = 0
  let lossSum = 0
  let lossCount = 0
  let val = { loss: NaN, acc: NaN }
  for (let r = 0; r < iters.length; r++) {
    for (; m < iters[r]; m++) {
      const i = pick.int(Ntrain)
      lossSum += net.sgdStep(ds.train.subarray(i * d, (i + 1) * d), labels[i], spec.lr)
      lossCount++
      if ((m & 4095) === 4095) yield { type: 'progress', fraction: (0.9 * m) / spec.iterations, t: m, phase: 'sgd' }
    }
    const Z = net.logits(rec, K * n)
    const mean = new Float64Array(K * K)
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) for (let j = 0; j < K; j++) mean[k * K + j] += Z[(k * n + i) * K + j] / n
    means.push(mean)
    val = lossAndAccuracy(net.logits(ds.val, Nval), ds.valLabels, K)
    const values: Record<string, number> = { [leTrainSeries.valLoss]: val.loss, [leTrainSeries.valAcc]: val.acc }
    if (lossCount > 0) values[leTrainSeries.trainLoss] = lossSum / lossCount
    lossSum = 0
    lossCount = 0
    for (let k = 0; k < K; k++) for (let j = 0; j < K; j++) values[leTrainSeries.logitMean(k, j)] = mean[k * K + j]
    yield { type: 'point', t: iters[r], values }
  }
  const T = iters.length
  const flat = new Float64Array(T * K * K)
  means.forEach((mn, r) => flat.set(mn, r * K * K))
  yield { type: 'artifact', name: leTrainArtifacts.logitMeans, shape: [T, K, K], data: flat }
  yield { type: 'artifact', name: leTrainArtifacts.times, shape: [T], data: Float64Array.from(iters) }

  yield { type: 'progress', fraction: 0.92, phase: 'estimate' }
  const rdFinal: Record<LeEstimatorModel, number> = { I: NaN, L: NaN }
  const tails: Record<LeEstimatorModel, { tailAlpha: number; tailBeta: number }> = { I: { tailAlpha: NaN, tailBeta: NaN }, L: { tailAlpha: NaN, tailBeta: NaN } }
  const est = spec.estimator
  const estimateErrors: string[] = []
  for (const model of ['I', 'L'] as const) {
    const { A, B } = estimateIntegrated(model, K, K, means)
    // a log of a zero coordinate leaves no estimate at that record (not a diverged run)
    for (let r = 0; r < T; r++) if (Number.isFinite(A[r]) && Number.isFinite(B[r])) yield { type: 'point', t: iters[r], values: { [leTrainSeries.A(model)]: A[r], [leTrainSeries.B(model)]: B[r] } }
    const grid = Math.min(est.grid, Math.max(11, T))
    const window = est.window !== undefined ? Math.min(est.window, grid % 2 ? grid : grid - 1) : undefined
    let ra, rb
    try {
      ra = rateFromIntegral(iters, A, { grid, window, order: est.order })
      rb = rateFromIntegral(iters, B, { grid, window, order: est.order })
    } catch (e) {
      estimateErrors.push(`${model}-model: ${(e as Error).message}`)
      continue
    }
    for (let g = 0; g < ra.t.length; g++)
      if (Number.isFinite(ra.rate[g]) && Number.isFinite(rb.rate[g])) yield { type: 'point', t: ra.t[g], values: { [leTrainSeries.alpha(model)]: ra.rate[g], [leTrainSeries.beta(model)]: rb.rate[g] } }
    tails[model] = { tailAlpha: tailIndex(ra.t, ra.rate, est.tailFrom), tailBeta: tailIndex(rb.t, rb.rate, est.tailFrom) }
    // the LE-ODE from X̄(0) under the estimated α̂, β̂ (table schedules), step one iteration
    const fin = (v: Float64Array) => Array.from(v, (x) => (Number.isFinite(x) ? x : 0))
    const alpha = schedule({ kind: 'table', t: Array.from(ra.t), values: fin(ra.rate) })
    const beta = schedule({ kind: 'table', t: Array.from(rb.t), values: fin(rb.rate) })
    const sim = solveLeOde(model, K, K, alpha.value, beta.value, means[0], iters, 1)
    for (let r = 0; r < T; r++) {
      const rd = relativeDifference(sim[r], means[r], K, K)
      const values: Record<string, number> = {}
      let avg = 0
      for (let k = 0; k < K; k++) {
        values[leTrainSeries.rdClass(model, k)] = rd[k]
        avg += rd[k] / K
        for (let j = 0; j < K; j++) values[leTrainSeries.simMean(model, k, j)] = sim[r][k * K + j]
      }
      values[leTrainSeries.rd(model)] = avg
      rdFinal[model] = avg
      // a simulation that overflowed is recorded up to where it is finite
      if (Object.values(values).every(Number.isFinite)) yield { type: 'point', t: iters[r], values }
    }
  }
  yield { type: 'progress', fraction: 1, t: spec.iterations }
  yield {
    type: 'summary',
    values: {
      K,
      rd: { I: { final: rdFinal.I }, L: { final: rdFinal.L } },
      estimate: { ...tails.I, L: tails.L },
      val: { lossFinal: val.loss, accFinal: val.acc },
      corrupted: corrupted / Ntrain,
      seconds: (Date.now() - started) / 1000,
      estimateErrors
    }
  }
}
