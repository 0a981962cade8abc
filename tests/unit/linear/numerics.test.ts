// The generic numerics the linear engines use: tanh–sinh quadrature, Brent's minimiser, the KS distance.
import { describe, expect, it } from 'vitest'
import { tanhSinh } from '@numeric/quadrature/tanhSinh'
import { brentMinimize } from '@numeric/optimize/brentMinimize'
import { ksDistance } from '@numeric/stats/ksDistance'

describe('tanh–sinh quadrature', () => {
  it('integrates endpoint singularities to 1e-13 (closed forms)', () => {
    // ∫₀¹ x^{−1/2} = 2; ∫₀¹ √x = 2/3; ∫₀¹ log x = −1; ∫₀¹ √(x(1−x)) = π/8; ∫₋₁¹ 1/√(1−x²) = π
    expect(tanhSinh((x) => 1 / Math.sqrt(x), 0, 1).value).toBeCloseTo(2, 12)
    expect(tanhSinh((x) => Math.sqrt(x), 0, 1).value).toBeCloseTo(2 / 3, 13)
    expect(tanhSinh((x) => Math.log(x), 0, 1).value).toBeCloseTo(-1, 12)
    expect(tanhSinh((_x, a, b) => Math.sqrt(a * b), 0, 1).value).toBeCloseTo(Math.PI / 8, 13)
    expect(tanhSinh((_x, a, b) => 1 / Math.sqrt(a * b), -1, 1).value).toBeCloseTo(Math.PI, 11)
  })

  it('passes exact distances to the ends where x rounds onto them', () => {
    // ∫_{1e8}^{1e8+1} (x − 1e8)^{−1/2} dx = 2, impossible from x alone
    expect(tanhSinh((_x, fromA) => 1 / Math.sqrt(fromA), 1e8, 1e8 + 1).value).toBeCloseTo(2, 10)
  })

  it('handles smooth integrands, a = b and reversed limits', () => {
    expect(tanhSinh((x) => Math.exp(x), 0, 2).value).toBeCloseTo(Math.E ** 2 - 1, 13)
    expect(tanhSinh((x) => x, 3, 3).value).toBe(0)
    expect(tanhSinh((x) => x * x, 1, 0).value).toBeCloseTo(-1 / 3, 14)
    expect(() => tanhSinh((x) => x, 0, Infinity)).toThrow(/finite/)
  })
})

describe('Brent minimiser', () => {
  it('finds the minimum of smooth and of kinked functions', () => {
    const r = brentMinimize((x) => (x - 1.2345) ** 2 + 3, -10, 10)
    expect(r.x).toBeCloseTo(1.2345, 8)
    expect(r.fx).toBeCloseTo(3, 14)
    expect(brentMinimize((x) => Math.abs(x - 0.3), 0, 1).x).toBeCloseTo(0.3, 7)
    // cos has its minimum at π on [2, 4]; a smooth minimum fixes x only to ~√ε
    expect(brentMinimize(Math.cos, 4, 2).x).toBeCloseTo(Math.PI, 7)
  })
})

describe('Kolmogorov–Smirnov distance', () => {
  const uniform = (x: number) => Math.min(1, Math.max(0, x))
  it('equals the closed form for small samples', () => {
    // sample {0.5}: F_n jumps 0 → 1 at 0.5, D = max(1 − 0.5, 0.5 − 0) = 0.5
    expect(ksDistance([0.5], uniform)).toBeCloseTo(0.5, 15)
    // the n-point grid (i − ½)/n has D = 1/(2n)
    expect(ksDistance(Array.from({ length: 10 }, (_, i) => (i + 0.5) / 10), uniform)).toBeCloseTo(0.05, 14)
    expect(ksDistance([], uniform)).toBeNaN()
  })
  it('uses the left limit at atoms', () => {
    // half the mass at 0, the rest uniform on (0, 1]; a sample with exactly half zeros fits it
    const F = (x: number) => (x < 0 ? 0 : 0.5 + 0.5 * Math.min(1, x))
    const left = (x: number) => (x <= 0 ? 0 : F(x))
    // five zeros, then the midpoints of five equal bins of (0, 1]: D = half a step of 1/10
    const sample = [0, 0, 0, 0, 0, 0.1, 0.3, 0.5, 0.7, 0.9]
    expect(ksDistance(sample, F, left)).toBeCloseTo(0.05, 14)
    expect(ksDistance(sample, F)).toBeCloseTo(0.5, 12) // treating F as continuous is wrong at the atom
  })
})
