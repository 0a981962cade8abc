import { describe, expect, it } from 'vitest'
import { CumulantStudySpec, KlStudySpec, parseStudySpec } from '@shared/studySpec'
import { ValidationError } from '@shared/validate'
import type { EngineRecord, PointRecord } from '@workers/records'
import { gaussianValue } from '@engines/universality/cumulants'
import { cumulantEngine, latentLabels } from '@engines/universality/cumulantEngine'
import { klEngine } from '@engines/universality/klEngine'

const points = (records: EngineRecord[]) => records.filter((r): r is PointRecord => r.type === 'point')

describe('study specs', () => {
  it('fill defaults', () => {
    const kl = KlStudySpec.parse({ engine: 'kl' })
    expect(kl).toMatchObject({ d: 100, components: [1, 2, 4, 8], k: 1, repeats: 5, standardize: 'none', mixtureComponents: 'vector', samples: 4000, seed: 0 })
    const cu = CumulantStudySpec.parse({ engine: 'cumulants' })
    expect(cu.latents.map((l) => l.kind)).toEqual(['gaussian', 'uniform', 'beta', 'beta', 'poisson', 'laplace', 'pareto', 'lorentz', 'mixture'])
    expect(cu.functions).toEqual(['erf', 'relu', 'sgn', 'tanh'])
    expect(cu.latents[7]).toMatchObject({ kind: 'lorentz', standardize: 'sample', standardizeSamples: 100_000 })
  })

  const issues = (input: unknown) => {
    try {
      parseStudySpec(input)
    } catch (e) {
      if (e instanceof ValidationError) return e.issues.map((i) => i.path)
      throw e
    }
    return []
  }
  it('name bad fields by path', () => {
    expect(issues({ engine: 'kl', alphas: [0, 1, 1] })).toEqual(['alphas[2]'])
    expect(issues({ engine: 'kl', components: [2, 0] })).toEqual(['components[1]'])
    expect(issues({ engine: 'kl', samples: 3, k: 3 })).toEqual(['k'])
    expect(issues({ engine: 'kl', standardize: 'maybe' })).toEqual(['standardize'])
    expect(issues({ engine: 'cumulants', dims: [4, 2] })).toEqual(['dims[1]'])
    expect(issues({ engine: 'cumulants', latents: [{ kind: 'lorentz', standardize: 'exact' }] })).toEqual(['latents[0].standardize'])
    expect(issues({ engine: 'cumulants', latents: [{ kind: 'pareto', shape: 2, standardize: 'exact' }] })).toEqual(['latents[0].standardize'])
    expect(issues({ engine: 'cumulants', latents: [{ kind: 'beta', a: -1 }] })).toEqual(['latents[0].a'])
    expect(issues({ engine: 'cumulants', functions: ['relu', 'cos'] })).toEqual(['functions[1]'])
    expect(issues({ engine: 'cumulants', statistics: ['Ef', 'Ef'] })).toEqual(['statistics[1]'])
    expect(issues({ engine: 'other' })).toEqual(['engine'])
    expect(issues({ engine: 'kl', seed: 7 })).toEqual([])
  })
})

describe('klEngine', () => {
  const spec = KlStudySpec.parse({ engine: 'kl', seed: 5, d: 2, components: [1, 3], alphas: [0, 2], samples: 600, repeats: 4 })
  const records = [...klEngine(spec)]

  it('yields one point per α with mean and SE per m, progress up to 1, and a summary', () => {
    const pts = points(records)
    expect(pts.map((p) => p.t)).toEqual([0, 2])
    expect(Object.keys(pts[0].values).sort()).toEqual(['kl/m=1', 'kl/m=1/se', 'kl/m=3', 'kl/m=3/se'])
    const progress = records.filter((r) => r.type === 'progress')
    expect(progress).toHaveLength(4)
    expect(progress.at(-1)).toMatchObject({ fraction: 1 })
    expect(records.at(-1)?.type).toBe('summary')
  })

  it('values: GM(m, 0) = N(0, I) gives ≈ 0, and unstandardised α = 2 gives a clearly positive KL', () => {
    const [p0, p2] = points(records)
    for (const m of [1, 3]) expect(Math.abs(p0.values[`kl/m=${m}`])).toBeLessThanOrEqual(4 * p0.values[`kl/m=${m}/se`] + 0.03)
    // KL(N(μ, I) ‖ N(0, I)) = |μ|²/2 with μ ~ U[−2, 2]²: E = d·(4/3)/2 = 1.33 (spread over instances)
    expect(p2.values['kl/m=1']).toBeGreaterThan(0.3)
    expect(p2.values['kl/m=3']).toBeGreaterThan(0.3)
  })

  it('is deterministic given the seed, and a point does not depend on the rest of the grid', () => {
    const again = points([...klEngine(spec)])
    expect(again).toEqual(points(records))
    const alone = points([...klEngine({ ...spec, components: [3], alphas: [2] })])
    expect(alone[0].values['kl/m=3']).toBe(points(records)[1].values['kl/m=3'])
  })

  it('per-coordinate components: a different distribution (product of 1-D mixtures), still ≈ 0 at α = 0', () => {
    const vec = points([...klEngine({ ...spec, components: [3], alphas: [0, 2] })])
    const coord = points([...klEngine({ ...spec, components: [3], alphas: [0, 2], mixtureComponents: 'coordinate' })])
    expect(Math.abs(coord[0].values['kl/m=3'])).toBeLessThanOrEqual(4 * coord[0].values['kl/m=3/se'] + 0.03)
    expect(coord[1].values['kl/m=3']).not.toBe(vec[1].values['kl/m=3'])
    expect(coord[1].values['kl/m=3']).toBeGreaterThan(0.3)
  })

  it('standardised single Gaussians are exactly N(0, I): KL ≈ 0 at every α', () => {
    const std = points([...klEngine({ ...spec, components: [1], alphas: [0.5, 3], standardize: 'exact' })])
    for (const p of std) expect(Math.abs(p.values['kl/m=1'])).toBeLessThanOrEqual(4 * p.values['kl/m=1/se'] + 0.03)
  })
})

