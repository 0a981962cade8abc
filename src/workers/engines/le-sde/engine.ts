// The `le-sde` engine (MATH.md §8): the LE-SDE dX_i = M(t) X̄ dt + σ dB_i for n samples per class
// by Euler–Maruyama (each sample its own Brownian motion; the drift acts on the class means X̄,
// which follow the LE-ODE dX̄ = M(t) X̄ dt, integrated beside by RK4 on the same grid).
// X̄_k(0) ~ N(0, I_p) independently per class (stream 'init'); every sample starts at its mean.
// Records at log-spaced times: the means (ODE and sample), ‖X̄_k‖, pairwise separability and
// margin of the samples, the ETF error of the ODE means, NC1 of the samples.
import type { LeSdeRunSpec } from '@shared/specs/le-sde'
import { leSdeArtifacts, leSdeSeries } from '@shared/outputs/le-sde'
import { Rng } from '@numeric/random/rng'
import { eulerMaruyama } from '@numeric/sde/eulerMaruyama'
import { applyDrift } from '@models/localElasticity/drift'
import { schedule } from '@models/localElasticity/schedule'
import { classCosines, etfError, nc1, pairSeparation, sampleMeans } from '@models/localElasticity/measures'
import { recordTimes, type Engine, type EngineRecord } from '@workers/records'
import { rk4Step, rk4Work } from '@numeric/ode/rk4'

export const leSdeEngine: Engine<LeSdeRunSpec> = function* (spec): Generator<EngineRecord, void, void> {
  const { K, p, n, model, sigma, dt, tMax } = spec
  const alpha = schedule(spec.alpha)
  const beta = schedule(spec.beta)
  const d = K * p
  const mean = new Float64Array(d)
  Rng.stream(spec.seed, 'init').fillNormal(mean)
  yield { type: 'artifact', name: leSdeArtifacts.initialMeans, shape: [K, p], data: Float64Array.from(mean) }
  const X = new Float64Array(K * n * p)
  for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) X.set(mean.subarray(k * p, (k + 1) * p), (k * n + i) * p)

  // the drift of every sample of class k is (M X̄)_k, computed once per step
  const f = new Float64Array(d)
  const em = eulerMaruyama(
    X.length,
    (_t, _x, out) => {
      for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) out.set(f.subarray(k * p, (k + 1) * p), (k * n + i) * p)
    },
    () => sigma,
    Rng.stream(spec.seed, 'noise')
  )
  // RK4 for the means on the same grid; its k1 is the drift f at (t, X̄), already computed
  const work = rk4Work(d)
  const F = (t: number, v: Float64Array, out: Float64Array) => applyDrift(model, K, p, alpha.value(t), beta.value(t), v, out)

  const times = recordTimes(Math.min(tMax, Math.max(dt, tMax * 1e-3)), tMax, spec.points)
  const steps = Math.round(tMax / dt)
  let t = 0
  let last = { fraction: NaN, margin: NaN, etf: NaN, nc1: NaN }
  const record = (): EngineRecord => {
    const values: Record<string, number> = {}
    const sm = sampleMeans(X, K, n, p)
    for (let k = 0; k < K; k++) {
      let norm = 0
      for (let j = 0; j < p; j++) {
        values[leSdeSeries.odeMean(k, j)] = mean[k * p + j]
        values[leSdeSeries.sdeMean(k, j)] = sm[k * p + j]
        norm += mean[k * p + j] ** 2
      }
      values[leSdeSeries.odeNorm(k)] = Math.sqrt(norm)
    }
    const sep = n >= 1 ? pairSeparation(X, K, n, p) : { fraction: NaN, minMargin: NaN }
    last = { fraction: sep.fraction, margin: sep.minMargin, etf: etfError(mean, K, p), nc1: n >= 2 ? nc1(X, K, n, p) : NaN }
    values[leSdeSeries.sepFraction] = last.fraction
    values[leSdeSeries.sepMargin] = last.margin
    values[leSdeSeries.etfError] = last.etf
    if (Number.isFinite(last.nc1)) values[leSdeSeries.nc1] = last.nc1
    return { type: 'point', t, values }
  }
  let r = 0
  let stepsDone = 0
  for (; r < times.length; r++) {
    const target = times[r]
    while (t < target - 1e-9 * dt) {
      const h = Math.min(dt, target - t)
      applyDrift(model, K, p, alpha.value(t), beta.value(t), mean, f)
      em.step(t, h, X)
      // RK4 step of the LE-ODE, k1 = f already
      work.k1.set(f)
      rk4Step(F, t, mean, h, work, true)
      t += h
      if (++stepsDone % 20000 === 0) yield { type: 'progress', fraction: t / tMax, t, phase: 'le-sde' }
    }
    yield record()
  }
  yield { type: 'artifact', name: leSdeArtifacts.cosines, shape: [K, K], data: classCosines(mean, K, p) }
  yield { type: 'artifact', name: leSdeArtifacts.samples, shape: [K * n, p], data: Float64Array.from(X) }
  yield { type: 'progress', fraction: 1, t: tMax }
  yield {
    type: 'summary',
    values: { sep: { fractionFinal: last.fraction, marginFinal: last.margin }, etf: { errorFinal: last.etf }, nc1Final: last.nc1, steps }
  }
}
