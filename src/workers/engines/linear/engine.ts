// The `linear` engine (Advani & Saxe 2017, MATH.md §7): the gradient-flow learning curve of a
// linear student for one sampled dataset (eigenvalues of XXᵀ) next to the typical dataset of
// the Marchenko–Pastur law with the same α = P/N.
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import type { LinearRunSpec } from '@shared/spec'
import { Rng } from '@numeric/random/rng'
import { recordTimes, type Engine, type EngineRecord } from '@workers/records'
import { modeError, sampledError } from './learningCurve'
import { integrateMP } from './marchenkoPastur'
import { linearSeries } from '@shared/outputs/series'

/** Eigenvalues of XXᵀ for X ∈ R^{N×P} with i.i.d. N(0, 1/N) entries. */
export function datasetEigenvalues(N: number, P: number, rng: Rng): Float64Array {
  const X = new Float64Array(N * P)
  rng.fillNormal(X)
  const scale = 1 / Math.sqrt(N)
  for (let i = 0; i < X.length; i++) X[i] *= scale
  const XXt = new Float64Array(N * N)
  for (let i = 0; i < N; i++)
    for (let j = i; j < N; j++) {
      let s = 0
      for (let p = 0; p < P; p++) s += X[i * P + p] * X[j * P + p]
      XXt[i * N + j] = s
      XXt[j * N + i] = s
    }
  return symmetricEigen(XXt, N, { vectors: false }).values
}

export const linearEngine: Engine<LinearRunSpec> = function* (spec): Generator<EngineRecord, void, void> {
  const params = { sigmaW: spec.sigmaW, sigmaW0: spec.sigmaW0, sigmaEps: spec.sigmaEps, tau: spec.tau }
  const alpha = spec.P / spec.N
  yield { type: 'progress', fraction: 0, phase: 'eigenvalues' }
  const lambdas = datasetEigenvalues(spec.N, spec.P, Rng.stream(spec.seed, 'dataset'))
  const times = recordTimes(spec.tMin, spec.tMax, spec.points)
  let best = { t: 0, eg: Infinity }
  let last = { eg: NaN, egMP: NaN }
  for (let i = 0; i < times.length; i++) {
    const t = times[i]
    const eg = sampledError(lambdas, t, params)
    const egMP = integrateMP(alpha, (l) => modeError(l, t, params)) + spec.sigmaEps ** 2
    if (eg < best.eg) best = { t, eg }
    last = { eg, egMP }
    yield { type: 'point', t, values: { [linearSeries('eg')]: eg, [linearSeries('eg_mp')]: egMP } }
    if (i % 20 === 0) yield { type: 'progress', fraction: (i + 1) / times.length, t, phase: 'curve' }
  }
  yield { type: 'progress', fraction: 1, t: spec.tMax }
  yield {
    type: 'summary',
    values: { alpha, egFinal: last.eg, egMpFinal: last.egMP, egEarlyStopped: best.eg, tEarlyStopped: best.t, lambdaMax: Math.max(...lambdas) }
  }
}
