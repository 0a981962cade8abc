// The Runs table's picked columns, group keys and readable labels of old sweep-point names.
import { describe, expect, it } from 'vitest'
import type { RunRow } from '@shared/api'
import { canonicalJson } from '@shared/sweep'
import { columnFor, columnsFor, DEFAULT_COLUMNS, specPaths, summaryKeys, totalWidth } from '@renderer/lib/runColumns'
import { groupKey, groupLabel, storeGroupKey } from '@renderer/lib/runGroups'
import { runLabel } from '@renderer/lib/runParams'

const run = (over: Partial<RunRow>): RunRow =>
  ({ id: 'r1', name: '', engine: 'hmm', spec: {}, seed: 0, status: 'completed', createdAt: '', startedAt: null, finishedAt: null, error: null, tags: [], notes: '', summary: {}, sweepId: null, progress: null, lastT: null, labVersion: null, ...over }) as RunRow

describe('picked columns', () => {
  it('reads any spec parameter or summary metric, named as the papers write them', () => {
    const r = run({ spec: { train: { lr: 0.05 }, ode: { dt: 0.01 } }, summary: { 'sgd.egFinal': 0.2, dev: { v: { final: 0.3 } } } })
    expect(columnFor('spec:train.lr')).toMatchObject({ label: 'η' })
    expect(columnFor('spec:train.lr')!.value(r, 0)).toBe(0.05)
    expect(columnFor('summary:sgd.egFinal')).toMatchObject({ label: 'ε_g SGD' })
    expect(columnFor('summary:dev.v.final')!.value(r, 0)).toBe(0.3)
    expect(columnFor('nonsense')).toBeNull()
  })
  it('always keeps the name column, first', () => {
    expect(columnsFor(['eta', 'spec:ode.dt']).map((c) => c.key)).toEqual(['name', 'eta', 'spec:ode.dt'])
    expect(columnsFor(['eta', 'name']).map((c) => c.key)).toEqual(['name', 'eta'])
  })
  it('fits the default columns in the 933 px the table has at 1440 px beside the sidebar, the inspector and a scrollbar', () => {
    expect(totalWidth(columnsFor([...DEFAULT_COLUMNS]))).toBeLessThanOrEqual(1440 - 172 - 320 - 15)
  })
  it('offers the leaf parameters of the runs and the metrics their engines declare', () => {
    expect(specPaths([{ engine: 'hmm', name: 'x', model: { N: 1, g: 'erf' }, tags: ['a'] }, { train: { lr: 1 } }])).toEqual(['model.N', 'model.g', 'train.lr'])
    expect(summaryKeys(['hmm'])).toEqual(expect.arrayContaining(['sgd.egFinal', 'ode.egFinal', 'dev.eg.final', 'mu1']))
  })
})

describe('groups', () => {
  it('gives the store value and the row value the same key', () => {
    const latent = { kind: 'lorentz', standardize: 'sample' }
    expect(storeGroupKey(JSON.stringify({ standardize: 'sample', kind: 'lorentz' }))).toBe(groupKey(latent))
    expect(storeGroupKey(1)).toBe(groupKey(true))
    expect(storeGroupKey(0.05)).toBe(groupKey(0.05))
    expect(storeGroupKey(null)).toBe(groupKey(undefined))
    expect(groupKey('0.05')).not.toBe(groupKey(0.05))
  })
  it('labels a group in words', () => {
    expect(groupLabel(columnFor('eta')!, 0.05)).toBe('η = 0.05')
    expect(groupLabel(columnFor('seed')!, 2)).toBe('seed 2')
    expect(groupLabel(columnFor('spec:latent')!, { kind: 'lorentz', standardize: 'sample' })).toBe('Lorentz · standardised')
    expect(groupLabel(columnFor('eta')!, undefined)).toBe('η: no value')
  })
})

describe('readable labels of old sweep-point names', () => {
  it('writes the stored coordinates in words, in the order of the old name; the name itself stays', () => {
    const coords = { 'train.lr': 0.05, seed: 2 }
    expect(runLabel(run({ name: 'my sweep [train.lr=0.05, seed=2]', sweepKey: canonicalJson(coords) }))).toBe('my sweep · η = 0.05 · seed 2')
    const latent = { kind: 'lorentz', x0: 0, gamma: 1, standardize: 'sample', standardizeSamples: 100000 }
    const cut = `Distribution gallery [latent=${canonicalJson(latent)}]`.slice(0, 60) + '…'
    expect(runLabel(run({ name: cut, sweepKey: canonicalJson({ latent }) }))).toBe('Distribution gallery · Lorentz · standardised')
  })
  it('leaves other names alone, and shows an id for an unnamed run', () => {
    expect(runLabel(run({ name: 'plain [not a sweep]' }))).toBe('plain [not a sweep]')
    expect(runLabel(run({ name: 'hmm · η = 0.05', sweepKey: '{"train.lr":0.05}' }))).toBe('hmm · η = 0.05')
    expect(runLabel(run({ name: '' }))).toBe('r1')
  })
})
