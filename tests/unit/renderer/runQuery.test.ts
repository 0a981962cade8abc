import { describe, expect, it } from 'vitest'
import type { RunRow } from '@shared/api'
import { fieldValue, filterRuns, parseRunQuery, sortBy } from '@renderer/lib/runQuery'
import { egFinals, getPath, keyParams } from '@renderer/lib/runParams'

function run(id: string, over: Partial<RunRow> & { spec?: Record<string, unknown> } = {}): RunRow {
  return {
    id,
    name: '',
    engine: 'hmm',
    spec: { engine: 'hmm', model: { N: 500, D: 250, K: 2, M: 2 }, latent: { kind: 'gaussian', standardize: 'none' }, train: { lr: 0.2, tMax: 100 } },
    seed: 0,
    status: 'completed',
    createdAt: '2025-01-01T00:00:00Z',
    startedAt: null,
    finishedAt: null,
    error: null,
    tags: [],
    notes: '',
    summary: {},
    sweepId: null,
    progress: null,
    lastT: null,
    labVersion: null,
    engineVersion: null,
    ...over
  }
}

const runs = [
  run('a', { name: 'baseline', tags: ['paper'], summary: { 'sgd.egFinal': 0.01, 'ode.egFinal': 0.012 } }),
  run('b', { name: 'mixture wide', spec: { engine: 'hmm', model: { N: 1000, K: 3 }, latent: { kind: 'mixture', m: 4, alpha: 2 }, train: { lr: 0.5 } }, seed: 3, status: 'failed' }),
  run('c', { name: 'linear', engine: 'linear', spec: { engine: 'linear', N: 100, P: 50 }, summary: { egFinal: 1.02 } })
]

describe('parseRunQuery', () => {
  it('splits words, exclusions and predicates', () => {
    expect(parseRunQuery('mixture K>=2 -failed tag:paper "two words"')).toEqual({
      terms: ['mixture', 'two words'],
      excluded: ['failed'],
      predicates: [
        { key: 'K', op: '>=', value: '2' },
        { key: 'tag', op: ':', value: 'paper' }
      ]
    })
  })
})

describe('filterRuns', () => {
  const ids = (q: string, facets = {}) => filterRuns(runs, parseRunQuery(q), facets).map((r) => r.id)
  it('matches free words anywhere (name, spec)', () => {
    expect(ids('mixture')).toEqual(['b'])
    expect(ids('-mixture')).toEqual(['a', 'c'])
  })
  it('compares parameters numerically, case-sensitively for N/K/M/m', () => {
    expect(ids('K=3')).toEqual(['b'])
    expect(ids('N>=500')).toEqual(['a', 'b'])
    expect(ids('m=4')).toEqual(['b'])
    expect(ids('eta<0.3')).toEqual(['a'])
    expect(ids('alpha=2 latent=mixture')).toEqual(['b'])
  })
  it('knows status, tags, engine, seed, spec paths and finals', () => {
    expect(ids('status:fail')).toEqual(['b'])
    expect(ids('tag:paper')).toEqual(['a'])
    expect(ids('engine=linear')).toEqual(['c'])
    expect(ids('seed=3')).toEqual(['b'])
    expect(ids('latent.kind!=gaussian')).toEqual(['b', 'c'])
    expect(ids('sgd<0.05')).toEqual(['a'])
  })
  it('applies facets', () => {
    expect(ids('', { status: new Set(['failed']) })).toEqual(['b'])
    expect(ids('', { engine: new Set(['linear']) })).toEqual(['c'])
    expect(ids('', { tag: 'paper' })).toEqual(['a'])
  })
  it('reads field values', () => {
    expect(fieldValue(runs[1], 'η')).toBe(0.5)
    expect(fieldValue(runs[2], 'P')).toBe(50)
  })
})

describe('sortBy', () => {
  it('sorts numbers and strings, missing values last in both directions, stably', () => {
    const items = [{ v: 2 }, { v: undefined }, { v: 10 }, { v: 2 }]
    expect(sortBy(items, (x) => x.v, 'asc').map((x) => x.v)).toEqual([2, 2, 10, undefined])
    expect(sortBy(items, (x) => x.v, 'desc').map((x) => x.v)).toEqual([10, 2, 2, undefined])
    expect(sortBy(['run10', 'run9'], (x) => x, 'asc')).toEqual(['run9', 'run10'])
  })
})

describe('runParams', () => {
  it('reads flat and nested summary keys', () => {
    expect(getPath({ 'dev.eg.final': 1 }, 'dev.eg.final')).toBe(1)
    expect(getPath({ dev: { eg: { final: 2 } } }, 'dev.eg.final')).toBe(2)
    expect(getPath({ dev: { 'eg.final': 3 } }, 'dev.eg.final')).toBe(3)
  })
  it('finds each engine final', () => {
    expect(egFinals(runs[0])).toEqual({ sgd: 0.01, ode: 0.012 })
    expect(egFinals(runs[2])).toEqual({ linear: 1.02 })
    expect(egFinals({ summary: { sgd: { egFinal: 0.5 } } })).toEqual({ sgd: 0.5 })
  })
  it('extracts key parameters of both engines', () => {
    expect(keyParams(runs[1])).toMatchObject({ N: 1000, K: 3, latent: 'mixture', alpha: 2, m: 4, eta: 0.5, seed: 3 })
    expect(keyParams(runs[2])).toMatchObject({ N: 100, P: 50 })
  })
})
