// The 2-D Gaussian quadrature (numeric/quadrature/gaussian2d.ts) against the closed forms of
// MATH.md §9 for relu and erf, to 1e-10; the 1-D rules it is built on, on polynomials.
import { describe, expect, it } from 'vitest'
import { gaussLegendreOn } from '@numeric/quadrature/gaussLegendre'
import { gaussLaguerre } from '@numeric/quadrature/gaussLaguerre'
import { gaussian2dExpectation } from '@numeric/quadrature/gaussian2d'
import { dualClosedForm, dualQuadrature } from '@models/infiniteWidth/dual'

// (a, b, c): generic, strongly correlated, anti-correlated, ρ = 1 exactly, ρ = −1, small and large variances
const COVARIANCES: [number, number, number][] = [
  [1.3, 0.7, 0.5],
  [1, 1, 0.999],
  [2, 0.5, -0.9],
  [1.5, 1.5, 1.5],
  [0.8, 0.8, -0.8],
  [0.05, 3, 0.2],
  [4, 4, 0]
]

describe('1-D rules', () => {
  it('Gauss–Legendre with n nodes integrates x^(2n−1) exactly on [a, b]', () => {
    const { x, w } = gaussLegendreOn(6, -0.5, 2)
    const s = x.reduce((acc, xi, i) => acc + w[i] * xi ** 11, 0)
    expect(s).toBeCloseTo((2 ** 12 - 0.5 ** 12) / 12, 10)
  })
  it('Gauss–Laguerre with n nodes integrates s^k e^{−s} = k! for k ≤ 2n − 1', () => {
    const { x, w } = gaussLaguerre(8)
    for (const k of [0, 1, 5, 15]) {
      const s = x.reduce((acc, xi, i) => acc + w[i] * xi ** k, 0)
      let fact = 1
      for (let j = 2; j <= k; j++) fact *= j
      expect(Math.abs(s / fact - 1)).toBeLessThan(1e-12)
    }
  })
})

describe('gaussian2dExpectation against closed forms (tolerance 1e-10)', () => {
  it.each(COVARIANCES)('relu and erf, Σ = [[%f, %f], [·, ·]], c = %f', (a, b, c) => {
    for (const phi of ['relu', 'erf'] as const) {
      const exact = dualClosedForm(phi, a, b, c)!
      const quad = dualQuadrature(phi, a, b, c, { angular: 24, radial: 64 })
      expect(Math.abs(quad.k - exact.k)).toBeLessThan(1e-10)
      expect(Math.abs(quad.kdot - exact.kdot)).toBeLessThan(1e-10)
    }
  })
  it('E[u v] = c and E[u² v²] = ab + 2c² (Isserlis) to 1e-12', () => {
    const [a, b, c] = [1.7, 0.6, -0.4]
    expect(gaussian2dExpectation((u, v) => u * v, a, b, c)).toBeCloseTo(c, 12)
    expect(gaussian2dExpectation((u, v) => u * u * v * v, a, b, c)).toBeCloseTo(a * b + 2 * c * c, 12)
  })
  it('tanh: the default rule agrees with a much finer one to 1e-9', () => {
    const coarse = dualQuadrature('tanh', 1.2, 0.9, 0.6)
    const fine = dualQuadrature('tanh', 1.2, 0.9, 0.6, { angular: 48, radial: 120 })
    expect(Math.abs(coarse.k - fine.k)).toBeLessThan(1e-9)
    expect(Math.abs(coarse.kdot - fine.kdot)).toBeLessThan(1e-9)
  })
  it('refuses a negative variance', () => {
    expect(() => gaussian2dExpectation(() => 1, -1, 1, 0)).toThrow(/variances/)
  })
})
