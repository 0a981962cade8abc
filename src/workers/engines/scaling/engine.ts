// The 'scaling' engine (MATH.md §9): the student–teacher random-features model in its four
// regimes, averaged over `trials` draws of the projection 𝒫 (i.i.d. N(0, 1/S))
// and data (the teacher ω ~ N(0, 1/S) is averaged in closed form, losses.ts):
//   resolution-limited  L(D) at P = ∞  (t = D)          ∝ D^{−α_D}
//                       L(P) at D = ∞  (t = P)          ∝ P^{−α_P}
//   variance-limited    (L(P) − L(P = ∞))/L(P = ∞) at D = fixedD   ∝ P^{−1}
//                       (L(D) − L(D = ∞))/L(D = ∞) at P = fixedP   ∝ D^{−1}
// The variance-limited excess is taken relative to the same draw's limit before averaging: its
// mean is O(1/P) but a single draw fluctuates at O(P^{−1/2}) around it (the kernel's linear
// fluctuation), and the ratio removes the spread of L_∞ across teachers; many trials are needed
// at large P (the interval of the fitted exponent says how many were enough).
// and α_K from the feature spectrum λ_i ∝ i^{−(1+α_K)}: the duality α_D = α_P = α_K.
// Features: a chosen power law, or the NNGP kernel of a random deep network on pooled images.
import { Rng } from '@numeric/random/rng'
import { fitPowerLaw, type PowerLawFit } from '@numeric/stats/powerLawFit'
import { deepKernels } from '@models/infiniteWidth/recursion'
import { pooledImages } from '@models/infiniteWidth/images'
import type { ScalingRunSpec } from '@shared/specs/scaling'
import { SCALING_SERIES as S } from '@shared/outputs/scaling'
import type { Engine, EngineInputs, EngineRecord } from '@workers/records'
import { kernelFeatures, powerLawFeatures, type TeacherFeatures } from './teacher'
import { lossFinite, lossInfiniteData, lossKernelLimit } from './losses'

export function teacherOf(spec: ScalingRunSpec, inputs: EngineInputs): TeacherFeatures {
  const f = spec.features
  if (f.kind === 'powerlaw') return powerLawFeatures(f.alphaK, f.S)
  const pixels = inputs.pixels
  if (!(pixels instanceof Uint8Array)) throw new Error('scaling: the image pixels were not read (inputs.pixels missing)')
  const rows = Number(inputs.rows)
  const cols = Number(inputs.cols)
  const { X, d } = pooledImages(pixels.subarray(f.offset * rows * cols), f.n, rows, cols, f.pool)
  const K = deepKernels(X, f.n, d, f).nngp
  return kernelFeatures(K, f.n)
}

function projection(P: number, S: number, rng: Rng): Float64Array {
  const A = new Float64Array(P * S)
  rng.fillNormal(A)
  const s = 1 / Math.sqrt(S)
  for (let i = 0; i < A.length; i++) A[i] *= s
  return A
}

const fitSummary = (fit: PowerLawFit) => ({ exponent: fit.alpha, ci: fit.ci, se: fit.se, r2: fit.r2, C: fit.C })

