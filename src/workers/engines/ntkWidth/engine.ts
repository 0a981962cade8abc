// The 'ntk-width' engine (MATH.md §9, finite width): at each width n, `networks` random networks
// in the NTK parameterisation; per network the empirical NTK Θ̂ (hand-written backprop,
// models/infiniteWidth/mlp.ts) and the readout-averaged NNGP K̂ = σ_b² + σ_w² φ(h)·φ(h')/n.
// Distances to the analytic kernels, relative Frobenius ‖·‖_F/‖K‖_F:
//   width/ntk          RMS over networks of ‖Θ̂ − Θ‖/‖Θ‖           (∝ n^{−1/2})
//   width/nngp_single  RMS over networks of ‖K̂ − K‖/‖K‖           (∝ n^{−1/2})
//   width/nngp         ‖mean_r K̂_r − K‖/‖K‖ (the empirical NNGP: fluctuation ∝ (n·networks)^{−1/2}
//                      until the O(1/n) bias of finite width shows)
// with log–log fits (slope, interval) in the summary and fitted lines width/<name>_fit.
import { Rng } from '@numeric/random/rng'
import { fitPowerLaw } from '@numeric/stats/powerLawFit'
import { deepKernels } from '@models/infiniteWidth/recursion'
import { empiricalNtk, forward, initMlp, readoutNngp } from '@models/infiniteWidth/mlp'
import type { NtkWidthRunSpec } from '@shared/specs/ntkWidth'
import { NTK_WIDTH_SERIES } from '@shared/outputs/ntkWidth'
import type { Engine, EngineRecord } from '@workers/records'

export function relativeDistance(A: Float64Array, B: Float64Array): number {
  let num = 0
  let den = 0
  for (let i = 0; i < A.length; i++) {
    num += (A[i] - B[i]) ** 2
    den += B[i] * B[i]
  }
  return Math.sqrt(num / den)
}

export const ntkWidthEngine: Engine<NtkWidthRunSpec> = function* (spec): Generator<EngineRecord, void, void> {
  const { n, d } = spec.inputs
  const X = new Float64Array(n * d)
  Rng.stream(spec.inputs.seed, 'inputs').fillNormal(X)
  yield { type: 'artifact', name: 'inputs', shape: [n, d], data: X }
  const exact = deepKernels(X, n, d, spec)
  yield { type: 'artifact', name: 'nngp', shape: [n, n], data: exact.nngp }
  yield { type: 'artifact', name: 'ntk', shape: [n, n], data: exact.ntk }
  const rng = Rng.stream(spec.seed, 'networks')
  const rows: { width: number; ntk: number; nngp: number; nngpSingle: number }[] = []
  const totalWork = spec.widths.reduce((s, w) => s + w * w, 0)
  let done = 0
  for (const width of spec.widths) {
    const shape = { d, width, depth: spec.depth, phi: spec.phi, sigmaW2: spec.sigmaW2, sigmaB2: spec.sigmaB2 }
    const mean = new Float64Array(n * n)
    let ntk2 = 0
    let single2 = 0
    let lastNtk: Float64Array | null = null
    let lastK: Float64Array | null = null
    for (let r = 0; r < spec.networks; r++) {
      const net = initMlp(shape, rng.split(`width${width}/net${r}`))
      const fw = forward(net, X, n)
      const T = empiricalNtk(net, X, n, fw)
      const K = readoutNngp(net, fw)
      ntk2 += relativeDistance(T, exact.ntk) ** 2
      single2 += relativeDistance(K, exact.nngp) ** 2
      for (let i = 0; i < n * n; i++) mean[i] += K[i] / spec.networks
      lastNtk = T
      lastK = K
    }
    const row = { width, ntk: Math.sqrt(ntk2 / spec.networks), nngp: relativeDistance(mean, exact.nngp), nngpSingle: Math.sqrt(single2 / spec.networks) }
    rows.push(row)
    yield { type: 'point', t: width, values: { [NTK_WIDTH_SERIES.ntk]: row.ntk, [NTK_WIDTH_SERIES.nngp]: row.nngp, [NTK_WIDTH_SERIES.nngpSingle]: row.nngpSingle } }
    if (width === spec.widths[spec.widths.length - 1] && lastNtk && lastK) {
      yield { type: 'artifact', name: 'ntk/empirical', shape: [n, n], data: lastNtk }
      yield { type: 'artifact', name: 'nngp/empirical', shape: [n, n], data: mean }
    }
    done += width * width
    yield { type: 'progress', fraction: done / totalWork, t: width, phase: `width ${width}` }
  }
  const widths = rows.map((r) => r.width)
  const fits: Record<string, unknown> = {}
  for (const [key, series] of [
    ['ntk', NTK_WIDTH_SERIES.ntkFit],
    ['nngp', NTK_WIDTH_SERIES.nngpFit],
    ['nngpSingle', NTK_WIDTH_SERIES.nngpSingleFit]
  ] as const) {
    const fit = fitPowerLaw(
      widths,
      rows.map((r) => r[key])
    )
    // the slope of log distance against log width, and its interval
    fits[key] = { slope: fit.slope, slopeCI: [-fit.ci[1], -fit.ci[0]], se: fit.se, r2: fit.r2, C: fit.C }
    for (const w of [widths[0], widths[widths.length - 1]]) yield { type: 'point', t: w, values: { [series]: fit.C * Math.pow(w, fit.slope) } }
  }
  yield { type: 'summary', values: { n, d, fit: fits } }
}
