import { describe, expect, it } from 'vitest'
import { differingParams, flattenObject, flattenSpec } from '@renderer/lib/diffParams'

describe('differingParams', () => {
  const a = { engine: 'hmm', name: 'a', notes: 'x', tags: ['p'], model: { N: 500, K: 2 }, latent: { kind: 'gaussian' }, solve: ['sgd', 'ode'] }
  const b = { engine: 'hmm', name: 'b', notes: 'y', tags: [], model: { N: 1000, K: 2 }, latent: { kind: 'mixture', m: 4 }, solve: ['sgd', 'ode'] }
  it('keeps only differing paths, ignoring name, notes and tags', () => {
    const d = differingParams([
      { id: '1', spec: a, seed: 0 },
      { id: '2', spec: b, seed: 1 }
    ])
    expect(d.paths).toEqual(['model.N', 'latent.kind', 'latent.m', 'seed'])
    expect(d.values[0]).toEqual({ 'model.N': '500', 'latent.kind': 'gaussian', 'latent.m': '—', seed: '0' })
    expect(d.values[1]['latent.m']).toBe('4')
  })
  it('finds nothing for identical runs', () => {
    expect(differingParams([{ id: '1', spec: a, seed: 0 }, { id: '2', spec: { ...a, name: 'other' }, seed: 0 }]).paths).toEqual([])
  })
  it('flattens arrays of primitives to one value and summarises nested arrays', () => {
    expect(flattenSpec({ solve: ['sgd', 'ode'] })).toEqual({ solve: '[sgd, ode]' })
    expect(flattenSpec({ ode: { initialState: { W: [[1, 0], [0, 1]] } } })['ode.initialState.W']).toMatch(/^array\(2\) #/)
    expect(flattenObject({ a: { b: 1 }, c: [1, 2] })).toEqual({ 'a.b': 1, c: [1, 2] })
  })
})
