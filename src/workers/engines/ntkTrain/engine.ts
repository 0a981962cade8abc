// The 'ntk-train' engine (MATH.md §9, training in the kernel regime). A network of width n in the
// NTK parameterisation trained by full-batch gradient descent on L = ½ Σ_α (f(x_α) − y_α)² with
// rate η = lrFactor·η_c, η_c = 2/λ_max(Θ(𝒳,𝒳)) (the analytic NTK; above it GD on the linearised
// network diverges), against the kernel-regime prediction from the SAME f_0:
//   f_k(x) = f_0(x) + Θ(x,𝒳) Θ⁻¹ (I − (I − ηΘ)^k)(𝒴 − f_0(𝒳))     (GD of the linearised network)
// (models/infiniteWidth/kernelRegime.ts; → MATH.md's e^{−ηΘt} as η → 0). Baselines on the test
// points: the NTK t → ∞ predictor and the NNGP posterior mean K(x,𝒳)K⁻¹𝒴.
// Data: x ~ N(0, I_d), target y = sin(ω u), u = w·x/√d, w ~ N(0, I_d); test points sorted by u.
// Series (t = step k unless said): loss/train, loss/test, loss/train_ntk, loss/test_ntk (means of
// (f − y)²), gap (RMS over train ∪ test of f_net − f_ntk), f/train[i], ntk/train[i], f/test[i],
// ntk/test[i]; fn/* with t = u (the functions at the end); scan/width/* (t = width) and scan/lr/*
// (t = η/η_c), each trained `steps` steps: gap to the prediction (GD form for the width scan, the
// flow at t = ηk for the rate scan, where the linearised GD itself diverges past η_c), the
// relative change of the empirical NTK ‖Θ̂_T − Θ̂_0‖_F/‖Θ̂_0‖_F, and the final train loss.
import { Rng } from '@numeric/random/rng'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { fitPowerLaw } from '@numeric/stats/powerLawFit'
import { blocks, deepKernels } from '@models/infiniteWidth/recursion'
import { empiricalNtk, forward, gradient, initMlp, sgdStep, type Mlp } from '@models/infiniteWidth/mlp'
import { gpPosteriorMean, ntkPredictor, type KernelPredictor } from '@models/infiniteWidth/kernelRegime'
import type { NtkTrainRunSpec } from '@shared/specs/ntkTrain'
import { NTK_TRAIN_SERIES as S } from '@shared/outputs/ntkTrain'
import type { Engine, EngineRecord } from '@workers/records'

export interface TrainData {
  d: number
  nTrain: number
  nTest: number
  /** stacked inputs [train; test], (nTrain + nTest)×d */
  X: Float64Array
  y: Float64Array
  yTest: Float64Array
  uTrain: Float64Array
  uTest: Float64Array
}

export function drawData(spec: Pick<NtkTrainRunSpec, 'd' | 'nTrain' | 'nTest' | 'frequency' | 'seed'>): TrainData {
  const { d, nTrain, nTest } = spec
  const rng = Rng.stream(spec.seed, 'data')
  const w = new Float64Array(d)
  rng.split('teacher').fillNormal(w)
  const Xtr = new Float64Array(nTrain * d)
  rng.split('train').fillNormal(Xtr)
  const Xte = new Float64Array(nTest * d)
  rng.split('test').fillNormal(Xte)
  const proj = (X: Float64Array, i: number) => {
    let s = 0
    for (let j = 0; j < d; j++) s += w[j] * X[i * d + j]
    return s / Math.sqrt(d)
  }
  // test points sorted by u so that the functions plot as curves
  const order = Array.from({ length: nTest }, (_, i) => i).sort((a, b) => proj(Xte, a) - proj(Xte, b))
  const X = new Float64Array((nTrain + nTest) * d)
  X.set(Xtr)
  order.forEach((src, i) => X.set(Xte.subarray(src * d, (src + 1) * d), (nTrain + i) * d))
  const uTrain = Float64Array.from({ length: nTrain }, (_, i) => proj(Xtr, i))
  const uTest = Float64Array.from(order, (src) => proj(Xte, src))
  const f = (u: number) => Math.sin(spec.frequency * u)
  return { d, nTrain, nTest, X, y: uTrain.map(f), yTest: uTest.map(f), uTrain, uTest }
}

/** log-spaced integer steps 0 … steps (unique). */
export function recordSteps(steps: number, points: number): number[] {
  const out = new Set<number>([0])
  for (let i = 0; i < points; i++) out.add(Math.round(Math.exp((Math.log(steps) * i) / Math.max(1, points - 1))))
  out.add(steps)
  return [...out].sort((a, b) => a - b)
}

const meanSq = (a: Float64Array, b: Float64Array) => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2
  return s / a.length
}

