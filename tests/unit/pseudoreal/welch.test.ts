import { describe, expect, it } from 'vitest'
import { welchTTest } from '@numeric/stats/welch'

describe('welchTTest', () => {
  it('R’s sleep data (Student 1908; R `t.test(extra ~ group, data = sleep)`): t = −1.8608, df = 17.776, p = 0.07939', () => {
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    const r = welchTTest(g1, g2)
    expect(r.t).toBeCloseTo(-1.8608, 4)
    expect(r.df).toBeCloseTo(17.776, 3)
    expect(r.p).toBeCloseTo(0.07939, 5)
    expect(r.meanA).toBeCloseTo(0.75, 12)
    expect(r.meanB).toBeCloseTo(2.33, 12)
    expect(r.pLess).toBeCloseTo(0.07939 / 2, 5)
    expect(r.pLess + r.pGreater).toBeCloseTo(1, 12)
  })

  it('Wikipedia “Welch’s t-test”, example 1: t = −2.46, ν ≈ 25.0, p = 0.021', () => {
    const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    const r = welchTTest(a1, a2)
    expect(r.t).toBeCloseTo(-2.46, 2)
    expect(r.df).toBeCloseTo(24.99, 2)
    expect(r.p).toBeCloseTo(0.021, 3)
    // swapping the samples flips t and the one-sided tails, keeps p and df
    const s = welchTTest(a2, a1)
    expect(s.t).toBeCloseTo(-r.t, 12)
    expect(s.df).toBeCloseTo(r.df, 12)
    expect(s.pGreater).toBeCloseTo(r.pLess, 12)
  })

  it('equal variances and sizes: ν = 2(n − 1) and t is the pooled t (Welch = Student there)', () => {
    const a = [1, 2, 3, 4, 5]
    const b = [3, 4, 5, 6, 7] // same variance 2.5
    const r = welchTTest(a, b)
    expect(r.df).toBeCloseTo(8, 12)
    expect(r.t).toBeCloseTo(-2 / Math.sqrt(2.5 * (2 / 5)), 12)
    // two-sided p for t = −2, ν = 8: 0.08051624 (t-table / R `2*pt(-2, 8)`)
    expect(r.p).toBeCloseTo(0.0805162, 6)
  })

  it('degenerate samples', () => {
    expect(welchTTest([1, 1], [2, 2]).p).toBe(0)
    expect(welchTTest([1, 1], [2, 2]).t).toBe(-Infinity)
    expect(welchTTest([1, 1], [1, 1]).p).toBe(1)
    expect(() => welchTTest([1], [1, 2])).toThrow()
  })
})
