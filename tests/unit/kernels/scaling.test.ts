// Power-law fits (numeric/stats/powerLawFit.ts) and the scaling engine on a synthetic spectrum
// with known α_K: the resolution-limited exponents α_D, α_P have intervals holding α_K (duality).
import { describe, expect, it } from 'vitest'
import { fitPowerLaw, tQuantile } from '@numeric/stats/powerLawFit'
import { Rng } from '@numeric/random/rng'
import { scalingEngine } from '@engines/scaling/engine'
import { ScalingRunSpec } from '@shared/specs/scaling'
import { NngpRunSpec } from '@shared/specs/nngp'
import { NtkTrainRunSpec } from '@shared/specs/ntkTrain'

describe('fitPowerLaw', () => {
  it('t quantiles: t_{0.975}(∞-like 1e6) ≈ 1.95996, t_{0.975}(4) = 2.77645', () => {
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 4)
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776445, 5)
  })
  it('recovers α exactly without noise, and its 95% interval covers the truth in ~95% of noisy fits', () => {
    const x = [1, 2, 4, 8, 16, 32, 64]
    expect(fitPowerLaw(x, x.map((v) => 3 * v ** -0.7)).alpha).toBeCloseTo(0.7, 12)
    const rng = Rng.stream(1, 'fits')
    let covered = 0
    const trials = 400
    for (let t = 0; t < trials; t++) {
      const y = x.map((v) => 2 * v ** -1.3 * Math.exp(0.1 * rng.normal()))
      const f = fitPowerLaw(x, y)
      if (f.ci[0] <= 1.3 && 1.3 <= f.ci[1]) covered++
    }
    // binomial(400, 0.95): sd ≈ 4.4 → 5 sd band
    expect(covered).toBeGreaterThan(380 - 22)
    expect(covered).toBeLessThan(380 + 22)
  })
  it('refuses fewer than 3 usable points', () => {
    expect(() => fitPowerLaw([1, 2, 3], [1, 0, -1])).toThrow(/3 points/)
  })
})

describe('scaling engine on a power-law spectrum', () => {
  it.each([0.5, 1])('α_K = %f: α_K fitted exactly, α_D and α_P intervals hold α_K', (alphaK) => {
    const spec = ScalingRunSpec.parse({
      engine: 'scaling',
      features: { kind: 'powerlaw', alphaK, S: 2048 },
      resolution: { D: [8, 16, 32, 64, 128], P: [8, 16, 32, 64, 128] },
      variance: { fixedD: 4, P: [16, 32, 64], fixedP: 4, D: [16, 32, 64] },
      trials: 8,
      seed: 1
    })
    const s = [...scalingEngine(spec)].find((r) => r.type === 'summary')!.values as {
      alphaK: number
      fit: { alphaD: number; alphaDCI: [number, number]; alphaP: number; alphaPCI: [number, number] }
    }
    expect(s.alphaK).toBeCloseTo(alphaK, 10)
    expect(s.fit.alphaDCI[0]).toBeLessThanOrEqual(alphaK)
    expect(s.fit.alphaDCI[1]).toBeGreaterThanOrEqual(alphaK)
    expect(s.fit.alphaPCI[0]).toBeLessThanOrEqual(alphaK)
    expect(s.fit.alphaPCI[1]).toBeGreaterThanOrEqual(alphaK)
  })
})

describe('specs refuse bad input by field', () => {
  const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error!.issues.map((i) => i.path.join('.'))
  it('nngp: unknown keys, negative σ_b², n too large', () => {
    expect(issues(NngpRunSpec.safeParse({ engine: 'nngp', extra: 1 }))).toContain('')
    expect(issues(NngpRunSpec.safeParse({ engine: 'nngp', sigmaB2: -1 }))).toContain('sigmaB2')
    expect(issues(NngpRunSpec.safeParse({ engine: 'nngp', inputs: { kind: 'gaussian', n: 6000 } }))).toContain('inputs.n')
  })
  it('scaling: non-increasing axes; more samples than images; matrices over 512 MiB', () => {
    const r = ScalingRunSpec.safeParse({ engine: 'scaling', features: { kind: 'powerlaw', S: 16384 }, resolution: { D: [8, 128, 100, 8192], P: [8, 16, 32] } })
    expect(issues(r)).toEqual(expect.arrayContaining(['resolution.D.2', 'resolution.D.3']))
    const m = ScalingRunSpec.safeParse({
      engine: 'scaling',
      features: { kind: 'nngp', images: 'x.gz', n: 100 },
      resolution: { D: [8, 16, 200], P: [8, 16, 200] },
      variance: { fixedD: 4, P: [16, 32, 64], fixedP: 4, D: [16, 32, 64] },
      spectrumFit: { from: 2, to: 12 }
    })
    // 200 samples from 100 images is refused; 200 projections are fine
    expect(issues(m)).toEqual(['resolution.D.2'])
  })
  it('ntk-train: more tracked points than test points', () => {
    expect(issues(NtkTrainRunSpec.safeParse({ engine: 'ntk-train', nTest: 2, tracked: 3 }))).toContain('tracked')
  })
})
