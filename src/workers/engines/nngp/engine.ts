// The 'nngp' engine (MATH.md §9): NNGP K and NTK Θ of a deep fully connected network on given
// inputs (Gaussian points from a seed, or pooled images read by the main process), their
// spectra, and the variance carried through depth.
//   artifacts: inputs (n×d), nngp (n×n), ntk (n×n)
//   series:    spectrum/nngp, spectrum/ntk (t = index i = 1..n, value λ_i descending),
//              depth/diag (t = ℓ, mean K^ℓ(x, x)), fit lines spectrum/nngp_fit
//   summary:   alphaK (λ_i ∝ i^{−(1+α_K)} fitted on i ∈ [4, n/4]) with its interval, traces
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { Rng } from '@numeric/random/rng'
import { fitPowerLaw } from '@numeric/stats/powerLawFit'
import { deepKernels } from '@models/infiniteWidth/recursion'
import { pooledImages } from '@models/infiniteWidth/images'
import type { NngpRunSpec } from '@shared/specs/nngp'
import { NNGP_SERIES } from '@shared/outputs/nngp'
import type { Engine, EngineInputs, EngineRecord } from '@workers/records'

/** The n×d inputs of a kernel spec: N(0, I_d) draws, or the pooled images handed over in `inputs`. */
export function kernelInputs(spec: NngpRunSpec['inputs'], inputs: EngineInputs): { X: Float64Array; n: number; d: number } {
  if (spec.kind === 'gaussian') {
    const X = new Float64Array(spec.n * spec.d)
    Rng.stream(spec.seed, 'inputs').fillNormal(X)
    return { X, n: spec.n, d: spec.d }
  }
  const pixels = inputs.pixels
  if (!(pixels instanceof Uint8Array)) throw new Error('nngp: the image pixels were not read (inputs.pixels missing)')
  const rows = Number(inputs.rows)
  const cols = Number(inputs.cols)
  const { X, d } = pooledImages(pixels.subarray(spec.offset * rows * cols), spec.n, rows, cols, spec.pool)
  return { X, n: spec.n, d }
}

/** Eigenvalues in descending order. */
export function spectrumDescending(M: Float64Array, n: number): Float64Array {
  return symmetricEigen(M, n, { vectors: false }).values.reverse()
}

/** α_K from λ_i ∝ i^{−(1+α_K)} over i ∈ [from, to] (1-based): the fit of λ against i, shifted by 1. */
export function fitSpectrum(lambda: Float64Array, from: number, to: number, level = 0.95) {
  const idx: number[] = []
  const val: number[] = []
  for (let i = from; i <= Math.min(to, lambda.length); i++) {
    idx.push(i)
    val.push(lambda[i - 1])
  }
  const fit = fitPowerLaw(idx, val, level)
  return { ...fit, alphaK: fit.alpha - 1, ciK: [fit.ci[0] - 1, fit.ci[1] - 1] as [number, number] }
}

export const nngpEngine: Engine<NngpRunSpec> = function* (spec, inputs = {}): Generator<EngineRecord, void, void> {
  yield { type: 'progress', fraction: 0, phase: 'inputs' }
  const { X, n, d } = kernelInputs(spec.inputs, inputs)
  yield { type: 'artifact', name: 'inputs', shape: [n, d], data: X }
  const depth = spec.depth
  const k = deepKernels(X, n, d, spec)
  yield { type: 'progress', fraction: 0.5, phase: 'kernels' }
  for (let l = 0; l <= depth; l++) yield { type: 'point', t: l, values: { [NNGP_SERIES.depthDiag]: k.diagMean[l] } }
  yield { type: 'artifact', name: 'nngp', shape: [n, n], data: k.nngp }
  yield { type: 'artifact', name: 'ntk', shape: [n, n], data: k.ntk }
  yield { type: 'progress', fraction: 0.6, phase: 'spectrum' }
  const lk = spectrumDescending(k.nngp, n)
  yield { type: 'progress', fraction: 0.8, phase: 'spectrum' }
  const lt = spectrumDescending(k.ntk, n)
  for (let i = 0; i < n; i++) {
    const values: Record<string, number> = {}
    if (lk[i] > 0) values[NNGP_SERIES.spectrumNngp] = lk[i]
    if (lt[i] > 0) values[NNGP_SERIES.spectrumNtk] = lt[i]
    yield { type: 'point', t: i + 1, values }
  }
  const summary: Record<string, unknown> = {
    n,
    d,
    traceNngp: lk.reduce((s, v) => s + v, 0),
    traceNtk: lt.reduce((s, v) => s + v, 0),
    diagNngp: k.diagMean[depth]
  }
  const to = Math.floor(n / 4)
  if (to >= 6) {
    for (const [key, lam, series] of [
      ['nngp', lk, NNGP_SERIES.spectrumNngpFit],
      ['ntk', lt, NNGP_SERIES.spectrumNtkFit]
    ] as const) {
      try {
        const fit = fitSpectrum(lam, 4, to)
        if (key === 'nngp') Object.assign(summary, { alphaK: fit.alphaK, alphaKCI: fit.ciK })
        else Object.assign(summary, { alphaKNtk: fit.alphaK, alphaKNtkCI: fit.ciK })
        for (const i of [4, to]) yield { type: 'point', t: i, values: { [series]: fit.C * Math.pow(i, -fit.alpha) } }
      } catch {
        // fewer than 3 positive eigenvalues in the range: no fit
      }
    }
  }
  yield { type: 'progress', fraction: 1 }
  yield { type: 'summary', values: summary }
}
