// The learning curves of MATH.md §7: the typical dataset (eq. 6) against an independent SciPy/mpmath
// reference and the closed-form long-time limits; eq. 1 for a finite dataset against the typical one.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  datasetEg,
  datasetEt,
  datasetOptimalStop,
  datasetSpectrum,
  modeError,
  typicalEg,
  typicalEgInfinity,
  typicalEt,
  typicalOptimalStop
} from '@models/linear/learningCurve'
import { drawInstance, gram } from '@models/linear/instance'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'

interface Reference {
  params: { sigmaW: number; sigmaW0: number; sigmaEps: number }
  cases: { alpha: number; t: number; Eg: number; Et: number }[]
  optima: { alpha: number; tOptimal: number; EgOptimal: number }[]
}
// python3 tests/reference/linear_typical_reference.py (SciPy QAWS and mpmath agree to 1e-11)
const ref = JSON.parse(readFileSync(resolve(__dirname, '../../reference/linear-typical.json'), 'utf8')) as Reference
const p = ref.params

describe('typical dataset (Marchenko–Pastur, eq. 6)', () => {
  it('matches the SciPy/mpmath reference to 1e-11 at α = 0.5, 1, 2 from t = 0.5 to 5000', () => {
    for (const c of ref.cases) {
      expect(Math.abs(typicalEg(c.alpha, c.t, p) - c.Eg) / c.Eg, `E_g α=${c.alpha} t=${c.t}`).toBeLessThan(1e-11)
      expect(Math.abs(typicalEt(c.alpha, c.t, p) - c.Et), `E_t α=${c.alpha} t=${c.t}`).toBeLessThan(1e-11 * c.Et + 1e-300)
    }
  })

  it('reaches the closed-form long-time limits to 1e-8 (α > 1: σ_ε²α/(α−1); α < 1: (1−α)(σ_w²+σ_w0²) + σ_ε²/(1−α))', () => {
    const limit = (a: number) => (a > 1 ? (p.sigmaEps ** 2 * a) / (a - 1) : (1 - a) * (p.sigmaW ** 2 + p.sigmaW0 ** 2) + p.sigmaEps ** 2 / (1 - a))
    for (const a of [0.1, 0.5, 0.8, 0.95, 1.05, 1.25, 2, 5, 20]) {
      const gap = (1 - Math.sqrt(a)) ** 2
      // by the integral, at a time long after the slowest mode (λ₋ t = 200): e^{−200} is far below 1e-8
      const t = 200 / gap
      expect(Math.abs(typicalEg(a, t, p) - limit(a)) / limit(a), `α = ${a}`).toBeLessThan(1e-8)
      expect(typicalEgInfinity(a, p)).toBeCloseTo(limit(a), 12)
      expect(typicalEt(a, t, p)).toBeCloseTo(Math.max(0, 1 - 1 / a) * p.sigmaEps ** 2, 12)
    }
    expect(typicalEgInfinity(1, p)).toBe(Infinity)
    expect(typicalEgInfinity(1, { ...p, sigmaEps: 0 })).toBe(0)
  })

  it('starts at σ_w² + σ_w0² + σ_ε² (E_g and E_t) for every α', () => {
    for (const a of [0.2, 1, 3]) {
      expect(typicalEg(a, 0, p)).toBeCloseTo(1.5, 13)
      expect(typicalEt(a, 0, p)).toBeCloseTo(1.5, 13)
    }
  })

  it('diverges like √t at α = 1 (the double-descent peak): E_g(4t) − σ² ≈ 2(E_g(t) − σ²) at large t', () => {
    const excess = (t: number) => typicalEg(1, t, p) - typicalEg(1, 0, { ...p, sigmaW: 0, sigmaW0: 0 })
    expect(excess(4e6) / excess(1e6)).toBeCloseTo(2, 2)
  })

  it('optimal early stopping: t* and E_g(t*) match the reference, and early stopping removes the peak near α = 1', () => {
    for (const o of ref.optima) {
      const opt = typicalOptimalStop(o.alpha, p)
      expect(Math.abs(opt.t - o.tOptimal) / o.tOptimal, `t* α=${o.alpha}`).toBeLessThan(1e-6)
      expect(Math.abs(opt.eg - o.EgOptimal) / o.EgOptimal, `E_g(t*) α=${o.alpha}`).toBeLessThan(1e-12)
    }
    for (const a of [0.9, 0.95, 1, 1.05, 1.1]) {
      const early = typicalOptimalStop(a, p).eg
      const long = typicalEg(a, 1e4, p)
      expect(early, `α = ${a}`).toBeLessThan(long / 3)
    }
  })
})

describe('eq. 1 for one dataset', () => {
  it('a mode with λ = 0 is never learned and adds no noise', () => {
    expect(modeError(0, 100, p)).toBeCloseTo(1.25, 14)
    expect(modeError(0, Infinity, p)).toBeCloseTo(1.25, 14)
  })

  it('a large dataset follows the typical curve (E_g and E_t within 2%), and so do t* and E_g(t*)', () => {
    for (const [N, P] of [
      [300, 150],
      [200, 400]
    ]) {
      const inst = drawInstance({ N, P, sigmaW: 1, sigmaW0: 0, sigmaEps: 0 }, 11)
      const lambdas = datasetSpectrum(symmetricEigen(gram(inst.X, N, P), N, { vectors: false }).values, N, P)
      const a = P / N
      for (const t of [0.1, 1, 10, 100]) {
        expect(Math.abs(datasetEg(lambdas, t, p) / typicalEg(a, t, p) - 1), `E_g N=${N} t=${t}`).toBeLessThan(0.02)
        const et = typicalEt(a, t, p)
        expect(Math.abs(datasetEt(lambdas, P, t, p) - et), `E_t N=${N} t=${t}`).toBeLessThan(0.02 * et + 1e-3)
      }
      const d = datasetOptimalStop(lambdas, p)
      const typ = typicalOptimalStop(a, p)
      expect(Math.abs(d.eg / typ.eg - 1)).toBeLessThan(0.02)
      expect(Math.abs(Math.log(d.t / typ.t))).toBeLessThan(0.1)
    }
  })
})
