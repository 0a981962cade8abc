import { describe, expect, it } from 'vitest'
import { ema, emaLog } from '@renderer/lib/smoothing'

describe('ema', () => {
  it('is the identity at weight 0', () => expect(ema([1, 2, 3], 0)).toEqual([1, 2, 3]))
  it('is debiased: a constant stays constant', () => {
    for (const v of ema([2, 2, 2, 2], 0.9)) expect(v).toBeCloseTo(2, 12)
  })
  it('matches the recursion', () => {
    const w = 0.5
    const out = ema([0, 1], w)
    expect(out[0]).toBe(0)
    // acc = 0.5 * (0.5*0 + 0.5*0)... debiased: (0.25*0 + 0.5*1)/(1 - 0.25)
    expect(out[1]).toBeCloseTo(0.5 / 0.75, 12)
  })
  it('keeps nulls as gaps without breaking the average', () => {
    const out = ema([1, null, 1], 0.8)
    expect(out[1]).toBeNull()
    expect(out[2]).toBeCloseTo(1, 12)
  })
  it('smooths a geometric decay in log space', () => {
    const xs = [1, 0.1, 0.01, 0.001]
    const out = emaLog(xs, 0.5)
    expect(out[0]).toBeCloseTo(1, 12)
    expect(out[3]!).toBeGreaterThan(0.001)
    expect(out[3]!).toBeLessThan(0.01)
    expect(emaLog([0, -1, null], 0.5)).toEqual([0, -1, null])
  })
})
