// The double-descent study: theory equal to the typical curve, simulation beside it within its
// spread, the peak at α = 1 and its removal by early stopping; the model-wise axis.
import { describe, expect, it } from 'vitest'
import { doubleDescentEngine } from '@engines/linear/doubleDescent'
import { typicalEg, typicalOptimalStop } from '@models/linear/learningCurve'
import { parseRunSpec } from '@shared/validate'
import type { LinearDoubleDescentSpec } from '@shared/specs/linear'
import type { PointRecord } from '@workers/records'

const points = (input: Record<string, unknown>) => {
  const spec = parseRunSpec({ engine: 'linear-dd', ...input }) as LinearDoubleDescentSpec
  const records = [...doubleDescentEngine(spec)]
  return { points: records.filter((r): r is PointRecord => r.type === 'point'), summary: records.find((r) => r.type === 'summary')! }
}

describe('double descent (linear-dd)', () => {
  const { points: pts, summary } = points({ N: 60, values: [0.5, 1, 2], snrs: [4], seeds: 12, tMax: 500 })
  const at = (alpha: number) => pts.find((p) => p.t === alpha)!.values

  it('theory is the typical curve at t = tMax and at t*', () => {
    const p = { sigmaW: 1, sigmaW0: 0, sigmaEps: 0.5 }
    for (const a of [0.5, 1, 2]) {
      expect(at(a)['theory/Eg_long/snr=4']).toBeCloseTo(typicalEg(a, 500, p), 12)
      expect(at(a)['theory/Eg_early/snr=4']).toBeCloseTo(typicalOptimalStop(a, p).eg, 12)
    }
    expect(at(1)).not.toHaveProperty(['theory/Eg_infinity/snr=4']) // ∞ at α = 1 is not recorded
    expect(at(2)['theory/Eg_infinity/snr=4']).toBeCloseTo(0.25 * 2, 12)
  })

  it('simulation means sit beside the theory (within 4 SE + 10% for finite N = 60) away from the peak', () => {
    for (const a of [0.5, 2])
      for (const stop of ['long', 'early']) {
        const v = at(a)
        const sim = v[`gd/Eg_${stop}/snr=4`]
        const se = v[`gd/Eg_${stop}/snr=4/se`]
        const th = v[`theory/Eg_${stop}/snr=4`]
        expect(Math.abs(sim - th), `α=${a} ${stop}: ${sim} ± ${se} vs ${th}`).toBeLessThan(4 * se + 0.1 * th)
      }
  })

  it('peaks at α = 1 at long times, and early stopping removes the peak (theory and simulation)', () => {
    expect((summary as unknown as { values: { peakAt: Record<string, number> } }).values.peakAt["4"]).toBe(1)
    expect(at(1)['theory/Eg_long/snr=4']).toBeGreaterThan(3 * Math.max(at(0.5)['theory/Eg_long/snr=4'], at(2)['theory/Eg_long/snr=4']))
    const v = at(1)
    expect(v['gd/Eg_early/snr=4'] + 3 * v['gd/Eg_early/snr=4/se']).toBeLessThan(v['gd/Eg_long/snr=4'] - 3 * v['gd/Eg_long/snr=4/se'])
    expect(v['theory/Eg_early/snr=4']).toBeLessThan(v['theory/Eg_long/snr=4'] / 3)
    // early-stopped E_g is smooth through α = 1: no higher there than at α = 0.5
    expect(v['theory/Eg_early/snr=4']).toBeLessThan(at(0.5)['theory/Eg_early/snr=4'])
  })

  it('model-wise: against N at fixed P, the same curve in α = P/N', () => {
    const { points: byN } = points({ axis: 'N', P: 40, values: [20, 40, 80], snrs: [4], seeds: 3, tMax: 200 })
    expect(byN.map((p) => p.t)).toEqual([20, 40, 80])
    const p = { sigmaW: 1, sigmaW0: 0, sigmaEps: 0.5 }
    byN.forEach((pt) => expect(pt.values['theory/Eg_long/snr=4']).toBeCloseTo(typicalEg(40 / pt.t, 200, p), 12))
  })
})
