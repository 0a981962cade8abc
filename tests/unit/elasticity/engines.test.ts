// The LE engines end to end: separation on either side of a = 1, the ETF of the L-model, the specs.
import { describe, expect, it } from 'vitest'
import { runEngine } from '@engines/index'
import { parseRunSpec } from '@shared/validate'
import type { EngineRecord, PointRecord } from '@workers/records'

function run(spec: unknown) {
  const records: EngineRecord[] = [...runEngine(parseRunSpec(spec))]
  const summary = Object.assign({}, ...records.filter((r) => r.type === 'summary').map((r) => r.values)) as Record<string, any>
  const points = records.filter((r): r is PointRecord => r.type === 'point')
  const artifacts = new Map(records.flatMap((r) => (r.type === 'artifact' ? [[r.name, r] as const] : [])))
  return { summary, points, artifacts }
}

describe('le-sde (Euler–Maruyama)', () => {
  const base = { engine: 'le-sde', K: 3, p: 2, n: 40, model: 'I', beta: { kind: 'constant', value: 0 }, sigma: 1, dt: 0.1, tMax: 1000, points: 12 }
  it('separates for γ = 2 t^{−0.4} (a < 1) and does not for γ = 2 t^{−1.6} (a > 1), over 3 seeds', () => {
    for (const seed of [0, 1, 2]) {
      const below = run({ ...base, seed, alpha: { kind: 'power', c: 2, a: 0.4 } })
      const above = run({ ...base, seed, alpha: { kind: 'power', c: 2, a: 1.6 } })
      expect(below.summary.sep.fractionFinal).toBe(1)
      expect(below.summary.sep.marginFinal).toBeGreaterThan(1)
      expect(above.summary.sep.fractionFinal).toBe(0)
      expect(above.summary.sep.marginFinal).toBe(0)
    }
  })
  it('keeps the sample means on the LE-ODE means within the noise, σ √(t/n)', () => {
    const { points } = run({ ...base, seed: 4, n: 400, tMax: 50, alpha: { kind: 'constant', value: 0.3 }, beta: { kind: 'constant', value: -0.1 } })
    const last = points[points.length - 1]
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 2; j++) {
        const diff = Math.abs(last.values[`sde/mean[${k},${j}]`] - last.values[`ode/mean[${k},${j}]`])
        // Euler quadrature of the drift (O(dt)·|X̄| ≈ 0.05·|X̄| rel.) plus 4 standard errors of the noise
        expect(diff).toBeLessThan(4 * Math.sqrt(50 / 400) + 0.02 * Math.abs(last.values[`ode/mean[${k},${j}]`]))
      }
  })
  it('refuses an L-model with p ≠ K and unknown keys, naming the field', () => {
    expect(() => parseRunSpec({ engine: 'le-sde', model: 'L', K: 4, p: 3 })).toThrow(/p: the L-model has logits as features/)
    expect(() => parseRunSpec({ engine: 'le-sde', gamma: 1 })).toThrow(/gamma/)
    expect(() => parseRunSpec({ engine: 'le-sde', alpha: { kind: 'piecewise', breaks: [2, 1], values: [1, 2, 3] } })).toThrow(/alpha\.breaks/)
  })
})

describe('le-phase (separation theorem)', () => {
  it('separates with probability 1 for a < 1 and 0 for a > 1 at t = 1e6', () => {
    const { summary, artifacts } = run({ engine: 'le-phase', as: [0.5, 0.75, 1.5, 2], cs: [1, 2], tMaxes: [1e6], seeds: 8 })
    expect(summary.probabilityBelow).toBe(1)
    expect(summary.probabilityAbove).toBe(0)
    expect(artifacts.get('phase/probability')!.shape).toEqual([1, 2, 4])
  })
  it('at the edge a = 1 separates iff c/K > 1/2 (means grow as t^{c/K}, noise as √t)', () => {
    const { artifacts } = run({ engine: 'le-phase', K: 3, as: [1], cs: [0.5, 4], tMaxes: [1e8], seeds: 6 })
    const prob = artifacts.get('phase/probability')!.data
    expect(prob[0]).toBe(0) // c/K = 1/6
    expect(prob[1]).toBe(1) // c/K = 4/3
  })
})

describe('le-collapse (neural collapse of the L-model)', () => {
  it('reaches cos(X̄_k, X̄_l) = −1/(K−1) to 1e-3 for K = 3 … 10 with α = 1, β = −1', () => {
    const { summary, artifacts } = run({ engine: 'le-collapse', Ks: [3, 4, 5, 6, 7, 8, 9, 10], tMax: 100, dt: 0.02, points: 10 })
    for (let K = 3; K <= 10; K++) {
      const C = artifacts.get(`cosines/K=${K}`)!.data
      for (let k = 0; k < K; k++)
        for (let l = 0; l < K; l++) {
          if (k === l) expect(C[k * K + l]).toBeCloseTo(1, 12)
          else expect(Math.abs(C[k * K + l] + 1 / (K - 1))).toBeLessThan(1e-3)
        }
    }
    expect(summary.maxErrorFinal).toBeLessThan(1e-3)
  })
  it('does not collapse when β > 0 (the deviation modes outgrow the common one)', () => {
    const { summary } = run({ engine: 'le-collapse', Ks: [3, 5], beta: { kind: 'constant', value: 0.2 }, tMax: 100, dt: 0.02, points: 10 })
    expect(summary.errorFinal['3']).toBeGreaterThan(0.1)
    expect(summary.errorFinal['5']).toBeGreaterThan(0.1)
  })
})