function relChange(A: Float64Array, B: Float64Array): number {
  let num = 0
  let den = 0
  for (let i = 0; i < A.length; i++) {
    num += (A[i] - B[i]) ** 2
    den += B[i] * B[i]
  }
  return Math.sqrt(num / den)
}

interface Trained {
  net: Mlp
  fTrain: Float64Array
  fTest: Float64Array
  f0Train: Float64Array
  f0Test: Float64Array
  diverged: boolean
  kernelChange: number
}

/** Train a fresh network `steps` steps at rate η; onRecord(k, fTrain, fTest) at the record steps. */
function train(
  spec: NtkTrainRunSpec,
  data: TrainData,
  width: number,
  eta: number,
  steps: number,
  rng: Rng,
  record: number[] = [],
  onRecord?: (k: number, fTrain: Float64Array, fTest: Float64Array) => void
): Trained {
  const { nTrain, nTest, d, X } = data
  const Xtr = X.subarray(0, nTrain * d)
  const net = initMlp({ d, width, depth: spec.depth, phi: spec.phi, sigmaW2: spec.sigmaW2, sigmaB2: spec.sigmaB2 }, rng)
  const fw0 = forward(net, X, nTrain + nTest)
  const f0Train = fw0.f.slice(0, nTrain)
  const f0Test = fw0.f.slice(nTrain)
  const theta0 = empiricalNtk(net, Xtr, nTrain)
  const want = new Set(record)
  let fTrain = f0Train
  let fTest = f0Test
  let diverged = false
  for (let k = 0; k <= steps; k++) {
    if (want.has(k) && onRecord) {
      const all = forward(net, X, nTrain + nTest).f
      onRecord(k, all.slice(0, nTrain), all.slice(nTrain))
    }
    if (k === steps) break
    const fw = forward(net, Xtr, nTrain)
    const g = new Float64Array(nTrain)
    let loss = 0
    for (let i = 0; i < nTrain; i++) {
      g[i] = fw.f[i] - data.y[i]
      loss += g[i] * g[i]
    }
    if (!Number.isFinite(loss) || loss > 1e12) {
      diverged = true
      break
    }
    sgdStep(net, gradient(net, Xtr, fw, g), eta)
  }
  if (!diverged) {
    const all = forward(net, X, nTrain + nTest).f
    fTrain = all.slice(0, nTrain)
    fTest = all.slice(nTrain)
    if (![...fTrain, ...fTest].every(Number.isFinite)) diverged = true
  }
  const kernelChange = diverged ? NaN : relChange(empiricalNtk(net, Xtr, nTrain), theta0)
  return { net, fTrain, fTest, f0Train, f0Test, diverged, kernelChange }
}

function gapOf(pred: { train: Float64Array; test: Float64Array }, fTrain: Float64Array, fTest: Float64Array): number {
  const n = fTrain.length + fTest.length
  return Math.sqrt((meanSq(pred.train, fTrain) * fTrain.length + meanSq(pred.test, fTest) * fTest.length) / n)
}

