// Latent distributions (MATH.md §5) against closed-form moments, pmf and CDFs; standardisation.
import gammaln from '@stdlib/math-base-special-gammaln'
import { describe, expect, it } from 'vitest'
import { LatentSpec } from '@shared/spec'
import { makeLatent } from '@models/latent/latent'
import { Rng } from '@numeric/random/rng'
import { ksCriticalValue, ksStatistic } from '@numeric/stats/ks'

const draw = (input: unknown, D: number, n: number, seed = 1) => {
  const spec = LatentSpec.parse(input)
  const lat = makeLatent(spec, D, Rng.stream(seed, 'lat'))
  const out = new Float64Array(n * D)
  lat.sample(out, n)
  return { lat, out }
}

/** per-dimension sample mean, variance and fourth central moment */
function moments(x: Float64Array, n: number, D: number) {
  const m = new Float64Array(D), v = new Float64Array(D), m4 = new Float64Array(D)
  for (let i = 0; i < n; i++) for (let r = 0; r < D; r++) m[r] += x[i * D + r] / n
  for (let i = 0; i < n; i++)
    for (let r = 0; r < D; r++) {
      const d = x[i * D + r] - m[r]
      v[r] += (d * d) / (n - 1)
      m4[r] += (d * d * d * d) / n
    }
  return { m, v, m4 }
}

/** |sample − truth| within 4 standard errors for mean (√(σ²/n)) and variance (√((μ4 − σ⁴)/n)) */
function expectMoments(x: Float64Array, n: number, D: number, mean: ArrayLike<number>, variance: ArrayLike<number>) {
  const { m, v, m4 } = moments(x, n, D)
  for (let r = 0; r < D; r++) {
    expect(Math.abs(m[r] - mean[r])).toBeLessThan(4 * Math.sqrt(variance[r] / n))
    expect(Math.abs(v[r] - variance[r])).toBeLessThan(4 * Math.sqrt(Math.max(m4[r] - v[r] * v[r], 0) / n))
  }
}

