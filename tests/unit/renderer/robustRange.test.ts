import { describe, expect, it } from 'vitest'
import { robustRange } from '@renderer/lib/chartData'

const curve = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i))

describe('robustRange: one diverged run cannot take over the axis', () => {
  it('log axis: ε_g curves over three decades keep their range; a run reaching 1e200 is left out and counted', () => {
    const good = [...curve(100, (i) => 0.5 * Math.pow(10, -3 * (i / 99))), ...curve(100, (i) => 0.4 * Math.pow(10, -2.5 * (i / 99)))]
    expect(robustRange(good, true)).toBeNull()
    const diverged = curve(30, (i) => Math.pow(10, 7 * i))
    const r = robustRange([...good, ...diverged, null, NaN, Infinity], true)!
    expect(r.min).toBeCloseTo(0.5e-3, 10)
    expect(r.max).toBeLessThan(1e3)
    expect(r.max).toBeGreaterThanOrEqual(0.5)
    expect(r.outside).toBeGreaterThan(20)
    expect(r.extreme).toBeGreaterThan(1e190)
  })

  it('linear axis: values around 0.1–0.5 stay, 1e200 goes; a flat curve does not make its neighbours outliers', () => {
    const r = robustRange([...curve(50, (i) => 0.1 + (0.4 * i) / 49), 1e200], false)!
    expect([r.min, r.max, r.outside]).toEqual([0.1, 0.5, 1])
    expect(robustRange([...curve(50, () => 0.3), 0.31, 0.29], false)).toBeNull()
  })

  it('ignores non-positive values on a log axis and needs a few points', () => {
    expect(robustRange([1, 2, 0, -1], true)).toBeNull()
    expect(robustRange([], false)).toBeNull()
  })
})
