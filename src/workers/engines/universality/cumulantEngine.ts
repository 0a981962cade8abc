// The cumulant-dominance study (Lemma V.3, Fig. S2): for each latent distribution and each D,
// Monte Carlo estimates of E f(z), E z f(z), E f(z)² for z the standardised sum of D draws
// (cumulants.ts), with standard errors, and their Gaussian values. Series, at t = D:
//   `<stat>/<f>/<distribution>`       e.g. `Ef/relu/laplace(0,1)`
//   `<stat>/<f>/<distribution>/se`
//   `<stat>/<f>/theory`               the value under z ~ N(0, 1)
import type { LatentSpec } from '@shared/spec'
import type { CumulantStudySpec } from '@shared/studySpec'
import { makeLatent } from '@models/latent/latent'
import { Rng } from '@numeric/random/rng'
import type { Engine } from '@workers/records'
import { gaussianValue, standardisedSumStatistics } from './cumulants'
import { cumulantSeries, cumulantTheorySeries } from '@shared/outputs/series'

/** A short, stable name of a latent distribution for series names, e.g. "beta(2,5)". */
export function latentLabel(l: LatentSpec): string {
  switch (l.kind) {
    case 'gaussian':
      return 'gaussian'
    case 'mixture':
      return `mixture(m=${l.m},alpha=${l.alpha})`
    case 'uniform':
      return `uniform(${l.a},${l.b})`
    case 'beta':
      return `beta(${l.a},${l.b})`
    case 'poisson':
      return `poisson(${l.lambda})`
    case 'laplace':
      return `laplace(${l.mu},${l.b})`
    case 'pareto':
      return `pareto(${l.shape},${l.scale})`
    case 'lorentz':
      return `lorentz(${l.x0},${l.gamma})`
  }
}

/** labels made unique: the standardisation is appended where two specs share a label, then #i */
export function latentLabels(latents: LatentSpec[]): string[] {
  const base = latents.map(latentLabel)
  const withStd = base.map((b, i) => (base.filter((x) => x === b).length > 1 ? `${b}:${latents[i].standardize}` : b))
  return withStd.map((b, i) => (withStd.filter((x) => x === b).length > 1 ? `${b}#${i}` : b))
}

export const cumulantEngine: Engine<CumulantStudySpec> = function* (spec) {
  const { dims, functions, statistics, samples } = spec
  const labels = latentLabels(spec.latents)
  const total = dims.length * spec.latents.length
  const theory: Record<string, number> = {}
  for (const stat of statistics) for (const f of functions) theory[`${stat}/${f}`] = gaussianValue(f, stat)
  const last: Record<string, { mean: number; se: number }> = {}
  let done = 0
  for (const D of dims) {
    const values: Record<string, number> = {}
    for (const stat of statistics) for (const f of functions) values[cumulantTheorySeries(stat, f)] = theory[`${stat}/${f}`]
    for (let li = 0; li < spec.latents.length; li++) {
      const stream = Rng.stream(spec.seed, `cumulants/${labels[li]}/D=${D}`)
      let weights: Float64Array | undefined
      if (spec.weights === 'gaussian') {
        weights = new Float64Array(D)
        stream.split('weights').fillNormal(weights)
      }
      const sampler = makeLatent(spec.latents[li], D, stream.split('latent'))
      const stats = standardisedSumStatistics(sampler, D, samples, { functions, weights })
      for (const f of functions)
        for (const stat of statistics) {
          const e = stats[f]![stat]
          const name = cumulantSeries(stat, f, labels[li])
          values[name] = e.mean
          values[cumulantSeries(stat, f, labels[li], true)] = e.se
          last[name] = e
        }
      done++
      yield { type: 'progress', fraction: done / total, t: D, phase: `D = ${D}, ${labels[li]}` }
    }
    yield { type: 'point', t: D, values }
  }
  // at the largest D: deviation from the Gaussian value, in units of its standard error
  const deviation: Record<string, { value: number; gaussian: number; deviation: number; zScore: number }> = {}
  for (const [name, e] of Object.entries(last)) {
    const [stat, f] = name.split('/')
    const g = theory[`${stat}/${f}`]
    deviation[name] = { value: e.mean, gaussian: g, deviation: e.mean - g, zScore: (e.mean - g) / e.se }
  }
  yield { type: 'summary', values: { gaussianValues: theory, largestD: dims[dims.length - 1], deviationAtLargestD: deviation, weights: spec.weights, samples } }
}