describe('scalar kinds: closed-form moments and CDFs', () => {
  const n = 100_000
  const cases: [string, unknown, number, number, (x: number) => number][] = [
    ['uniform(0,1)', { kind: 'uniform' }, 0.5, 1 / 12, (x) => Math.min(1, Math.max(0, x))],
    ['uniform(−2,3)', { kind: 'uniform', a: -2, b: 3 }, 0.5, 25 / 12, (x) => Math.min(1, Math.max(0, (x + 2) / 5))],
    // beta(2,5): I_x(2,5) = 1 − (1−x)⁶ − 6x(1−x)⁵
    ['beta(2,5)', { kind: 'beta' }, 2 / 7, 10 / (49 * 8), (x) => (x <= 0 ? 0 : x >= 1 ? 1 : 1 - (1 - x) ** 6 - 6 * x * (1 - x) ** 5)],
    // beta(½,½) is the arcsine law: (2/π) asin √x (exercises gamma with a < 1)
    ['beta(0.5,0.5)', { kind: 'beta', a: 0.5, b: 0.5 }, 0.5, 1 / 8, (x) => (x <= 0 ? 0 : x >= 1 ? 1 : (2 / Math.PI) * Math.asin(Math.sqrt(x)))],
    ['laplace(0,1)', { kind: 'laplace' }, 0, 2, (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x))],
    ['laplace(1,2)', { kind: 'laplace', mu: 1, b: 2 }, 1, 8, (x) => (x < 1 ? 0.5 * Math.exp((x - 1) / 2) : 1 - 0.5 * Math.exp(-(x - 1) / 2))],
    // pareto(5, 2): mean 5·2/4, variance 4·5/(16·3); shape 5 so the variance has a finite SE
    ['pareto(5,2)', { kind: 'pareto', shape: 5, scale: 2 }, 2.5, 20 / 48, (x) => (x < 2 ? 0 : 1 - (2 / x) ** 5)]
  ]
  for (const [name, spec, mean, variance, cdf] of cases)
    it(`${name}: mean and variance within 4 SE, KS at α = 0.001`, () => {
      const { lat, out } = draw(spec, 2, n)
      expect(lat.mean[0]).toBeCloseTo(mean, 14)
      expect(lat.variance[1]).toBeCloseTo(variance, 14)
      expectMoments(out, n, 2, [mean, mean], [variance, variance])
      expect(ksStatistic(out.subarray(0, 50_000), cdf)).toBeLessThan(ksCriticalValue(50_000, 0.001))
    })

  it('pareto(3, 1): mean 3/2 (its variance 3/4 exists, its fourth moment does not: mean only)', () => {
    const { lat, out } = draw({ kind: 'pareto' }, 1, n)
    expect(lat.mean[0]).toBe(1.5)
    expect(lat.variance[0]).toBeCloseTo(0.75, 14)
    let m = 0
    for (const x of out) m += x / n
    expect(Math.abs(m - 1.5)).toBeLessThan(4 * Math.sqrt(0.75 / n))
    expect(ksStatistic(out.subarray(0, 50_000), (x) => (x < 1 ? 0 : 1 - x ** -3))).toBeLessThan(ksCriticalValue(50_000, 0.001))
  })

  it('lorentz(0,1): no moments (NaN); the CDF ½ + atan(x)/π', () => {
    const { lat, out } = draw({ kind: 'lorentz' }, 1, 50_000)
    expect(lat.mean[0]).toBeNaN()
    expect(lat.variance[0]).toBeNaN()
    expect(ksStatistic(out, (x) => 0.5 + Math.atan(x) / Math.PI)).toBeLessThan(ksCriticalValue(50_000, 0.001))
  })

  for (const lambda of [3, 30])
    it(`poisson(${lambda}) (${lambda < 10 ? 'Knuth' : 'PTRS'}): mean, variance, χ² against the pmf`, () => {
      const { out } = draw({ kind: 'poisson', lambda }, 1, n)
      expectMoments(out, n, 1, [lambda], [lambda])
      const pmf = (k: number) => Math.exp(k * Math.log(lambda) - lambda - gammaln(k + 1))
      // bins k with expected count ≥ 20, the two tails lumped
      const lo = Math.max(0, Math.floor(lambda - 4 * Math.sqrt(lambda)))
      const hi = Math.ceil(lambda + 4 * Math.sqrt(lambda))
      const obs = new Float64Array(hi - lo + 1)
      let bad = 0
      for (const x of out) {
        if (!(Number.isInteger(x) && x >= 0)) bad++
        obs[Math.min(hi, Math.max(lo, x)) - lo]++
      }
      expect(bad).toBe(0)
      const exp = new Float64Array(hi - lo + 1)
      let below = 0
      for (let k = 0; k < lo; k++) below += pmf(k)
      for (let k = lo; k <= hi; k++) exp[k - lo] = n * pmf(k)
      exp[0] += n * below
      let sum = 0
      for (let k = lo; k < hi; k++) sum += exp[k - lo]
      exp[hi - lo] = n - sum // upper tail
      let chi2 = 0
      for (let i = 0; i < obs.length; i++) chi2 += (obs[i] - exp[i]) ** 2 / exp[i]
      const dof = obs.length - 1
      // χ² 0.9999 quantile by Wilson–Hilferty: dof·(1 − 2/(9dof) + 3.719·√(2/(9dof)))³
      const q = dof * (1 - 2 / (9 * dof) + 3.719 * Math.sqrt(2 / (9 * dof))) ** 3
      expect(chi2).toBeLessThan(q)
    })

  it('gaussian: mean 0, variance 1', () => {
    const { out } = draw({ kind: 'gaussian' }, 3, n)
    expectMoments(out, n, 3, [0, 0, 0], [1, 1, 1])
  })
})

