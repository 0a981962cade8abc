import { Matrix, solve } from 'ml-matrix'
import { describe, expect, it } from 'vitest'
import { lbfgs, minimize, strongWolfeLineSearch, type LbfgsStep, type Objective } from '@numeric/optimize/lbfgs'

/** Extended Rosenbrock (Moré, Garbow, Hillstrom 1981, problem 21): minimum 0 at x = 1. */
const rosenbrock: Objective = (x, g) => {
  let f = 0
  g.fill(0)
  for (let i = 0; i < x.length; i += 2) {
    const a = x[i + 1] - x[i] * x[i]
    const b = 1 - x[i]
    f += 100 * a * a + b * b
    g[i] += -400 * x[i] * a - 2 * b
    g[i + 1] += 200 * a
  }
  return f
}

function expectStrongWolfe(s: LbfgsStep, c1: number, c2: number) {
  expect(s.phiAlpha).toBeLessThanOrEqual(s.phi0 + c1 * s.alpha * s.dphi0 + 1e-15 * Math.abs(s.phi0))
  expect(Math.abs(s.dphiAlpha)).toBeLessThanOrEqual(c2 * Math.abs(s.dphi0))
  expect(s.dphi0).toBeLessThan(0)
}

describe('strongWolfeLineSearch on the Moré–Thuente (1994) test functions', () => {
  // function 1: φ(α) = −α/(α² + β), β = 2; μ = 0.001, η = 0.1 (their Table 1)
  const beta1 = 2
  const phi1 = (a: number): [number, number] => [-a / (a * a + beta1), (a * a - beta1) / (a * a + beta1) ** 2]
  // function 2: φ(α) = (α + β)^5 − 2(α + β)^4, β = 0.004; μ = 0.1, η = 0.1 (their Table 2)
  const beta2 = 0.004
  const phi2 = (a: number): [number, number] => {
    const z = a + beta2
    return [z ** 5 - 2 * z ** 4, 5 * z ** 4 - 8 * z ** 3]
  }
  const cases = [
    { name: 'φ1', phi: phi1, c1: 1e-3, c2: 0.1 },
    { name: 'φ2', phi: phi2, c1: 0.1, c2: 0.1 }
  ]
  for (const c of cases)
    for (const a0 of [1e-3, 1e-1, 10, 1e3]) {
      it(`${c.name} from α0 = ${a0}: the result satisfies both strong Wolfe conditions`, () => {
        const [f0, d0] = c.phi(0)
        const r = strongWolfeLineSearch(c.phi, f0, d0, a0, { c1: c.c1, c2: c.c2 })
        expect(r.ok).toBe(true)
        const [fa, da] = c.phi(r.alpha)
        expect(fa).toBe(r.phi)
        expect(fa).toBeLessThanOrEqual(f0 + c.c1 * r.alpha * d0)
        expect(Math.abs(da)).toBeLessThanOrEqual(c.c2 * Math.abs(d0))
        expect(r.evaluations).toBeLessThanOrEqual(20)
      })
    }

  it('with c2 small it lands near the exact minimiser (φ1: α* = √2)', () => {
    const [f0, d0] = phi1(0)
    const r = strongWolfeLineSearch(phi1, f0, d0, 1e-3, { c1: 1e-4, c2: 1e-6 })
    expect(r.ok).toBe(true)
    expect(r.alpha).toBeCloseTo(Math.SQRT2, 3)
  })
})

describe('lbfgs', () => {
  it('Rosenbrock from (−1.2, 1) reaches (1, 1); every step satisfies the strong Wolfe conditions', () => {
    const x = Float64Array.from([-1.2, 1])
    const r = minimize(rosenbrock, x, { maxIterations: 200, gradTol: 1e-10, relTol: 0 })
    expect(r.reason).toBe('gradient')
    expect(x[0]).toBeCloseTo(1, 8)
    expect(x[1]).toBeCloseTo(1, 8)
    expect(r.f).toBeLessThan(1e-18)
    expect(r.iterations).toBeLessThan(60)
    for (const s of r.steps) {
      expect(s.wolfe).toBe(true)
      expectStrongWolfe(s, 1e-4, 0.9)
    }
    // f decreases monotonically
    for (let i = 1; i < r.steps.length; i++) expect(r.steps[i].f).toBeLessThanOrEqual(r.steps[i - 1].f)
  })

  it('extended Rosenbrock, n = 40, from the standard start (−1.2, 1, …)', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? -1.2 : 1))
    const r = minimize(rosenbrock, x, { maxIterations: 500, gradTol: 1e-9, history: 7, relTol: 0 })
    expect(r.reason).toBe('gradient')
    for (const v of x) expect(v).toBeCloseTo(1, 7)
  })

  it('a convex quadratic ½xᵀAx − bᵀx: x* = A⁻¹b (solved independently by ml-matrix LU)', () => {
    const n = 30
    let s = 12345
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5
    const G = Matrix.from1DArray(n, n, Array.from({ length: n * n }, rnd))
    const A = G.mmul(G.transpose()).add(Matrix.eye(n).mul(0.5)) // SPD, condition ~10²
    const b = Array.from({ length: n }, rnd)
    const Ad = A.to1DArray()
    const fg: Objective = (x, g) => {
      let f = 0
      for (let i = 0; i < n; i++) {
        let ax = 0
        for (let j = 0; j < n; j++) ax += Ad[i * n + j] * x[j]
        g[i] = ax - b[i]
        f += 0.5 * x[i] * ax - b[i] * x[i]
      }
      return f
    }
    const x = new Float64Array(n)
    const r = minimize(fg, x, { maxIterations: 300, gradTol: 1e-11, relTol: 0 })
    const xStar = solve(A, Matrix.columnVector(b)).to1DArray()
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(xStar[i], 7)
    // it stops when f no longer changes in double precision: Δf ~ ‖g‖²/λ ≲ 1e-16 |f|
    expect(r.gradNorm, `${r.reason} after ${r.iterations}`).toBeLessThan(1e-7)
  })

  it('streams one record per iteration and stops at maxIterations', () => {
    const x = Float64Array.from([-1.2, 1])
    const it = lbfgs(rosenbrock, x, { maxIterations: 5 })
    const seen: number[] = []
    let r = it.next()
    while (!r.done) {
      seen.push(r.value.iteration)
      r = it.next()
    }
    expect(seen).toEqual([1, 2, 3, 4, 5])
    expect(r.value.reason).toBe('max-iterations')
    expect(r.value.evaluations).toBeGreaterThanOrEqual(6)
  })

  it('the last evaluation is at the returned iterate (callers may cache diagnostics)', () => {
    let lastX: number[] = []
    const spy: Objective = (x, g) => {
      lastX = Array.from(x)
      return rosenbrock(x, g)
    }
    const x = Float64Array.from([-1.2, 1])
    const it = lbfgs(spy, x, { maxIterations: 30 })
    for (let r = it.next(); !r.done; r = it.next()) expect(lastX).toEqual(Array.from(x))
  })

  it('a start at the minimum returns at once', () => {
    const x = Float64Array.from([1, 1])
    const r = minimize(rosenbrock, x)
    expect(r.iterations).toBe(0)
    expect(r.reason).toBe('gradient')
  })
})
