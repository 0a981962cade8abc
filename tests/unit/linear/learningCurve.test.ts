import { describe, expect, it } from 'vitest'
import { datasetEigenvalues, linearEngine } from '@engines/linear/engine'
import { modeError, sampledError } from '@engines/linear/learningCurve'
import { integrateMP, marchenkoPastur } from '@engines/linear/marchenkoPastur'
import { Rng } from '@numeric/random/rng'
import { LinearRunSpec } from '@shared/spec'
import type { PointRecord } from '@workers/records'

const params = { sigmaW: 1, sigmaW0: 0.3, sigmaEps: 0.5, tau: 1 }

describe('Marchenko–Pastur law', () => {
  it('has unit mass, mean α and second moment α(1+α) (closed forms)', () => {
    for (const alpha of [0.3, 1, 2.5]) {
      expect(integrateMP(alpha, () => 1)).toBeCloseTo(1, 10)
      expect(integrateMP(alpha, (l) => l)).toBeCloseTo(alpha, 10)
      expect(integrateMP(alpha, (l) => l * l)).toBeCloseTo(alpha * (1 + alpha), 9)
    }
  })

  it('E[1/λ] over the bulk is 1/(α−1) for α > 1', () => {
    for (const alpha of [1.5, 3]) expect(integrateMP(alpha, (l) => (l > 0 ? 1 / l : 0), 20000)).toBeCloseTo(1 / (alpha - 1), 6)
  })

  it('sampled spectra follow the law for large N', () => {
    const N = 400
    const P = 800
    const lambdas = datasetEigenvalues(N, P, Rng.stream(1, 'dataset'))
    const mean = lambdas.reduce((a, b) => a + b, 0) / N
    const { upper } = marchenkoPastur(P / N)
    expect(mean).toBeCloseTo(P / N, 1) // trace / N = α up to O(1/√(NP))
    expect(Math.max(...lambdas)).toBeLessThan(upper * 1.05)
    expect(Math.min(...lambdas)).toBeGreaterThan(marchenkoPastur(2).lower * 0.8)
  })
})

describe('Advani & Saxe learning curve', () => {
  it('starts at σ_w² + σ_w0² + σ_ε² and, for α > 1, ends at σ_ε² α/(α−1) (closed forms)', () => {
    const alpha = 2
    const eg = (t: number) => integrateMP(alpha, (l) => modeError(l, t, params), 20000) + params.sigmaEps ** 2
    expect(eg(0)).toBeCloseTo(1 + 0.09 + 0.25, 10)
    expect(eg(1e4)).toBeCloseTo(0.25 * alpha / (alpha - 1), 6)
  })

  it('a mode with λ = 0 is never learned and adds no noise', () => {
    expect(modeError(0, 100, params)).toBeCloseTo(1.09, 12)
    expect(modeError(1e-300, 100, params)).toBeCloseTo(1.09, 12)
  })

  it('the sampled curve of a large dataset follows the typical (MP) curve', () => {
    const lambdas = datasetEigenvalues(300, 150, Rng.stream(7, 'dataset'))
    for (const t of [0.1, 1, 10]) {
      const mp = integrateMP(0.5, (l) => modeError(l, t, params)) + 0.25
      expect(Math.abs(sampledError(lambdas, t, params) - mp) / mp).toBeLessThan(0.03)
    }
  })

  it('the engine records both curves on the log grid and is deterministic', () => {
    const spec = LinearRunSpec.parse({ engine: 'linear', N: 60, P: 30, points: 50, tMax: 100, seed: 4 })
    const points = [...linearEngine(spec)].filter((r): r is PointRecord => r.type === 'point')
    expect(points).toHaveLength(51)
    expect(points[0].t).toBe(0)
    expect(points.at(-1)!.t).toBeCloseTo(100, 10)
    const again = [...linearEngine(spec)].filter((r): r is PointRecord => r.type === 'point')
    expect(again).toEqual(points)
    const other = [...linearEngine({ ...spec, seed: 5 })].filter((r): r is PointRecord => r.type === 'point')
    expect(other.at(-1)!.values['linear/eg']).not.toBe(points.at(-1)!.values['linear/eg'])
  })
})
