// The `le-phase` study (MATH.md §8, separation theorem). I-model, α = γ = c (t + t0)^{−a}, β = 0:
// every M(t) is γ(t)/K · I, so the LE-ODE is solved exactly, X̄(t) = X̄(0) e^{Γ(t)/K}, Γ = ∫₀ᵗ γ,
// and since the drift acts on the means each sample is X_i(t) = X̄(t) + σ B_i(t) (samples start at
// their class mean). Separability is invariant under scaling, so the test reads the rescaled
// samples X̄(0) + σ e^{−Γ(t)/K} B_i(t), which never overflow. B_i is drawn exactly at the tMaxes
// (independent Gaussian increments). Per seed the same X̄(0) and B serve every (a, c): common
// random numbers, so the map's contrast is the schedule's, not the draw's.
import type { LePhaseStudySpec } from '@shared/specs/le-phase'
import { lePhaseArtifacts, lePhaseSeries } from '@shared/outputs/le-phase'
import { Rng } from '@numeric/random/rng'
import { schedule } from '@models/localElasticity/schedule'
import { pairSeparation } from '@models/localElasticity/measures'
import type { Engine, EngineRecord } from '@workers/records'

export const lePhaseEngine: Engine<LePhaseStudySpec> = function* (spec): Generator<EngineRecord, void, void> {
  const { K, p, n, sigma, as, cs, tMaxes, seeds, t0 } = spec
  const nT = tMaxes.length
  const nC = cs.length
  const nA = as.length
  const prob = new Float64Array(nT * nC * nA)
  const frac = new Float64Array(nT * nC * nA)
  const X = new Float64Array(K * n * p)
  for (let s = 0; s < seeds; s++) {
    const rng = Rng.stream(spec.seed, `draw/${s}`)
    const mean0 = new Float64Array(K * p)
    rng.fillNormal(mean0)
    // Brownian motions of all samples at each tMax
    const W: Float64Array[] = []
    const inc = new Float64Array(K * n * p)
    let prev = 0
    let acc = new Float64Array(K * n * p)
    for (const T of tMaxes) {
      rng.fillNormal(inc)
      const sd = Math.sqrt(T - prev)
      acc = acc.map((v, i) => v + sd * inc[i])
      W.push(acc)
      prev = T
    }
    for (let ci = 0; ci < nC; ci++)
      for (let ai = 0; ai < nA; ai++) {
        const gamma = schedule({ kind: 'power', c: cs[ci], a: as[ai], t0 })
        for (let ti = 0; ti < nT; ti++) {
          const shrink = sigma * Math.exp(-gamma.integral(tMaxes[ti]) / K)
          const B = W[ti]
          for (let k = 0; k < K; k++)
            for (let i = 0; i < n; i++)
              for (let j = 0; j < p; j++) {
                const idx = (k * n + i) * p + j
                X[idx] = mean0[k * p + j] + shrink * B[idx]
              }
          const sep = pairSeparation(X, K, n, p)
          const cell = (ti * nC + ci) * nA + ai
          frac[cell] += sep.fraction
          if (sep.fraction === 1) prob[cell] += 1 // counts; divided by seeds below
        }
      }
    yield { type: 'progress', fraction: (s + 1) / seeds, phase: 'seeds' }
  }
  for (let i = 0; i < prob.length; i++) (prob[i] /= seeds), (frac[i] /= seeds)
  for (let ti = 0; ti < nT; ti++)
    for (let ci = 0; ci < nC; ci++)
      for (let ai = 0; ai < nA; ai++)
        yield { type: 'point', t: as[ai], values: { [lePhaseSeries.probability(cs[ci], tMaxes[ti])]: prob[(ti * nC + ci) * nA + ai] } }
  yield { type: 'artifact', name: lePhaseArtifacts.probability, shape: [nT, nC, nA], data: prob }
  yield { type: 'artifact', name: lePhaseArtifacts.fraction, shape: [nT, nC, nA], data: frac }
  yield { type: 'artifact', name: lePhaseArtifacts.as, shape: [nA], data: Float64Array.from(as) }
  yield { type: 'artifact', name: lePhaseArtifacts.cs, shape: [nC], data: Float64Array.from(cs) }
  yield { type: 'artifact', name: lePhaseArtifacts.tMaxes, shape: [nT], data: Float64Array.from(tMaxes) }
  const last = nT - 1
  const mean = (pick: (a: number) => boolean) => {
    let s = 0
    let m = 0
    for (let ci = 0; ci < nC; ci++)
      for (let ai = 0; ai < nA; ai++)
        if (pick(as[ai])) (s += prob[(last * nC + ci) * nA + ai]), m++
    return m > 0 ? s / m : NaN
  }
  yield { type: 'summary', values: { probabilityBelow: mean((a) => a < 1), probabilityAbove: mean((a) => a > 1), cells: nT * nC * nA } }
}
