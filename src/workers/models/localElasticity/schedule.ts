// Values and integrals of an LE schedule (src/shared/specs/leSchedule.ts):
//   value(t) = α(t),  integral(t) = ∫₀ᵗ α(τ) dτ  (A(t) of MATH.md §8), both exact per kind:
//   power  ∫ = c [(t+t0)^{1−a} − t0^{1−a}]/(1−a)   (c log((t+t0)/t0) at a = 1)
//   tlogt  ∫ = c [log log(t+t0) − log log t0]
//   table  ∫ of the piecewise-linear interpolant (trapezoids), constant beyond the ends.
import type { LeSchedule } from '@shared/specs/leSchedule'

export interface ScheduleFn {
  value(t: number): number
  integral(t: number): number
}

export function schedule(s: LeSchedule): ScheduleFn {
  switch (s.kind) {
    case 'constant':
      return { value: () => s.value, integral: (t) => s.value * t }
    case 'power': {
      const { c, a, t0 } = s
      return {
        value: (t) => c * (t + t0) ** -a,
        integral: (t) => (Math.abs(a - 1) < 1e-12 ? c * Math.log((t + t0) / t0) : (c * ((t + t0) ** (1 - a) - t0 ** (1 - a))) / (1 - a))
      }
    }
    case 'tlogt': {
      const { c, t0 } = s
      return { value: (t) => c / ((t + t0) * Math.log(t + t0)), integral: (t) => c * (Math.log(Math.log(t + t0)) - Math.log(Math.log(t0))) }
    }
    case 'piecewise': {
      const { breaks, values } = s
      const piece = (t: number) => {
        let i = 0
        while (i < breaks.length && t >= breaks[i]) i++
        return i
      }
      return {
        value: (t) => values[piece(t)],
        integral: (t) => {
          let acc = 0
          let left = 0
          for (let i = 0; i < values.length; i++) {
            const right = i < breaks.length ? Math.min(breaks[i], t) : t
            if (right > left) acc += values[i] * (right - left)
            if (i < breaks.length && breaks[i] >= t) break
            left = breaks[i] ?? left
          }
          return acc
        }
      }
    }
    case 'table': {
      const T = s.t
      const V = s.values
      const n = T.length
      // cumulative trapezoids at the knots, with the constant piece [0, T[0]) first
      const cum = new Float64Array(n)
      cum[0] = V[0] * T[0]
      for (let i = 1; i < n; i++) cum[i] = cum[i - 1] + ((V[i] + V[i - 1]) / 2) * (T[i] - T[i - 1])
      const locate = (t: number) => {
        let lo = 0
        let hi = n - 1
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1
          if (T[mid] <= t) lo = mid
          else hi = mid
        }
        return lo
      }
      const value = (t: number) => {
        if (t <= T[0]) return V[0]
        if (t >= T[n - 1]) return V[n - 1]
        const i = locate(t)
        const w = (t - T[i]) / (T[i + 1] - T[i])
        return V[i] + w * (V[i + 1] - V[i])
      }
      return {
        value,
        integral: (t) => {
          if (t <= T[0]) return V[0] * t
          if (t >= T[n - 1]) return cum[n - 1] + V[n - 1] * (t - T[n - 1])
          const i = locate(t)
          return cum[i] + ((V[i] + value(t)) / 2) * (t - T[i])
        }
      }
    }
  }
}
