// The query language compiled to SQL, run against an in-memory archive: each operator, missing
// fields, tags, negation, free words, the sort order, and no user text inside the SQL.
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { compileRunQuery, orderBySql } from '@main/store/runQuery'
import { QuerySyntaxError } from '@shared/query'
import { filterRuns, parseRunQuery } from '@renderer/lib/runQuery'

const store = new RunStore(openDatabase(':memory:'))
afterAll(() => store.db.close())
const hmm = (model: object, latent: object, lr: number) => ({ engine: 'hmm', model, latent, train: { lr, tMax: 100 } })
const a = store.createRun({ name: 'baseline', engine: 'hmm', seed: 0, tags: ['paper'], spec: hmm({ N: 500, D: 250, K: 2, g: 'erf', trainSecondLayer: false }, { kind: 'gaussian', standardize: 'none' }, 0.2) })
const b = store.createRun({ name: 'Mixture wide', engine: 'hmm', seed: 3, spec: hmm({ N: 1000, K: 3, g: 'relu', trainSecondLayer: true }, { kind: 'mixture', m: 4, alpha: 2 }, 0.5) })
const c = store.createRun({ name: 'linear', engine: 'linear', seed: 1, tags: ['x', 'paper2'], spec: { engine: 'linear', N: 100, P: 50 } })
store.mergeSummary(a.id, { 'sgd.egFinal': 0.01, 'ode.egFinal': 0.012, dev: { eg: { final: 0.002 } } })
store.mergeSummary(c.id, { egFinal: 1.02 })
store.finish(b.id, 'failed', 'boom')
const names = { [a.id]: 'a', [b.id]: 'b', [c.id]: 'c' }
// distinct creation times (three runs made in one millisecond would tie, and ties fall to the random id part)
for (const [run, second] of [[a, 1], [b, 2], [c, 3]] as const) store.db.prepare('UPDATE runs SET created_at = ? WHERE id = ?').run(`2026-01-01T00:00:0${second}.000Z`, run.id)

function ids(text: string): string[] {
  return store.listRuns({ text }).map((r) => names[r.id]).sort()
}

describe('compileRunQuery on the archive', () => {
  it('matches free words anywhere (name, spec, status, tags), case-insensitively, and excludes with -', () => {
    expect(ids('mixture')).toEqual(['b'])
    expect(ids('MIXTURE wide')).toEqual(['b'])
    expect(ids('-mixture')).toEqual(['a', 'c'])
    expect(ids('paper')).toEqual(['a', 'c'])
    expect(ids('"mixture wide"')).toEqual(['b'])
    expect(ids('')).toEqual(['a', 'b', 'c'])
  })
  it('compares parameters numerically and text case-insensitively', () => {
    expect(ids('K=3')).toEqual(['b'])
    expect(ids('N>=500')).toEqual(['a', 'b'])
    expect(ids('N<500')).toEqual(['c'])
    expect(ids('P=50')).toEqual(['c'])
    expect(ids('m=4')).toEqual(['b'])
    expect(ids('eta<0.3')).toEqual(['a'])
    expect(ids('η>0.3')).toEqual(['b'])
    expect(ids('alpha=2 latent=MIXTURE')).toEqual(['b'])
    expect(ids('model.g=relu')).toEqual(['b'])
    expect(ids('model.trainSecondLayer=true')).toEqual(['b'])
    expect(ids('name:WIDE')).toEqual(['b'])
  })
  it('treats a missing field as matching only !=', () => {
    expect(ids('alpha>0')).toEqual(['b'])
    expect(ids('alpha!=2')).toEqual(['a', 'c'])
    expect(ids('latent.kind!=gaussian')).toEqual(['b', 'c'])
    expect(ids('nosuch.key=1')).toEqual([])
  })
  it('knows status, tags, engine, seed, finals and Δε', () => {
    expect(ids('status:fail')).toEqual(['b'])
    expect(ids('status=completed')).toEqual([])
    expect(ids('-status=failed')).toEqual(['a', 'c'])
    expect(ids('tag:paper')).toEqual(['a', 'c'])
    expect(ids('tag=paper')).toEqual(['a'])
    expect(ids('tag!=paper')).toEqual(['b', 'c'])
    expect(ids('engine=linear')).toEqual(['c'])
    expect(ids('seed=3')).toEqual(['b'])
    expect(ids('sgd<0.05')).toEqual(['a'])
    expect(ids('eg>1')).toEqual(['c'])
    expect(ids('dev<0.01')).toEqual(['a'])
  })
  it('keeps user text out of the SQL: every value and path is a parameter', () => {
    const evil = `name="x' OR 1=1 --" model.a"b=1`
    expect(() => compileRunQuery(evil)).toThrow(QuerySyntaxError)
    const q = compileRunQuery(`name="x' OR 1=1 --" -"'); DROP TABLE runs; --"`)
    expect(q.sql).not.toMatch(/OR 1=1|DROP/)
    expect(q.params).toContain("x' or 1=1 --")
    expect(ids(`name="x' OR 1=1 --"`)).toEqual([])
    expect(ids(`-"'); DROP TABLE runs; --"`)).toEqual(['a', 'b', 'c'])
  })
  it('throws where the filter is wrong', () => {
    expect(() => compileRunQuery('K=2 eta<')).toThrow(/^column 8: 'eta<' needs a value/)
  })
})

