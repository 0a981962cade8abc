// The `linear-dd` engine: double descent (Advani & Saxe 2017, "the eigengap explains double
// descent"; MATH.md §7). Against α = P/N at fixed N (axis 'alpha', sample-wise) or against N at
// fixed P (axis 'N', model-wise), for several SNR:
//   theory  E_g of the typical dataset (eq. 6) at t = tMax, at t = ∞ (closed form) and at the
//           optimal stopping time t*;
//   gd      the same for gradient descent on `seeds` drawn instances (mean ± SE): each instance's
//           iterates in its eigenbasis (models/linear/instanceModes.ts), early stopping at its
//           own best time.
import type { LinearDoubleDescentSpec } from '@shared/specs/linear'
import { doubleDescentSeries, optimalTimeSeries } from '@shared/outputs/linear'
import type { Engine, EngineRecord } from '@workers/records'
import { drawInstance } from '@models/linear/instance'
import { instanceEg, instanceModes } from '@models/linear/instanceModes'
import { optimalStop, typicalEg, typicalEgInfinity, typicalOptimalStop, type LinearParams } from '@models/linear/learningCurve'

/** mean and standard error of the mean */
function meanSe(xs: number[]): { mean: number; se: number } {
  const n = xs.length
  const mean = xs.reduce((a, b) => a + b, 0) / n
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0
  return { mean, se: Math.sqrt(variance / n) }
}

export const doubleDescentEngine: Engine<LinearDoubleDescentSpec> = function* (spec): Generator<EngineRecord, void, void> {
  const K = Math.round(spec.tMax / spec.lr)
  const tMax = K * spec.lr
  const sigmaW0 = spec.sigmaW * Math.sqrt(spec.inr)
  const noiseOf = (snr: number) => spec.sigmaW / Math.sqrt(snr)
  const peakAt: Record<string, number> = {}
  const peakValue: Record<string, number> = {}
  const nearest = { distance: Infinity, ratio: {} as Record<string, number> }
  for (let v = 0; v < spec.values.length; v++) {
    const x = spec.values[v]
    const N = spec.axis === 'alpha' ? spec.N : x
    const P = spec.axis === 'alpha' ? Math.round(x * spec.N) : spec.P
    const alpha = P / N
    const values: Record<string, number> = {}
    // one eigendecomposition per drawn instance serves every SNR (the noise ε = σ_ε ξ is rescaled)
    const instances = Array.from({ length: spec.seeds }, (_, r) => {
      const inst = drawInstance({ N, P, sigmaW: spec.sigmaW, sigmaW0, sigmaEps: 1 }, spec.seed, `linear-dd/${v}/${r}`)
      return instanceModes(inst.X, N, P, inst.wTeacher, inst.w0, inst.noise)
    })
    for (const snr of spec.snrs) {
      const params: LinearParams = { sigmaW: spec.sigmaW, sigmaW0, sigmaEps: noiseOf(snr) }
      const long = typicalEg(alpha, tMax, params)
      const early = typicalOptimalStop(alpha, params)
      const infinity = typicalEgInfinity(alpha, params)
      values[doubleDescentSeries('theory', 'long', snr)] = long
      values[doubleDescentSeries('theory', 'early', snr)] = early.eg
      if (Number.isFinite(infinity)) values[doubleDescentSeries('theory', 'infinity', snr)] = infinity
      if (Number.isFinite(early.t)) values[optimalTimeSeries('theory', snr)] = early.t
      const longs: number[] = []
      const earlies: number[] = []
      const tStars: number[] = []
      for (const m of instances) {
        longs.push(instanceEg(m, K, spec.lr, params.sigmaEps))
        const lmax = Math.max(...m.lambdas)
        const positive = m.lambdas.filter((l) => l > 0)
        const lmin = positive.length ? Math.min(...positive) : lmax
        // in steps k (fractional k interpolates (1 − ηλ)^k), over [0, ∞]
        const best = optimalStop((k) => instanceEg(m, k, spec.lr, params.sigmaEps), 1e-3 / (spec.lr * lmax), 1e3 / (spec.lr * lmin))
        earlies.push(best.eg)
        tStars.push(best.t * spec.lr)
      }
      const l = meanSe(longs)
      const e = meanSe(earlies)
      values[doubleDescentSeries('gd', 'long', snr)] = l.mean
      values[doubleDescentSeries('gd', 'long', snr, true)] = l.se
      values[doubleDescentSeries('gd', 'early', snr)] = e.mean
      values[doubleDescentSeries('gd', 'early', snr, true)] = e.se
      const finiteT = tStars.filter(Number.isFinite)
      if (finiteT.length) values[optimalTimeSeries('gd', snr)] = meanSe(finiteT).mean
      if (!(long <= (peakValue[snr] ?? -Infinity))) {
        peakValue[snr] = long
        peakAt[snr] = x
      }
    }
    const distance = Math.abs(Math.log(alpha))
    if (distance < nearest.distance) {
      nearest.distance = distance
      for (const snr of spec.snrs)
        nearest.ratio[snr] = values[doubleDescentSeries('theory', 'early', snr)] / values[doubleDescentSeries('theory', 'long', snr)]
    }
    yield { type: 'point', t: x, values }
    yield { type: 'progress', fraction: (v + 1) / spec.values.length, t: x, phase: `${spec.axis} = ${x}` }
  }
  yield { type: 'summary', values: { axis: spec.axis, snrs: spec.snrs, peakRemoval: nearest.ratio, peakAt } }
}
