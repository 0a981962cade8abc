// MATH.md §3: the r-equation's teacher term is per mode. Through the hmm engine's own spec (the
// teacher on the 20 top modes of Ω = FFᵀ/N, F i.i.d.), N = 1000, D = 500, 4 seeds: the per-mode ODE
// (the default) follows SGD from identical initial conditions; the τ-averaged form (Goldt's C++,
// kept as ode.teacherTerm = 'averaged') leaves it and reaches ε_g < 0 by t = 5.
import { describe, expect, it } from 'vitest'
import { HmmRunSpec } from '@shared/spec'
import { hmmEngine } from '@engines/hmm/engine'
import { drawInstance, powerLawScales } from '@models/twoLayer/drawInstance'
import { featureCovariance } from '@models/twoLayer/odeState'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'

const spec = (seed: number, teacherTerm: 'per-mode' | 'averaged', solve = ['sgd', 'ode']) =>
  HmmRunSpec.parse({
    engine: 'hmm', seed, solve,
    model: { N: 1000, D: 500, teacher: 'top-modes', teacherModes: 20 },
    train: { tMax: 5, tMin: 0.1, points: 6, testSamples: 10_000 },
    ode: { teacherTerm }
  })

function curves(s: HmmRunSpec) {
  const sgd: number[] = [], ode: number[] = [], t: number[] = []
  for (const r of hmmEngine(s)) {
    if (r.type !== 'point') continue
    if ('sgd/eg' in r.values) (sgd.push(r.values['sgd/eg']), t.push(r.t))
    if ('ode/eg' in r.values) ode.push(r.values['ode/eg'])
  }
  return { t, sgd, ode }
}

describe('a teacher on the top modes of Ω (hmm spec: features power-law, teacher top-modes)', () => {
  it('puts the teacher in the span of the top eigenvectors, |w̃_m|² = D', () => {
    const s = HmmRunSpec.parse({ engine: 'hmm', model: { N: 300, D: 100, features: 'power-law', teacher: 'top-modes', teacherModes: 5 } })
    const inst = drawInstance(s)
    const { D, N, M } = inst
    const { vectors } = symmetricEigen(featureCovariance(inst.F, D, N), D)
    for (let m = 0; m < M; m++) {
      let norm = 0, inTop = 0
      for (let r = 0; r < D; r++) norm += inst.wTeacher[m * D + r] ** 2
      for (let j = 0; j < 5; j++) {
        let p = 0
        for (let r = 0; r < D; r++) p += inst.wTeacher[m * D + r] * vectors![r * D + (D - 1 - j)]
        inTop += p * p
      }
      expect(norm).toBeCloseTo(D, 8)
      expect(inTop / norm).toBeCloseTo(1, 10)
    }
    // power-law scales: mean s² = 1, s_r² ∝ r^(−a)
    const sc = powerLawScales(50, 1.5)
    expect(sc.reduce((a, x) => a + x * x, 0) / 50).toBeCloseTo(1, 12)
    expect((sc[0] / sc[9]) ** 2).toBeCloseTo(10 ** 1.5, 9)
  })

  it('per-mode ODE within 3 % of SGD (mean of 4 seeds) at every t; the τ-averaged one below 0 by t = 5', () => {
    const seeds = [1, 2, 3, 4]
    const per = seeds.map((seed) => curves(spec(seed, 'per-mode')))
    const avg = seeds.map((seed) => curves(spec(seed, 'averaged', ['ode'])))
    const n = per[0].t.length
    // the test-set SE of one ε_g is √(2/10⁴) ≈ 1.4 % (Gaussian ŷ − y); over 4 seeds 0.7 %, plus finite-N
    for (let i = 0; i < n; i++) {
      const rel = per.reduce((a, c) => a + (c.sgd[i] - c.ode[i]) / c.ode[i], 0) / seeds.length
      expect(Math.abs(rel), `t = ${per[0].t[i]}`).toBeLessThan(0.03)
    }
    for (const [s, c] of avg.entries()) {
      const sgd = per[s].sgd
      // the two ODEs start together (the term acts through dr/dt only) …
      expect(c.ode[0]).toBeCloseTo(per[s].ode[0], 12)
      // … and the averaged one ends below zero, where no error can be, while SGD is at ≈ 0.14
      expect(c.ode[n - 1]).toBeLessThan(0)
      expect(sgd[n - 1]).toBeGreaterThan(0.1)
    }
  })
})
