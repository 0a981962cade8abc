import { describe, expect, it } from 'vitest'
import { medianOfMeans } from '@numeric/stats/medianOfMeans'
import { Rng } from '@numeric/random/rng'

describe('medianOfMeans', () => {
  it('is the mean with one block and the median with one block per sample', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6]
    expect(medianOfMeans(x, 1)).toBeCloseTo(31 / 8, 14)
    expect(medianOfMeans(x, 8)).toBe(3.5) // sorted 1 1 2 3 4 5 6 9
    // 4 blocks of 2: means 2, 2.5, 7, 4 → median (2.5 + 4)/2
    expect(medianOfMeans(x, 4)).toBe(3.25)
    // 3 blocks of ⌊8/3⌋ = 2 (the last 2 samples dropped): means 2, 2.5, 7 → 2.5
    expect(medianOfMeans(x, 3)).toBe(2.5)
  })

  it('degenerate inputs: fewer samples than blocks, no samples, a bad block count', () => {
    expect(medianOfMeans([2, 7, 1], 24)).toBe(2)
    expect(medianOfMeans([], 24)).toBeNaN()
    expect(() => medianOfMeans([1, 2], 0)).toThrow(/blocks/)
    expect(() => medianOfMeans([1, 2], 2.5)).toThrow(/blocks/)
  })

  it('one huge sample moves the mean, not the median of means', () => {
    const n = 10_000
    const x = new Float64Array(n)
    const rng = Rng.stream(1, 'mom')
    for (let i = 0; i < n; i++) x[i] = rng.uniform()
    x[1234] = 1e9
    const mean = x.reduce((a, b) => a + b, 0) / n
    expect(mean).toBeGreaterThan(1e5)
    expect(Math.abs(medianOfMeans(x) - 0.5)).toBeLessThan(0.02)
  })

  it('meets its deviation bound σ√(32 ln(1/δ)/n) with k = 24 (δ = e^−3) on lognormal samples', () => {
    // lognormal(0, 1): μ = e^½, σ² = (e − 1)e; heavy right tail, finite variance
    const mu = Math.exp(0.5)
    const sigma = Math.sqrt((Math.E - 1) * Math.E)
    const n = 2400
    const reps = 1000
    const bound = sigma * Math.sqrt((32 * 3) / n)
    const rng = Rng.stream(2, 'mom')
    const z = new Float64Array(n)
    let over = 0
    for (let r = 0; r < reps; r++) {
      rng.fillNormal(z)
      for (let i = 0; i < n; i++) z[i] = Math.exp(z[i])
      if (Math.abs(medianOfMeans(z, 24) - mu) > bound) over++
    }
    // the theorem allows a fraction e^−3 ≈ 0.05 above the bound
    expect(over / reps).toBeLessThan(Math.exp(-3))
  })
})
