// One classical Runge–Kutta 4 step for dx/dt = f(t, x), in place, with caller-owned work arrays
// (no allocation per step):
//   k1 = f(t, x), k2 = f(t + h/2, x + h k1/2), k3 = f(t + h/2, x + h k2/2), k4 = f(t + h, x + h k3),
//   x ← x + h (k1 + 2k2 + 2k3 + k4)/6.
// A caller that already evaluated f(t, x) (e.g. for an SDE's drift at the same point) passes
// k1Known = true with it in work.k1.

export type Rhs = (t: number, x: Float64Array, out: Float64Array) => void

export interface Rk4Work {
  k1: Float64Array
  k2: Float64Array
  k3: Float64Array
  k4: Float64Array
  y: Float64Array
}

export function rk4Work(d: number): Rk4Work {
  return { k1: new Float64Array(d), k2: new Float64Array(d), k3: new Float64Array(d), k4: new Float64Array(d), y: new Float64Array(d) }
}

export function rk4Step(f: Rhs, t: number, x: Float64Array, h: number, w: Rk4Work, k1Known = false): void {
  const { k1, k2, k3, k4, y } = w
  const d = x.length
  if (!k1Known) f(t, x, k1)
  for (let i = 0; i < d; i++) y[i] = x[i] + (h / 2) * k1[i]
  f(t + h / 2, y, k2)
  for (let i = 0; i < d; i++) y[i] = x[i] + (h / 2) * k2[i]
  f(t + h / 2, y, k3)
  for (let i = 0; i < d; i++) y[i] = x[i] + h * k3[i]
  f(t + h, y, k4)
  for (let i = 0; i < d; i++) x[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])
}
