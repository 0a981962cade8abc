// The LE-ODE of the class means, dX̄/dt = M(t) X̄ (MATH.md §8), by classical Runge–Kutta 4 with
// steps of at most dt, reporting X̄ at the given increasing record times (the first may be 0).
import type { LeModel } from '@shared/specs/le-sde'
import { rk4Step, rk4Work } from '@numeric/ode/rk4'
import { applyDrift } from './drift'

export type Coefficient = (t: number) => number

/** X̄(t_r) for each record time, from X̄(0) = x0 (K×p); rows of the result are the times. */
export function solveLeOde(model: LeModel, K: number, p: number, alpha: Coefficient, beta: Coefficient, x0: Float64Array, times: ArrayLike<number>, dt: number): Float64Array[] {
  const d = K * p
  const x = Float64Array.from(x0)
  const work = rk4Work(d)
  const f = (t: number, v: Float64Array, out: Float64Array) => applyDrift(model, K, p, alpha(t), beta(t), v, out)
  const out: Float64Array[] = []
  let t = 0
  for (let r = 0; r < times.length; r++) {
    const target = times[r]
    while (t < target - 1e-12 * Math.max(1, target)) {
      const h = Math.min(dt, target - t)
      rk4Step(f, t, x, h, work)
      t += h
    }
    out.push(Float64Array.from(x))
  }
  return out
}
