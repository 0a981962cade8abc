// The `le-collapse` study (MATH.md §8, neural collapse of the LE-ODE): for each K the L-model's
// class means from X̄_k(0) ~ N(0, I_K) (stream 'init/K=<K>') by RK4; the ETF error
// max_{k≠l}|cos(X̄_k, X̄_l) + 1/(K−1)| at log-spaced times and the cosine matrix at tMax.
// The means grow exponentially; cosines are scale-free, so the state is renormalised to unit
// max-norm after each record (the LE-ODE is linear) to keep it finite at any tMax.
import type { LeCollapseStudySpec } from '@shared/specs/le-collapse'
import { leCollapseArtifacts, leCollapseSeries } from '@shared/outputs/le-collapse'
import { Rng } from '@numeric/random/rng'
import { schedule } from '@models/localElasticity/schedule'
import { solveLeOde } from '@models/localElasticity/leOde'
import { classCosines, etfError } from '@models/localElasticity/measures'
import { recordTimes, type Engine, type EngineRecord } from '@workers/records'

export const leCollapseEngine: Engine<LeCollapseStudySpec> = function* (spec): Generator<EngineRecord, void, void> {
  const alpha = schedule(spec.alpha)
  const beta = schedule(spec.beta)
  const times = recordTimes(Math.min(spec.tMax, Math.max(spec.dt, spec.tMax * 1e-3)), spec.tMax, spec.points)
  const errorFinal: Record<string, number> = {}
  for (let q = 0; q < spec.Ks.length; q++) {
    const K = spec.Ks[q]
    let x: Float64Array = new Float64Array(K * K)
    Rng.stream(spec.seed, `init/K=${K}`).fillNormal(x)
    let err = NaN
    for (let r = 0; r < times.length; r++) {
      if (r > 0) {
        const t0 = times[r - 1]
        // solve on [t0, t_r] with the schedules shifted to absolute time
        x = solveLeOde('L', K, K, (s) => alpha.value(t0 + s), (s) => beta.value(t0 + s), x, [times[r] - t0], spec.dt)[0]
        let m = 0
        for (const v of x) m = Math.max(m, Math.abs(v))
        if (m > 0) x = x.map((v) => v / m)
      }
      err = etfError(x, K, K)
      yield { type: 'point', t: times[r], values: { [leCollapseSeries.etfError(K)]: err } }
    }
    errorFinal[String(K)] = err
    yield { type: 'artifact', name: leCollapseArtifacts.cosines(K), shape: [K, K], data: classCosines(x, K, K) }
    yield { type: 'progress', fraction: (q + 1) / spec.Ks.length, phase: `K = ${K}` }
  }
  yield { type: 'summary', values: { errorFinal, maxErrorFinal: Math.max(...Object.values(errorFinal)) } }
}
