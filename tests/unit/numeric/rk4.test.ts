import { describe, expect, it } from 'vitest'
import { rk4Step, rk4Work } from '@numeric/ode/rk4'

describe('rk4Step', () => {
  it('integrates dx/dt = A x (a rotation with decay) with global error O(h⁴)', () => {
    // x(t) = e^{−t/2} (cos t, −sin t) for A = [[−½, 1], [−1, −½]], x(0) = (1, 0)
    const f = (_t: number, x: Float64Array, out: Float64Array) => ((out[0] = -0.5 * x[0] + x[1]), (out[1] = -x[0] - 0.5 * x[1]))
    const err = (h: number) => {
      const x = Float64Array.from([1, 0])
      const w = rk4Work(2)
      let t = 0
      for (let i = 0; i < Math.round(2 / h); i++, t += h) rk4Step(f, t, x, h, w)
      return Math.hypot(x[0] - Math.exp(-1) * Math.cos(2), x[1] + Math.exp(-1) * Math.sin(2))
    }
    const ratio = err(0.1) / err(0.05)
    expect(ratio).toBeGreaterThan(14)
    expect(ratio).toBeLessThan(18)
    expect(err(0.01)).toBeLessThan(1e-9)
  })

  it('takes a k1 the caller already has (same result as computing it)', () => {
    const f = (t: number, x: Float64Array, out: Float64Array) => void (out[0] = Math.sin(t) * x[0])
    const a = Float64Array.from([2]), b = Float64Array.from([2])
    const wa = rk4Work(1), wb = rk4Work(1)
    rk4Step(f, 0.3, a, 0.1, wa)
    f(0.3, b, wb.k1)
    rk4Step(f, 0.3, b, 0.1, wb, true)
    expect(b[0]).toBe(a[0])
  })
})
