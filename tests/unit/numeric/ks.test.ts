// One-sample KS test (numeric/stats/ks.ts): the statistic on a hand-checked case, the Kolmogorov
// survival function against SciPy's kstwobign (tests/reference/kolmogorov.py), and the test's
// behaviour on samples from the null and from a shifted law.
import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import { erf } from '@numeric/special/erf'
import { kolmogorovSurvival, ksCriticalValue, ksPValue, ksStatistic } from '@numeric/stats/ks'

const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2))

describe('KS statistic', () => {
  it('D of (0.1, 0.4, 0.7) against U(0, 1) is 0.3 (1 − 0.7 at the last step), order of input irrelevant', () => {
    const U = (x: number) => Math.min(1, Math.max(0, x))
    expect(ksStatistic([0.1, 0.4, 0.7], U)).toBeCloseTo(0.3, 15)
    expect(ksStatistic([0.7, 0.1, 0.4], U)).toBeCloseTo(0.3, 15)
    expect(ksStatistic([], U)).toBeNaN()
  })
})

describe('Kolmogorov distribution', () => {
  // SciPy kstwobign.sf (tests/reference/kolmogorov.py)
  const ref = [
    [0.5, 0.9639452436648751],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.3581, 0.0499996304316674],
    [1.9495, 0.0009998019790258981],
    [2.5, 7.453306344157342e-6]
  ]
  it('Q(λ) matches SciPy to 1e−12 relative; 1 at λ ≤ 0.3', () => {
    for (const [lam, q] of ref) expect(Math.abs(kolmogorovSurvival(lam) / q - 1)).toBeLessThan(1e-12)
    expect(kolmogorovSurvival(0)).toBe(1)
    expect(kolmogorovSurvival(0.3)).toBe(1)
    expect(kolmogorovSurvival(NaN)).toBeNaN()
  })
  it('critical value at α = 0.001: √n D = 1.94947 (SciPy isf 1.9494746035), and Q of it is α', () => {
    expect(ksCriticalValue(1, 0.001)).toBeCloseTo(1.9494746035, 9)
    expect(kolmogorovSurvival(ksCriticalValue(1, 0.001))).toBeCloseTo(0.001, 9)
  })
})

describe('the test on samples', () => {
  const n = 20_000
  const x = new Float64Array(n)
  Rng.stream(1, 'ks-test').fillNormal(x)
  it('N(0, 1) samples against Φ: D below the 0.1 % critical value, p > 0.001', () => {
    const d = ksStatistic(x, Phi)
    expect(d).toBeLessThan(ksCriticalValue(n, 0.001))
    expect(ksPValue(d, n)).toBeGreaterThan(0.001)
  })
  it('the same samples against N(0.05, 1): rejected (D ≈ φ(0)·0.05 = 0.02 ≫ 1.95/√n = 0.014)', () => {
    const d = ksStatistic(x, (t) => Phi(t - 0.05))
    expect(d).toBeGreaterThan(ksCriticalValue(n, 0.001))
    expect(ksPValue(d, n)).toBeLessThan(0.001)
  })
})