describe('mixture GM(m, α)', () => {
  it('means in [−α, α], weights normalised; per-dimension mean Σ p_i μ_ir and variance 1 + Σ p_i μ_ir² − mean²', () => {
    const D = 3, m = 4, alpha = 2, n = 200_000
    const spec = { kind: 'mixture', m, alpha }
    const labels = new Int32Array(n)
    const lat = makeLatent(LatentSpec.parse(spec), D, Rng.stream(2, 'lat'))
    const out = new Float64Array(n * D)
    lat.sample(out, n, labels)
    const { means, weights } = lat.mixture!
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14)
    for (const x of means) expect(Math.abs(x)).toBeLessThanOrEqual(alpha)
    for (let r = 0; r < D; r++) {
      let s1 = 0, s2 = 0
      for (let i = 0; i < m; i++) (s1 += weights[i] * means[i * D + r]), (s2 += weights[i] * means[i * D + r] ** 2)
      expect(lat.mean[r]).toBeCloseTo(s1, 14)
      expect(lat.variance[r]).toBeCloseTo(1 + s2 - s1 * s1, 14)
    }
    expectMoments(out, n, D, lat.mean, lat.variance)
    // component frequencies against p (χ², m − 1 dof, 0.9999 quantile of χ²(3) = 21.1)
    const cnt = new Float64Array(m)
    for (const l of labels) cnt[l]++
    let chi2 = 0
    for (let i = 0; i < m; i++) chi2 += (cnt[i] - n * weights[i]) ** 2 / (n * weights[i])
    expect(chi2).toBeLessThan(21.1)
    // given its label, a draw is μ_label + N(0, 1): residuals have mean 0, variance 1
    const res = new Float64Array(n * D)
    for (let i = 0; i < n; i++) for (let r = 0; r < D; r++) res[i * D + r] = out[i * D + r] - means[labels[i] * D + r]
    expectMoments(res, n, D, [0, 0, 0], [1, 1, 1])
  })

  it('the drawn parameters come from their own stream: train and test samplers share them', () => {
    const spec = LatentSpec.parse({ kind: 'mixture', m: 3, alpha: 1 })
    const params = Rng.stream(9, 'latentParams')
    const a = makeLatent(spec, 5, Rng.stream(9, 'train'), { params })
    const b = a.withStream(Rng.stream(9, 'test'))
    expect(b.mixture).toBe(a.mixture)
    const c = makeLatent(spec, 5, Rng.stream(9, 'other'), { params: Rng.stream(9, 'latentParams') })
    expect(Array.from(c.mixture!.means)).toEqual(Array.from(a.mixture!.means))
  })
})

