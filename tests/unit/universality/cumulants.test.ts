// Cumulant dominance: E f(z), E z f(z), E f(z)² for z = Σ c_r/√D against the Gaussian values,
// checked against independent closed forms:
//  - Gaussian latent: z ~ N(0, 1) exactly for every D, so every statistic must match within SE;
//  - standardised exponential latent (skewness 2): Σ_r (E_r − 1) = G − D with G ~ Gamma(D, 1),
//      E sgn z  = 2 P(Poisson(D) ≤ D − 1) − 1          (≈ −2/(3√(2πD)), the Berry–Esseen term)
//      E relu z = e^{−D} D^D / (Γ(D) √D)               (→ 1/√(2π) like 1 − 1/(12D))
//  - Cauchy latent (no mean, no variance): z = √D · Cauchy, so E erf(z/√2)² → 1, not 1/3:
//      E erf(z/√2)² = (1/π) ∫_{−π/2}^{π/2} erf(√(D/2) tan θ)² dθ
import gammaln from '@stdlib/math-base-special-gammaln'
import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import { erf } from '@numeric/special/erf'
import {
  FUNCTIONS,
  STATISTICS,
  cumulantFunctions,
  gaussianValue,
  standardisedSumStatistics
} from '@engines/universality/cumulants'
import { gaussianExpectation } from '@numeric/quadrature/gaussianExpectation'
import type { LatentSampler } from '@models/latent/sampling'

const gaussianLatent = (rng: Rng, D: number): LatentSampler => ({ sample: (out, B) => rng.fillNormal(out, 0, B * D) })
const exponentialLatent = (rng: Rng, D: number): LatentSampler => ({
  sample(out, B) {
    rng.fillUniform(out, 0, B * D)
    for (let i = 0; i < B * D; i++) out[i] = -Math.log(1 - out[i]) - 1 // Exp(1), mean 1, variance 1
  }
})
const cauchyLatent = (rng: Rng, D: number): LatentSampler => ({
  sample(out, B) {
    rng.fillUniform(out, 0, B * D)
    for (let i = 0; i < B * D; i++) out[i] = Math.tan(Math.PI * (out[i] - 0.5))
  }
})

/** P(Poisson(λ) ≤ K) by summing the terms in log space */
function poissonCdf(K: number, lambda: number): number {
  let s = 0
  for (let j = 0; j <= K; j++) s += Math.exp(-lambda + j * Math.log(lambda) - gammaln(j + 1))
  return s
}
const exactSgnMean = (D: number) => 2 * poissonCdf(D - 1, D) - 1
const exactReluMean = (D: number) => Math.exp(-D + D * Math.log(D) - gammaln(D) - 0.5 * Math.log(D))

function simpson(h: (x: number) => number, a: number, b: number, intervals = 20000): number {
  const step = (b - a) / intervals
  let s = h(a) + h(b)
  for (let i = 1; i < intervals; i++) s += (i % 2 ? 4 : 2) * h(a + i * step)
  return (s * step) / 3
}
const cauchyErfSquare = (D: number) => simpson((t) => erf(Math.sqrt(D / 2) * Math.tan(t)) ** 2, -Math.PI / 2 + 1e-12, Math.PI / 2 - 1e-12) / Math.PI

describe('Gaussian values', () => {
  it('quadrature reproduces the closed forms (so it can be trusted for tanh)', () => {
    for (const f of ['erf', 'relu', 'sgn'] as const) {
      const fn = cumulantFunctions[f]
      expect(gaussianExpectation(fn)).toBeCloseTo(gaussianValue(f, 'Ef'), 12)
      expect(gaussianExpectation((z) => z * fn(z))).toBeCloseTo(gaussianValue(f, 'Ezf'), 12)
      expect(gaussianExpectation((z) => fn(z) ** 2)).toBeCloseTo(gaussianValue(f, 'Ef2'), 12)
    }
    expect(gaussianValue('erf', 'Ezf')).toBeCloseTo(0.5641895835477563, 15) // 1/√π
    expect(gaussianValue('relu', 'Ef')).toBeCloseTo(0.3989422804014327, 15)
    expect(gaussianValue('sgn', 'Ezf')).toBeCloseTo(0.7978845608028654, 15)
  })
  it('tanh: E tanh = 0, and Stein: E z tanh z = E tanh′ z = 1 − E tanh² z', () => {
    expect(gaussianValue('tanh', 'Ef')).toBeCloseTo(0, 14)
    expect(gaussianValue('tanh', 'Ezf')).toBeCloseTo(1 - gaussianValue('tanh', 'Ef2'), 12)
    expect(gaussianValue('tanh', 'Ef2')).toBeCloseTo(0.394294490397841174, 13) // mpmath.quad at 30 digits (independent)
  })
})

