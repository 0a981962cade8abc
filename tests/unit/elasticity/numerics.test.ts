// Generic numerics written for the LE engines: expm, luSolve, Savitzky–Golay, hard-margin separation.
import { describe, expect, it } from 'vitest'
import { expm } from '@numeric/linalg/expm'
import { luSolve, SingularMatrixError } from '@numeric/linalg/luSolve'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { savitzkyGolay } from '@numeric/filters/savitzkyGolay'
import { linearSeparation } from '@numeric/optimize/linearSeparability'
import { Rng } from '@numeric/random/rng'

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}
const mul = (A: Float64Array, B: Float64Array, n: number) => {
  const C = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) C[i * n + j] += A[i * n + k] * B[k * n + j]
  return C
}

describe('expm', () => {
  it('matches V e^Λ Vᵀ for a symmetric matrix (the eigen route)', () => {
    const n = 6
    const rng = Rng.stream(1, 'expm')
    const G = new Float64Array(n * n)
    rng.fillNormal(G)
    const A = new Float64Array(n * n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = (G[i * n + j] + G[j * n + i]) * 1.5 // ‖A‖ ≈ 10: many squarings
    const { values, vectors } = symmetricEigen(A, n)
    const ref = new Float64Array(n * n)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) for (let r = 0; r < n; r++) ref[i * n + j] += vectors![i * n + r] * Math.exp(values[r]) * vectors![j * n + r]
    const E = expm(A, n)
    const scale = Math.max(...ref.map(Math.abs))
    expect(maxAbsDiff(E, ref) / scale).toBeLessThan(1e-11)
  })

  it('gives a rotation for a skew generator and e^a(I + N) for a Jordan block', () => {
    const th = 2.3
    expect(maxAbsDiff(expm(Float64Array.of(0, -th, th, 0), 2), [Math.cos(th), -Math.sin(th), Math.sin(th), Math.cos(th)])).toBeLessThan(1e-14)
    const a = -0.7
    const b = 5
    expect(maxAbsDiff(expm(Float64Array.of(a, b, 0, a), 2), [Math.exp(a), b * Math.exp(a), 0, Math.exp(a)])).toBeLessThan(1e-13)
  })

  it('e^A e^{−A} = I for a non-normal matrix, and e^0 = I', () => {
    const n = 5
    const A = new Float64Array(n * n)
    Rng.stream(2, 'expm').fillNormal(A)
    const P = mul(expm(A, n), expm(A.map((v) => -v), n), n)
    const I = new Float64Array(n * n)
    for (let i = 0; i < n; i++) I[i * n + i] = 1
    expect(maxAbsDiff(P, I)).toBeLessThan(1e-11)
    expect(maxAbsDiff(expm(new Float64Array(9), 3), [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBe(0)
    expect(() => expm(Float64Array.of(NaN), 1)).toThrow(/not finite/)
  })
})

describe('luSolve', () => {
  it('solves a pivoting system and refuses a singular one', () => {
    const A = Float64Array.of(0, 2, 1, 1, 1, 0, 3, 0, 1)
    const x = Float64Array.of(1, -2, 3)
    const b = new Float64Array(3)
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) b[i] += A[i * 3 + j] * x[j]
    expect(maxAbsDiff(luSolve(A, b, 3), x)).toBeLessThan(1e-14)
    expect(() => luSolve(Float64Array.of(1, 2, 2, 4), Float64Array.of(1, 1), 2)).toThrow(SingularMatrixError)
  })
})

describe('Savitzky–Golay', () => {
  // scipy.signal.savgol_filter(y, 7, 3, deriv=1, delta=0.1) and savgol_filter(y, 7, 2) (mode 'interp'),
  // y = sin(linspace(0, 3, 20))² + linspace(0, 1, 20)³, values at indices 0, 2, 5, 10, 19
  const x = Array.from({ length: 20 }, (_, i) => i / 19)
  const y = x.map((v) => Math.sin(3 * v) ** 2 + v ** 3)
  const at = [0, 2, 5, 10, 19]
  it('matches scipy for a derivative and for smoothing, edges included', () => {
    const d = savitzkyGolay(y, { window: 7, order: 3, deriv: 1, delta: 0.1 })
    const s = savitzkyGolay(y, { window: 7, order: 2 })
    expect(maxAbsDiff(at.map((i) => d[i]), [-0.06912572987804368, 0.9679217835899678, 1.6850713623314098, 0.41169421088816494, 1.1841370072375808])).toBeLessThan(1e-12)
    expect(maxAbsDiff(at.map((i) => s[i]), [-0.010557996695248192, 0.10914120536216092, 0.5222829989111148, 1.1436778953288784, 1.0054148064076933])).toBeLessThan(1e-12)
  })
  it('differentiates a polynomial of its degree exactly and refuses bad windows', () => {
    const t = Array.from({ length: 30 }, (_, i) => 0.5 * i)
    const f = t.map((v) => 2 - v + 0.3 * v * v)
    const d = savitzkyGolay(f, { window: 9, order: 2, deriv: 1, delta: 0.5 })
    expect(maxAbsDiff(d, t.map((v) => -1 + 0.6 * v))).toBeLessThan(1e-11)
    expect(() => savitzkyGolay(f, { window: 8, order: 2 })).toThrow(/odd/)
    expect(() => savitzkyGolay(f.slice(0, 5), { window: 7, order: 2 })).toThrow(/fewer than window/)
  })
})

describe('hard-margin linear separation', () => {
  it('finds the margin of two segments (half their distance) and its hyperplane', () => {
    // A on x = 1 (y ∈ [0, 2]), B on x = −2 (y ∈ [−1, 3]): margin 1.5, w = (1, 0)
    const A = Float64Array.of(1, 0, 1, 2, 1, 1)
    const B = Float64Array.of(-2, -1, -2, 3)
    const r = linearSeparation(A, 3, B, 2, 2)
    expect(r.separable).toBe(true)
    expect(r.margin).toBeCloseTo(1.5, 12)
    expect(r.w[0]).toBeCloseTo(1, 12)
    expect(r.bias).toBeCloseTo(0.5, 12)
  })
  it('matches the point-to-hull distance of a tilted configuration', () => {
    // B = {(0, 0)}, A = segment from (2, 0) to (0, 2): distance √2, margin √2/2
    const r = linearSeparation(Float64Array.of(2, 0, 0, 2), 2, Float64Array.of(0, 0), 1, 2)
    expect(r.margin).toBeCloseTo(Math.SQRT2 / 2, 12)
  })
  it('says no for XOR and for interleaved Gaussian clouds, yes once they are pulled apart', () => {
    expect(linearSeparation(Float64Array.of(1, 1, -1, -1), 2, Float64Array.of(1, -1, -1, 1), 2, 2).separable).toBe(false)
    const rng = Rng.stream(3, 'clouds')
    const p = 3
    const n = 200
    const A = new Float64Array(n * p)
    const B = new Float64Array(n * p)
    rng.fillNormal(A)
    rng.fillNormal(B)
    expect(linearSeparation(A, n, B, n, p).separable).toBe(false)
    // shift A by 20 along e_0: the Gaussian tails are far below 10
    for (let i = 0; i < n; i++) A[i * p] += 20
    const r = linearSeparation(A, n, B, n, p)
    expect(r.separable).toBe(true)
    // certificate: every point on its side by at least the margin
    for (let i = 0; i < n; i++) {
      let a = r.bias
      let b = r.bias
      for (let k = 0; k < p; k++) (a += r.w[k] * A[i * p + k]), (b += r.w[k] * B[i * p + k])
      expect(a).toBeGreaterThanOrEqual(r.margin - 1e-9)
      expect(b).toBeLessThanOrEqual(-r.margin + 1e-9)
    }
  })
})