export const ntkTrainEngine: Engine<NtkTrainRunSpec> = function* (spec): Generator<EngineRecord, void, void> {
  const data = drawData(spec)
  const { nTrain, nTest, d } = data
  const N = nTrain + nTest
  yield { type: 'progress', fraction: 0, phase: 'kernels' }
  const kernels = deepKernels(data.X, N, d, spec)
  const tr: [number, number] = [0, nTrain]
  const te: [number, number] = [nTrain, N]
  const thetaTrain = blocks(kernels.ntk, N, tr, tr)
  const thetaTestTrain = blocks(kernels.ntk, N, te, tr)
  const kTrain = blocks(kernels.nngp, N, tr, tr)
  const kTestTrain = blocks(kernels.nngp, N, te, tr)
  const lambdaMax = symmetricEigen(thetaTrain, nTrain, { vectors: false }).values[nTrain - 1]
  const etaC = 2 / lambdaMax
  const eta = spec.lrFactor * etaC
  const predictorFor = (t: Trained, rate: number): KernelPredictor => ntkPredictor(thetaTrain, thetaTestTrain, nTrain, nTest, t.f0Train, t.f0Test, data.y, rate)

  // the main run, recorded over training
  const record = recordSteps(spec.steps, spec.points)
  const rng = Rng.stream(spec.seed, 'networks')
  const pending: EngineRecord[] = []
  let pred: KernelPredictor | null = null
  const main = train(spec, data, spec.width, eta, spec.steps, rng.split('main'), record, (k, fTrain, fTest) => {
    if (!pred) {
      // k = 0: the network's own f_0 starts the prediction
      pred = ntkPredictor(thetaTrain, thetaTestTrain, nTrain, nTest, fTrain, fTest, data.y, eta)
    }
    const p = pred.steps(k)
    const values: Record<string, number> = {
      [S.lossTrain]: meanSq(fTrain, data.y),
      [S.lossTest]: meanSq(fTest, data.yTest),
      [S.lossTrainNtk]: meanSq(p.train, data.y),
      [S.lossTestNtk]: meanSq(p.test, data.yTest),
      [S.gap]: gapOf(p, fTrain, fTest)
    }
    for (let i = 0; i < spec.tracked; i++) {
      values[S.fTrain(i)] = fTrain[i]
      values[S.ntkTrain(i)] = p.train[i]
      const j = Math.floor(((i + 0.5) * nTest) / spec.tracked)
      values[S.fTest(i)] = fTest[j]
      values[S.ntkTest(i)] = p.test[j]
    }
    for (const [key, v] of Object.entries(values)) if (!Number.isFinite(v)) delete values[key]
    pending.push({ type: 'point', t: k, values })
  })
  yield* pending
  yield { type: 'progress', fraction: 0.4, phase: 'baselines' }
  const mainPred = predictorFor(main, eta)
  const finalPred = mainPred.steps(spec.steps)
  const inf = mainPred.infinite()
  const nngp = gpPosteriorMean(kTrain, kTestTrain, nTrain, nTest, data.y)
  for (let j = 0; j < nTest; j++) {
    const values: Record<string, number> = { [S.fnY]: data.yTest[j], [S.fnNtk]: finalPred.test[j], [S.fnNtkInf]: inf.test[j], [S.fnNngp]: nngp[j] }
    if (!main.diverged) values[S.fnNet] = main.fTest[j]
    yield { type: 'point', t: data.uTest[j], values }
  }
  for (let i = 0; i < nTrain; i++) yield { type: 'point', t: data.uTrain[i], values: { [S.fnTrainY]: data.y[i] } }
  const summary: Record<string, unknown> = {
    etaCritical: etaC,
    eta,
    lambdaMax,
    diverged: main.diverged,
    gapFinal: main.diverged ? null : gapOf(finalPred, main.fTrain, main.fTest),
    kernelChange: main.diverged ? null : main.kernelChange,
    lossTest: main.diverged ? null : meanSq(main.fTest, data.yTest),
    lossTestNtkInf: meanSq(inf.test, data.yTest),
    lossTestNngp: meanSq(nngp, data.yTest)
  }

  // the gap against width
  const widthRows: { width: number; gap: number }[] = []
  let progress = 0.5
  for (const width of spec.scanWidths) {
    const t = train(spec, data, width, eta, spec.steps, rng.split(`scan/width${width}`))
    progress += 0.25 / Math.max(1, spec.scanWidths.length)
    yield { type: 'progress', fraction: progress, phase: `width ${width}` }
    if (t.diverged) continue
    const gap = gapOf(predictorFor(t, eta).steps(spec.steps), t.fTrain, t.fTest)
    widthRows.push({ width, gap })
    yield { type: 'point', t: width, values: { [S.scanWidthGap]: gap, [S.scanWidthKernel]: t.kernelChange, [S.scanWidthLoss]: meanSq(t.fTrain, data.y) } }
  }
  if (widthRows.length >= 3) {
    const fit = fitPowerLaw(
      widthRows.map((r) => r.width),
      widthRows.map((r) => r.gap)
    )
    summary.fit = { gapSlope: fit.slope, gapSlopeCI: [-fit.ci[1], -fit.ci[0]] }
    for (const w of [widthRows[0].width, widthRows[widthRows.length - 1].width]) yield { type: 'point', t: w, values: { [S.scanWidthGapFit]: fit.C * Math.pow(w, fit.slope) } }
  }

  // the gap against the learning rate
  const divergedAt: number[] = []
  for (const c of spec.scanLrFactors) {
    const rate = c * etaC
    const t = train(spec, data, spec.width, rate, spec.steps, rng.split(`scan/lr${c}`))
    progress += 0.25 / Math.max(1, spec.scanLrFactors.length)
    yield { type: 'progress', fraction: Math.min(1, progress), phase: `η = ${c} η_c` }
    if (t.diverged) {
      divergedAt.push(c)
      continue
    }
    const gap = gapOf(predictorFor(t, rate).flow(spec.steps), t.fTrain, t.fTest)
    yield { type: 'point', t: c, values: { [S.scanLrGap]: gap, [S.scanLrKernel]: t.kernelChange, [S.scanLrLoss]: meanSq(t.fTrain, data.y) } }
  }
  summary.divergedLrFactors = divergedAt
  yield { type: 'progress', fraction: 1 }
  yield { type: 'summary', values: summary }
}