describe('standardisedSumStatistics', () => {
  it('Gaussian latent: every statistic equals its Gaussian value within 4 SE, for D = 1 and 64, both weightings', () => {
    for (const D of [1, 64])
      for (const weights of [undefined, (() => { const w = new Float64Array(D); Rng.stream(2, 'w').fillNormal(w); return w })()]) {
        const rng = Rng.stream(D, 'cumulants/gaussian')
        const stats = standardisedSumStatistics(gaussianLatent(rng, D), D, 40_000, { weights })
        for (const f of FUNCTIONS)
          for (const stat of STATISTICS) {
            const { mean, se } = stats[f]![stat]
            if (f === 'sgn' && stat === 'Ef2') {
              expect(mean).toBe(1)
              continue
            }
            expect(se).toBeGreaterThan(0)
            expect(Math.abs(mean - gaussianValue(f, stat))).toBeLessThanOrEqual(4 * se)
          }
      }
  })

  it('SE is the standard error of the mean: sd/√samples', () => {
    const rng = Rng.stream(3, 'cumulants/se')
    const samples = 40_000
    const stats = standardisedSumStatistics(gaussianLatent(rng, 4), 4, samples, { functions: ['relu'] })
    // Var relu z = 1/2 − 1/(2π)
    expect(stats.relu!.Ef.se).toBeCloseTo(Math.sqrt((0.5 - 1 / (2 * Math.PI)) / samples), 4)
    expect(stats.erf).toBeUndefined()
  })

  it('skewed latent (standardised exponential): matches the Gamma closed forms, and the deviation decays like D^(−1/2)', () => {
    const devs: number[] = []
    for (const D of [1, 4, 16, 64]) {
      const rng = Rng.stream(D, 'cumulants/exponential')
      const stats = standardisedSumStatistics(exponentialLatent(rng, D), D, 100_000, { functions: ['sgn', 'relu'] })
      const sgn = stats.sgn!.Ef, relu = stats.relu!.Ef
      expect(Math.abs(sgn.mean - exactSgnMean(D))).toBeLessThanOrEqual(4 * sgn.se)
      expect(Math.abs(relu.mean - exactReluMean(D))).toBeLessThanOrEqual(4 * relu.se)
      devs.push(Math.abs(exactSgnMean(D)))
      // deviation from the Gaussian value is many SE at D = 1 (the test can tell)
      if (D === 1) expect(Math.abs(sgn.mean - gaussianValue('sgn', 'Ef'))).toBeGreaterThan(20 * sgn.se)
    }
    // exact E sgn z = −0.2642, −0.1331, −0.06651, −0.03325 (D = 1, 4, 16, 64); √D·|E sgn z| → 2/(3√(2π)) = 0.2660
    // exact E relu z − 1/√(2π) = −0.0311, −0.0082, −0.0021, −0.0005: O(1/D), the skewness term cancels
    expect(devs[0]).toBeGreaterThan(devs[1])
    expect(devs[1]).toBeGreaterThan(devs[2])
    expect(devs[2]).toBeGreaterThan(devs[3])
    expect(Math.sqrt(64) * devs[3]).toBeCloseTo(2 / (3 * Math.sqrt(2 * Math.PI)), 2)
  })

  it('Cauchy latent: E erf(z/√2)² runs away from 1/3 towards 1 as D grows (sums of Cauchy stay Cauchy)', () => {
    const values: number[] = []
    for (const D of [1, 16, 256]) {
      const rng = Rng.stream(D, 'cumulants/cauchy')
      const est = standardisedSumStatistics(cauchyLatent(rng, D), D, 20_000, { functions: ['erf'] }).erf!.Ef2
      expect(Math.abs(est.mean - cauchyErfSquare(D))).toBeLessThanOrEqual(4 * est.se)
      values.push(est.mean)
    }
    const gauss = gaussianValue('erf', 'Ef2')
    const dev = values.map((v) => Math.abs(v - gauss))
    expect(dev[1]).toBeGreaterThan(dev[0])
    expect(dev[2]).toBeGreaterThan(dev[1])
    expect(values[2]).toBeGreaterThan(0.9)
  })

  it('refuses bad sizes and weights of the wrong length', () => {
    const rng = Rng.stream(4, 'cumulants/bad')
    expect(() => standardisedSumStatistics(gaussianLatent(rng, 2), 0, 10)).toThrow(RangeError)
    expect(() => standardisedSumStatistics(gaussianLatent(rng, 2), 2, 1)).toThrow(RangeError)
    expect(() => standardisedSumStatistics(gaussianLatent(rng, 2), 2, 10, { weights: new Float64Array(3) })).toThrow(RangeError)
  })
})
