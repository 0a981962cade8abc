// The KL study (Bae & Jeong Figs. 2 and 6): D̂(GM(m, α) ‖ N(0, I_d)) by k-nearest neighbours,
// against α, one series per component count m:
//   `kl/m=<m>` (mean over repeats) and `kl/m=<m>/se` (its standard error), at t = α.
// Each repeat draws a fresh mixture (means U[−α, α]^d, weights U[0, 1] normalised) and fresh
// samples, so the error bar covers the randomness of the instance too. Every (m, α) point has its
// own random stream, so a point does not depend on which others are in the grid.
import type { LatentSpec } from '@shared/spec'
import type { KlStudySpec } from '@shared/studySpec'
import { makeLatent } from '@models/latent/latent'
import { Rng } from '@numeric/random/rng'
import type { Engine } from '@workers/records'
import { klWithError } from './kl'
import { klSeries } from '@shared/outputs/series'


export const klEngine: Engine<KlStudySpec> = function* (spec) {
  const { d, components, alphas, samples: n, repeats, k } = spec
  const m = spec.referenceSamples ?? n
  const total = alphas.length * components.length
  const table: Record<string, { alpha: number; mean: number; se: number }[]> = {}
  let done = 0
  for (const alpha of alphas) {
    const values: Record<string, number> = {}
    for (const mc of components) {
      // `components` is read by makeLatent (hmm/latent.ts) whether or not LatentSpec lists it yet
      const latent = {
        kind: 'mixture',
        m: mc,
        alpha,
        standardize: spec.standardize,
        standardizeSamples: spec.standardizeSamples,
        components: spec.mixtureComponents
      } as LatentSpec
      const stream = Rng.stream(spec.seed, `kl/m=${mc}/alpha=${alpha}`)
      const est = klWithError((r) => makeLatent(latent, d, stream.split(`repeat=${r}`)), d, n, repeats, stream.split('reference'), { k, m })
      values[klSeries(mc)] = est.mean
      values[klSeries(mc, true)] = est.se
      ;(table[klSeries(mc)] ??= []).push({ alpha, mean: est.mean, se: est.se })
      done++
      yield { type: 'progress', fraction: done / total, t: alpha, phase: `α = ${alpha}, m = ${mc}` }
    }
    yield { type: 'point', t: alpha, values }
  }
  yield {
    type: 'summary',
    values: {
      estimator: 'Wang–Kulkarni–Verdú (2009) k-nearest-neighbour KL divergence',
      k,
      d,
      samples: n,
      referenceSamples: m,
      repeats,
      standardize: spec.standardize,
      mixtureComponents: spec.mixtureComponents,
      kl: table,
      caveat: 'consistent, but biased at finite n when d is large (see tests/unit/universality/kl.test.ts); compare curves, not absolute values'
    }
  }
}
