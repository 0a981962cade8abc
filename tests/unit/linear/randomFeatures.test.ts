// Two layers with a random ReLU first layer (eqs. 9–12): the exact test error against Monte Carlo,
// the theory on X_h's spectrum against iterated gradient descent, and the bound against N_h.
import { describe, expect, it } from 'vitest'
import { gaussianVector, rowTimes } from '@models/linear/instance'
import { GradientDescent } from '@models/linear/gradientDescent'
import { featureModes, featureTrainingError, featureWeightNorm2, reluFeatures, ReluTestError } from '@models/linear/randomFeatures'
import { randomFeaturesEngine } from '@engines/linear/randomFeatures'
import { parseRunSpec } from '@shared/validate'
import type { LinearReluSpec } from '@shared/specs/linear'
import type { PointRecord } from '@workers/records'

function task(Ni: number, Nh: number, P: number, seed: number, sigmaW0 = 0) {
  const X = gaussianVector(Ni * P, 1 / Math.sqrt(Ni), seed, 'X')
  const wTeacher = gaussianVector(Ni, 1, seed, 'teacher')
  const y = rowTimes(wTeacher, X, Ni, P)
  const noise = gaussianVector(P, 0.5, seed, 'noise')
  for (let m = 0; m < P; m++) y[m] += noise[m]
  const W1 = gaussianVector(Nh * Ni, 1, seed, 'W1')
  const w0 = gaussianVector(Nh, sigmaW0, seed, 'w0')
  return { X, wTeacher, y, W1, w0, H: reluFeatures(W1, X, Nh, Ni, P) }
}

describe('random ReLU features', () => {
  it('the arc-cosine test error equals a Monte Carlo estimate on fresh inputs (within 4 SE)', () => {
    const Ni = 10
    const Nh = 30
    const { W1, wTeacher } = task(Ni, Nh, 5, 1)
    const w = gaussianVector(Nh, 1, 1, 'some readout')
    const exact = new ReluTestError(W1, Nh, Ni, wTeacher).eg(w, 0.5)
    const M = 40_000
    const Xt = gaussianVector(Ni * M, 1 / Math.sqrt(Ni), 9, 'test')
    const Ht = reluFeatures(W1, Xt, Nh, Ni, M)
    const target = rowTimes(wTeacher, Xt, Ni, M)
    const out = rowTimes(w, Ht, Nh, M)
    const sq = Array.from({ length: M }, (_, m) => (target[m] - out[m]) ** 2)
    const mean = sq.reduce((a, b) => a + b, 0) / M
    const se = Math.sqrt(sq.reduce((a, b) => a + (b - mean) ** 2, 0) / (M - 1) / M)
    expect(Math.abs(exact - 0.25 - mean), `${exact - 0.25} vs ${mean} ± ${se}`).toBeLessThan(4 * se)
  })

  it('E_t and eq. 10’s ‖w‖² on X_h’s spectrum are iterated gradient descent, exactly, for N_h < P and N_h > P', () => {
    for (const Nh of [15, 60]) {
      const Ni = 8
      const P = 30
      const lr = 0.05
      const { H, y, w0 } = task(Ni, Nh, P, 2)
      const modes = featureModes(H, Nh, P, y, w0)
      const gd = new GradientDescent({ N: Nh, P, X: H, y, w0, lr })
      for (const k of [10, 100, 1000]) {
        gd.advance(k - gd.k)
        const w = gd.weights()
        const out = rowTimes(w, H, Nh, P)
        const et = y.reduce((s, v, m) => s + (v - out[m]) ** 2, 0) / P
        const clock = { kind: 'gd' as const, lr }
        expect(Math.abs(featureTrainingError(modes, k * lr, clock) - et) / et, `N_h=${Nh} k=${k}`).toBeLessThan(1e-9)
        const norm2 = w.reduce((s, v) => s + v * v, 0)
        expect(Math.abs(featureWeightNorm2(modes, k * lr, clock) - norm2) / norm2, `N_h=${Nh} k=${k}`).toBeLessThan(1e-9)
      }
    }
  })

  it('the engine: the Rademacher bound (eq. 12) peaks near N_h = P and falls beyond; it bounds the measured gap', () => {
    const spec = parseRunSpec({ engine: 'linear-relu', Ni: 20, P: 40, hidden: [10, 20, 40, 80, 160, 320], seeds: 2, lr: 0.05, tMax: 100 }) as LinearReluSpec
    const records = [...randomFeaturesEngine(spec)]
    const pts = records.filter((r): r is PointRecord => r.type === 'point')
    expect(pts.map((p) => p.t)).toEqual([10, 20, 40, 80, 160, 320])
    const R = pts.map((p) => p.values['bound/R'])
    expect(R[2]).toBe(Math.max(...R)) // the eigengap closes at N_h = P
    expect(R[3]).toBeGreaterThan(R[4])
    expect(R[4]).toBeGreaterThan(R[5])
    for (const p of pts) {
      expect(p.values['bound/gap']).toBeGreaterThan(p.values['gd/gap'])
      // theory on X_h's spectrum (flow) beside the iterated descent (step 0.05): within 2%
      expect(Math.abs(p.values['theory/norm'] / p.values['gd/norm'] - 1)).toBeLessThan(0.02)
    }
    const summary = records.find((r) => r.type === 'summary') as { values: Record<string, number> }
    expect(summary.values.boundFallsBy).toBeLessThan(1)
  })
})
