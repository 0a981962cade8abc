import { describe, expect, it } from 'vitest'
import { canonicalJson, groupBySeed, interpolateAt, meanStdBand, seedGroupKey, withoutPaths } from '@renderer/lib/band'
import { nextSeed } from '@renderer/lib/seeds'

describe('meanStdBand', () => {
  it('computes the mean and the sample std (n − 1) per t', () => {
    const band = meanStdBand([
      { t: [0, 1], value: [1, 2] },
      { t: [0, 1], value: [3, 4] },
      { t: [0, 1], value: [5, null] }
    ])
    expect(band.t).toEqual([0, 1])
    expect(band.mean).toEqual([3, 3])
    expect(band.std[0]).toBeCloseTo(2, 12)
    expect(band.std[1]).toBeCloseTo(Math.SQRT2, 12)
    expect(band.lower[0]).toBeCloseTo(1, 12)
    expect(band.upper[0]).toBeCloseTo(5, 12)
    expect(band.n).toEqual([3, 2])
  })
  it('interpolates curves on another grid onto the first one', () => {
    const band = meanStdBand([
      { t: [0, 1, 2], value: [0, 1, 2] },
      { t: [0, 2], value: [0, 4] }
    ])
    expect(band.mean).toEqual([0, 1.5, 3])
  })
  it('gives zero std for one curve and nulls where nothing is known', () => {
    const band = meanStdBand([{ t: [0, 1], value: [1, null] }])
    expect(band.std).toEqual([0, null])
    expect(band.mean).toEqual([1, null])
  })
})

describe('interpolateAt', () => {
  it('interpolates linearly and refuses to extrapolate', () => {
    const c = { t: [1, 3], value: [10, 30] }
    expect(interpolateAt(c, 2)).toBe(20)
    expect(interpolateAt(c, 3)).toBe(30)
    expect(interpolateAt(c, 4)).toBeNull()
  })
})

describe('seed groups', () => {
  const spec = (seed: number, lr = 0.2, name = 'x') => ({ engine: 'hmm', name, seed, tags: [], notes: '', train: { lr, tMax: 10 } })
  it('ignores seed, name, notes and tags, and key order', () => {
    expect(seedGroupKey(spec(1, 0.2, 'a'))).toBe(seedGroupKey(spec(2, 0.2, 'b')))
    expect(seedGroupKey(spec(1, 0.2))).not.toBe(seedGroupKey(spec(1, 0.5)))
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}')
  })
  it('groups runs that differ only in seed, keeping order', () => {
    const runs = [spec(0), spec(0, 0.5), spec(1), spec(2, 0.5)]
    const groups = groupBySeed(runs, (r) => r)
    expect(groups.map((g) => g.map((r) => r.seed))).toEqual([[0, 1], [0, 2]])
  })
  it('pools a parameter with the seed: over train.lr one group, other fields still split', () => {
    const runs = [spec(0), spec(0, 0.5), spec(1), { ...spec(2, 0.5), train: { lr: 0.5, tMax: 20 } }]
    const groups = groupBySeed(runs, (r) => r, ['train.lr'])
    expect(groups.map((g) => g.map((r) => `${r.seed}/${r.train.lr}`))).toEqual([['0/0.2', '0/0.5', '1/0.2'], ['2/0.5']])
    // the input specs are not changed by the pooling
    expect(runs[1].train.lr).toBe(0.5)
    expect(withoutPaths({ a: { b: 1, c: 2 }, d: 3 }, ['a.b', 'x.y'])).toEqual({ a: { c: 2 }, d: 3 })
  })
  it('picks the smallest seed not used by the same spec', () => {
    const runs = [spec(0), spec(1), spec(3), spec(2, 0.5)].map((s) => ({ spec: s, seed: s.seed }))
    expect(nextSeed(spec(0), runs)).toBe(2)
    expect(nextSeed(spec(9, 0.9), runs)).toBe(0)
  })
})