describe('standardisation', () => {
  const n = 100_000
  const kinds: unknown[] = [
    { kind: 'mixture', m: 4, alpha: 3 },
    { kind: 'uniform', a: 1, b: 4 },
    { kind: 'beta' },
    { kind: 'poisson', lambda: 3 },
    { kind: 'laplace', mu: 2, b: 0.5 },
    { kind: 'pareto', shape: 5, scale: 1 }
  ]
  for (const k of kinds)
    it(`${(k as { kind: string }).kind}: 'exact' gives mean 0 and variance 1 per dimension (4 SE)`, () => {
      const { out } = draw({ ...(k as object), standardize: 'exact' }, 3, n, 4)
      expectMoments(out, n, 3, [0, 0, 0], [1, 1, 1])
    })

  it("'sample' gives mean 0 and variance 1 within the SE of estimate and test sample combined", () => {
    const ns = 20_000
    const { out } = draw({ kind: 'mixture', m: 4, alpha: 3, standardize: 'sample', standardizeSamples: ns }, 3, n, 5)
    const { m, v, m4 } = moments(out, n, 3)
    for (let r = 0; r < 3; r++) {
      expect(Math.abs(m[r])).toBeLessThan(4 * Math.sqrt(1 / n + 1 / ns))
      const sv = Math.sqrt((m4[r] - 1) * (1 / n + 1 / ns))
      expect(Math.abs(v[r] - 1)).toBeLessThan(4 * sv)
    }
  })

  it("'exact' refuses distributions without moments, naming latent.standardize", () => {
    expect(() => draw({ kind: 'lorentz', standardize: 'exact' }, 2, 1)).toThrow(/latent\.standardize/)
    expect(() => draw({ kind: 'pareto', shape: 2, standardize: 'exact' }, 2, 1)).toThrow(/latent\.standardize/)
    expect(() => draw({ kind: 'pareto', shape: 1, standardize: 'exact' }, 2, 1)).toThrow(/latent\.standardize/)
  })

  it("lorentz with 'sample' runs but stays heavy-tailed (standardising cannot rescue it)", () => {
    const { out } = draw({ kind: 'lorentz', standardize: 'sample', standardizeSamples: 10_000 }, 2, n, 6)
    expect(out.every(Number.isFinite)).toBe(true)
    // tail weight against the bulk: (q.9995 − q.0005)/IQR is 6.58/1.349 = 4.9 for any Gaussian and
    // 2·tan(0.4995π)/2 ≈ 637 for any Cauchy — an affine map (the standardisation) changes neither
    const sorted = Float64Array.from(out).sort()
    const q = (p: number) => sorted[Math.floor(p * sorted.length)]
    expect((q(0.9995) - q(0.0005)) / (q(0.75) - q(0.25))).toBeGreaterThan(100)
  })

  it('same streams ⇒ identical draws', () => {
    const a = draw({ kind: 'beta', standardize: 'exact' }, 4, 1000, 7).out
    const b = draw({ kind: 'beta', standardize: 'exact' }, 4, 1000, 7).out
    expect(Array.from(a)).toEqual(Array.from(b))
    const c = draw({ kind: 'beta', standardize: 'exact' }, 4, 1000, 8).out
    expect(Array.from(a)).not.toEqual(Array.from(c))
  })
})

describe('mixture components: one per vector (MATH.md §5) or one per coordinate', () => {
  // Cov(c_r, c_s) = Σ_i p_i (μ_ir − μ̄_r)(μ_is − μ̄_s) for a shared component, 0 for independent ones
  const D = 3, n = 200_000
  const covariances = (x: Float64Array) => {
    const { m } = moments(x, n, D)
    const c = [0, 0, 0] // (0,1), (0,2), (1,2)
    const pairs = [[0, 1], [0, 2], [1, 2]]
    for (let i = 0; i < n; i++) pairs.forEach(([r, s], q) => (c[q] += ((x[i * D + r] - m[r]) * (x[i * D + s] - m[s])) / n))
    return { c, pairs }
  }
  for (const components of ['vector', 'coordinate'] as const)
    it(`${components}: per-dimension moments as closed-form, cross-covariances ${components === 'vector' ? 'Σ p_i δμ_ir δμ_is' : '0'} (4 SE)`, () => {
      const spec = { ...LatentSpec.parse({ kind: 'mixture', m: 3, alpha: 2 }), components } as unknown as LatentSpec
      const lat = makeLatent(spec, D, Rng.stream(3, 'lat'))
      const out = new Float64Array(n * D)
      lat.sample(out, n)
      expectMoments(out, n, D, lat.mean, lat.variance)
      const { means, weights } = lat.mixture!
      const { c, pairs } = covariances(out)
      pairs.forEach(([r, s], q) => {
        let want = 0
        if (components === 'vector') for (let i = 0; i < 3; i++) want += weights[i] * (means[i * D + r] - lat.mean[r]) * (means[i * D + s] - lat.mean[s])
        // SE of a sample covariance ≈ σ_r σ_s/√n (exact for independent coordinates)
        expect(Math.abs(c[q] - want)).toBeLessThan(4 * Math.sqrt((lat.variance[r] * lat.variance[s] + want * want) / n))
      })
      if (components === 'vector') expect(Math.max(...c.map(Math.abs))).toBeGreaterThan(0.1)
    })
})