export const scalingEngine: Engine<ScalingRunSpec> = function* (spec, inputs = {}): Generator<EngineRecord, void, void> {
  yield { type: 'progress', fraction: 0, phase: 'features' }
  const teacher = teacherOf(spec, inputs)
  const { S: nS, lambda } = teacher
  // the spectrum (log-spaced indices, ≤ ~400 points) and α_K
  const shown = new Set<number>()
  for (let k = 0; k < 400; k++) shown.add(Math.max(1, Math.round(Math.pow(nS, k / 399))))
  for (const i of [...shown].sort((a, b) => a - b)) if (lambda[i - 1] > 0) yield { type: 'point', t: i, values: { [S.spectrum]: lambda[i - 1] } }
  const from = spec.spectrumFit.from
  const to = spec.spectrumFit.to || Math.floor(nS / 8)
  const idx: number[] = []
  const lam: number[] = []
  for (let i = from; i <= to; i++) {
    idx.push(i)
    lam.push(lambda[i - 1])
  }
  const spectrumFit = fitPowerLaw(idx, lam, spec.level)
  const alphaK = spectrumFit.alpha - 1
  for (const i of [from, to]) yield { type: 'point', t: i, values: { [S.spectrumFit]: spectrumFit.C * Math.pow(i, -spectrumFit.alpha) } }

  const rng = Rng.stream(spec.seed, 'scaling')
  const T = spec.trials
  const { resolution, variance } = spec
  const work = T * 4
  let done = 0
  const step = (phase: string): EngineRecord => ({ type: 'progress', fraction: Math.min(1, ++done / work), phase })
  const sum = {
    LD: new Float64Array(resolution.D.length),
    LP: new Float64Array(resolution.P.length),
    excessP: new Float64Array(variance.P.length),
    excessD: new Float64Array(variance.D.length)
  }
  for (let trial = 0; trial < T; trial++) {
    const r = rng.split(`trial${trial}`)
    // resolution-limited in D: the kernel limit P = ∞
    resolution.D.forEach((D, i) => {
      sum.LD[i] += lossKernelLimit(teacher.sample(D, r.split(`resD/${D}`)), D, nS, lambda) / T
    })
    yield step('L(D), P = ∞')
    // resolution-limited in P: the population optimum D = ∞
    resolution.P.forEach((P, i) => {
      sum.LP[i] += lossInfiniteData(projection(P, nS, r.split(`resP/${P}`)), P, nS, lambda) / T
    })
    yield step('L(P), D = ∞')
    // variance-limited in P at D = fixedD
    {
      const D = variance.fixedD
      const Phi = teacher.sample(D, r.split('varP/data'))
      const Linf = lossKernelLimit(Phi, D, nS, lambda)
      variance.P.forEach((P, i) => {
        sum.excessP[i] += (lossFinite(Phi, D, projection(P, nS, r.split(`varP/${P}`)), P, nS, lambda) - Linf) / Linf / T
      })
    }
    yield step('L(P) − L(∞), D fixed')
    // variance-limited in D at P = fixedP
    {
      const P = variance.fixedP
      const Proj = projection(P, nS, r.split('varD/proj'))
      const Linf = lossInfiniteData(Proj, P, nS, lambda)
      variance.D.forEach((D, i) => {
        sum.excessD[i] += (lossFinite(teacher.sample(D, r.split(`varD/${D}`)), D, Proj, P, nS, lambda) - Linf) / Linf / T
      })
    }
    yield step('L(D) − L(∞), P fixed')
  }
  const curves = [
    { key: 'alphaD', xs: resolution.D, ys: sum.LD, series: S.lossD, fitSeries: S.lossDFit },
    { key: 'alphaP', xs: resolution.P, ys: sum.LP, series: S.lossP, fitSeries: S.lossPFit },
    { key: 'varianceP', xs: variance.P, ys: sum.excessP, series: S.excessP, fitSeries: S.excessPFit },
    { key: 'varianceD', xs: variance.D, ys: sum.excessD, series: S.excessD, fitSeries: S.excessDFit }
  ]
  const fit: Record<string, unknown> = {}
  const yieldLater: EngineRecord[] = []
  for (const c of curves) {
    c.xs.forEach((x, i) => {
      if (Number.isFinite(c.ys[i]) && c.ys[i] > 0) yieldLater.push({ type: 'point', t: x, values: { [c.series]: c.ys[i] } })
    })
    try {
      const f = fitPowerLaw(c.xs, c.ys, spec.level)
      fit[c.key] = f.alpha
      fit[`${c.key}CI`] = f.ci
      fit[`${c.key}Fit`] = fitSummary(f)
      for (const x of [c.xs[0], c.xs[c.xs.length - 1]]) yieldLater.push({ type: 'point', t: x, values: { [c.fitSeries]: f.C * Math.pow(x, -f.alpha) } })
    } catch {
      fit[c.key] = null
    }
  }
  yield* yieldLater
  yield {
    type: 'summary',
    values: {
      S: nS,
      alphaK,
      alphaKCI: [spectrumFit.ci[0] - 1, spectrumFit.ci[1] - 1],
      spectrumFitRange: [from, to],
      fit
    }
  }
}
