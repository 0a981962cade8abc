// μ1 = E[u f(u)], μ2 = E[f(u)²] (MATH.md §2): closed forms against quadratures of the actual
// input maps, tanh against mpmath (tests/reference/tanh-moments.json), a trapezoid rule,
// Stein's identity and Monte Carlo.
import { describe, expect, it } from 'vitest'
import { inputMaps } from '@models/twoLayer/activations'
import { inputMoments } from '@models/twoLayer/moments'
import { gaussHermite } from '@numeric/quadrature/gaussHermite'
import { gaussianExpectation } from '@numeric/quadrature/gaussianExpectation'
import tanhRef from '../../reference/tanh-moments.json'
import { rng } from './helpers'

/** E[h(u)], u ~ N(0,1), by the trapezoid rule on [−40, 40] with step 1/200 (an independent rule). */
function trapezoid(h: (u: number) => number): number {
  const step = 1 / 200
  let s = 0
  for (let i = -8000; i <= 8000; i++) {
    const u = i * step
    s += h(u) * Math.exp(-0.5 * u * u)
  }
  return (s * step) / Math.sqrt(2 * Math.PI)
}

describe('Gauss–Hermite rule', () => {
  it('integrates polynomials exactly: Σw = √π, Σw x² = √π/2, Σw x⁴ = 3√π/4', () => {
    for (const m of [10, 11, 40, 160]) {
      const { x, w } = gaussHermite(m)
      let s0 = 0
      let s2 = 0
      let s4 = 0
      for (let i = 0; i < m; i++) {
        s0 += w[i]
        s2 += w[i] * x[i] ** 2
        s4 += w[i] * x[i] ** 4
      }
      expect(s0).toBeCloseTo(Math.sqrt(Math.PI), 13)
      expect(s2).toBeCloseTo(Math.sqrt(Math.PI) / 2, 13)
      expect(s4).toBeCloseTo((3 * Math.sqrt(Math.PI)) / 4, 12)
      for (let i = 1; i < m; i++) expect(x[i]).toBeGreaterThan(x[i - 1]) // distinct, sorted
    }
  })
})

describe('inputMoments', () => {
  it('sgn: μ1 = √(2/π) = E|u|, μ2 = 1 (quadrature and Monte Carlo of sgn itself)', () => {
    const m = inputMoments('sgn')
    expect(m.mu1).toBe(Math.sqrt(2 / Math.PI))
    expect(m.mu2).toBe(1)
    expect(m.zeta).toBeCloseTo(1 - 2 / Math.PI, 15)
    // u·sgn(u) = |u| has a kink at 0: the trapezoid rule is only O(h²) = 1e-6 accurate there
    expect(Math.abs(trapezoid((u) => u * inputMaps.sgn(u)) - m.mu1)).toBeLessThan(1e-5)
    const { normal } = rng(3)
    const n = 1_000_000
    let s = 0
    let s2 = 0
    let q = 0
    for (let i = 0; i < n; i++) {
      const u = normal()
      const a = u * inputMaps.sgn(u)
      s += a
      s2 += a * a
      q += inputMaps.sgn(u) ** 2
    }
    const se = Math.sqrt((s2 / n - (s / n) ** 2) / n)
    expect(Math.abs(s / n - m.mu1)).toBeLessThan(5 * se)
    expect(q / n).toBe(m.mu2)
  })
  it('erf(u/√2): μ1 = 1/√π, μ2 = 1/3 (Gauss–Hermite of the stdlib erf)', () => {
    const m = inputMoments('erf')
    expect(m.mu1).toBeCloseTo(1 / Math.sqrt(Math.PI), 15)
    expect(m.mu2).toBeCloseTo(1 / 3, 15)
    expect(gaussianExpectation((u) => u * inputMaps.erf(u))).toBeCloseTo(m.mu1, 13)
    expect(gaussianExpectation((u) => inputMaps.erf(u) ** 2)).toBeCloseTo(m.mu2, 13)
  })
  it('linear: μ1 = μ2 = 1, ζ = 0', () => {
    const m = inputMoments('linear')
    expect([m.mu1, m.mu2, m.zeta]).toEqual([1, 1, 0])
    expect(gaussianExpectation((u) => u * inputMaps.linear(u))).toBeCloseTo(1, 13)
  })
  it('tanh: matches mpmath to 1e-13, the trapezoid rule to 1e-12 and Stein μ1 = 1 − μ2', () => {
    const m = inputMoments('tanh')
    expect(Math.abs(m.mu1 - tanhRef.mu1)).toBeLessThan(1e-13)
    expect(Math.abs(m.mu2 - tanhRef.mu2)).toBeLessThan(1e-13)
    expect(Math.abs(m.mu1 - trapezoid((u) => u * Math.tanh(u)))).toBeLessThan(1e-12)
    expect(Math.abs(m.mu2 - trapezoid((u) => Math.tanh(u) ** 2))).toBeLessThan(1e-12)
    // Stein: E[u tanh u] = E[tanh' u] = E[1 − tanh² u]
    expect(Math.abs(m.mu1 + m.mu2 - 1)).toBeLessThan(1e-14)
    expect(m.zeta).toBeCloseTo(m.mu2 - m.mu1 ** 2, 15)
  })
  it('tanh: within 5 standard errors of Monte Carlo (10⁶ samples)', () => {
    const { normal } = rng(7)
    const n = 1_000_000
    let s1 = 0
    let s1sq = 0
    let s2 = 0
    let s2sq = 0
    for (let i = 0; i < n; i++) {
      const u = normal()
      const a = u * Math.tanh(u)
      const b = Math.tanh(u) ** 2
      s1 += a
      s1sq += a * a
      s2 += b
      s2sq += b * b
    }
    const m = inputMoments('tanh')
    const se1 = Math.sqrt((s1sq / n - (s1 / n) ** 2) / n)
    const se2 = Math.sqrt((s2sq / n - (s2 / n) ** 2) / n)
    expect(Math.abs(m.mu1 - s1 / n)).toBeLessThan(5 * se1)
    expect(Math.abs(m.mu2 - s2 / n)).toBeLessThan(5 * se2)
  })
})