describe('the store and the in-memory evaluator (run picker)', () => {
  it('agree on every operator, field kind and negation', () => {
    const all = store.listRuns()
    const queries = ['mixture', '-mixture', 'paper', 'K=3', 'N>=500', 'N<500', 'N!=500', 'eta<=0.2', 'eta>0.2', 'alpha=2', 'alpha!=2', 'latent:mix', 'latent=GAUSSIAN',
      'model.g=relu', 'status:fail', '-status=failed', 'tag:paper', 'tag=paper', 'tag!=paper', 'engine=linear', 'seed>=1', 'sgd<0.05', 'eg>1', 'dev<0.01', 'name:wide -tag:x', 'P=50', 'm=4']
    for (const q of queries) {
      const memory = filterRuns(all, parseRunQuery(q)).map((r) => names[r.id]).sort()
      expect(ids(q), q).toEqual(memory)
    }
  })
})

describe('sorting and pages', () => {
  const order = (key: Parameters<typeof orderBySql>[0], dir: 'asc' | 'desc') => store.listRuns({ sort: key, dir }).map((r) => names[r.id])
  it('sorts by a parameter with missing values last in both directions', () => {
    expect(order('N', 'asc')).toEqual(['c', 'a', 'b'])
    expect(order('N', 'desc')).toEqual(['b', 'a', 'c'])
    expect(order('alpha', 'asc')).toEqual(['b', 'c', 'a'])
    expect(order('alpha', 'desc')).toEqual(['b', 'c', 'a'])
    expect(order('name', 'asc')).toEqual(['a', 'c', 'b'])
    expect(order('status', 'asc')).toEqual(['c', 'a', 'b']) // queued before failed; ties newest first
    expect(order('egSgd', 'asc')[0]).toBe('a')
  })
  it('serves a page with the total count and the archive facets', () => {
    const page = store.pageRuns({ text: 'paper', limit: 1, offset: 1, facets: true })
    expect(page.total).toBe(2)
    expect(page.offset).toBe(1)
    expect(page.runs.map((r) => names[r.id])).toEqual(['a'])
    expect(page.facets).toEqual({ total: 3, status: { queued: 2, failed: 1 }, engine: { hmm: 2, linear: 1 }, tags: ['paper', 'paper2', 'x'] })
    expect(store.pageRuns({ limit: 0 })).toEqual({ runs: [], total: 3, offset: 0 })
  })
})