describe('cumulantEngine', () => {
  const spec = CumulantStudySpec.parse({
    engine: 'cumulants',
    seed: 2,
    latents: [{ kind: 'gaussian', standardize: 'exact' }, { kind: 'beta', a: 2, b: 5, standardize: 'exact' }, { kind: 'lorentz', standardize: 'sample', standardizeSamples: 2000 }],
    functions: ['relu', 'sgn'],
    statistics: ['Ef'],
    dims: [1, 8],
    samples: 4000
  })
  const records = [...cumulantEngine(spec)]

  it('yields a point per D with a series per statistic, function and distribution, plus theory', () => {
    const pts = points(records)
    expect(pts.map((p) => p.t)).toEqual([1, 8])
    expect(Object.keys(pts[1].values).sort()).toEqual(
      [
        'Ef/relu/theory', 'Ef/sgn/theory',
        'Ef/relu/gaussian', 'Ef/relu/gaussian/se', 'Ef/sgn/gaussian', 'Ef/sgn/gaussian/se',
        'Ef/relu/beta(2,5)', 'Ef/relu/beta(2,5)/se', 'Ef/sgn/beta(2,5)', 'Ef/sgn/beta(2,5)/se',
        'Ef/relu/lorentz(0,1)', 'Ef/relu/lorentz(0,1)/se', 'Ef/sgn/lorentz(0,1)', 'Ef/sgn/lorentz(0,1)/se'
      ].sort()
    )
    expect(pts[0].values['Ef/relu/theory']).toBe(gaussianValue('relu', 'Ef'))
    expect(records.filter((r) => r.type === 'progress')).toHaveLength(6)
    const summary = records.at(-1)
    expect(summary?.type).toBe('summary')
  })

  it('Gaussian latent matches the theory within 4 SE; the skewed beta(2,5) deviates at D = 1 and less at D = 8', () => {
    for (const p of points(records))
      for (const f of ['relu', 'sgn']) {
        const v = p.values[`Ef/${f}/gaussian`], se = p.values[`Ef/${f}/gaussian/se`]
        expect(Math.abs(v - p.values[`Ef/${f}/theory`])).toBeLessThanOrEqual(4 * se)
      }
    // beta(2,5) has skewness 0.596: E sgn z ≈ −γ/(3√(2πD)) = −0.079 at D = 1 (the median is below the mean)
    const [p1, p8] = points(records)
    expect(p1.values['Ef/sgn/beta(2,5)']).toBeLessThan(-0.04)
    expect(Math.abs(p8.values['Ef/sgn/beta(2,5)'])).toBeLessThan(Math.abs(p1.values['Ef/sgn/beta(2,5)']))
  })

  it('labels distinguish equal distributions by their standardisation', () => {
    expect(latentLabels([
      { kind: 'laplace', mu: 0, b: 1, standardize: 'exact', standardizeSamples: 10 },
      { kind: 'laplace', mu: 0, b: 1, standardize: 'none', standardizeSamples: 10 },
      { kind: 'gaussian', standardize: 'none', standardizeSamples: 10 }
    ])).toEqual(['laplace(0,1):exact', 'laplace(0,1):none', 'gaussian'])
  })
})
