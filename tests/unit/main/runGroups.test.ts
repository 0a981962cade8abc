// Sorting and grouping the runs list by any spec or summary value, server-side (the Runs table's
// column picker and "group by"): rows of a group are contiguous, and the page lists every group
// of the filtered runs with its count.
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { apiArgs } from '@shared/api'

const store = new RunStore(openDatabase(':memory:'))
afterAll(() => store.db.close())
const spec = (lr: number, N: number) => ({ engine: 'hmm', model: { N }, train: { lr, tMax: 10 } })
const made = [
  [0.1, 100, 0.3],
  [0.5, 200, 0.1],
  [0.1, 300, 0.2],
  [0.05, 100, undefined],
  [0.5, 100, 0.4]
].map(([lr, N, eg], i) => {
  const run = store.createRun({ name: `r${i}`, engine: 'hmm', seed: i, spec: spec(lr as number, N as number) })
  if (eg !== undefined) store.mergeSummary(run.id, { 'sgd.egFinal': eg })
  store.db.prepare('UPDATE runs SET created_at = ? WHERE id = ?').run(`2026-01-01T00:00:0${i}.000Z`, run.id)
  return run
})
const nameOf = new Map(made.map((r) => [r.id, r.name]))
const names = (runs: { id: string }[]) => runs.map((r) => nameOf.get(r.id))

describe('runs sorted and grouped by any column', () => {
  it('sorts by a spec path and by a summary metric, missing values last', () => {
    expect(names(store.pageRuns({ sort: 'spec:model.N', dir: 'desc' }).runs)).toEqual(['r2', 'r1', 'r4', 'r3', 'r0'])
    expect(names(store.pageRuns({ sort: 'summary:sgd.egFinal', dir: 'asc' }).runs)).toEqual(['r1', 'r2', 'r0', 'r4', 'r3'])
  })
  it('groups by a parameter: contiguous groups in ascending order, each with its count over the whole filter', () => {
    const page = store.pageRuns({ groupBy: 'eta', sort: 'seed', dir: 'desc', limit: 2 })
    expect(page.groups).toEqual([
      { value: 0.05, count: 1 },
      { value: 0.1, count: 2 },
      { value: 0.5, count: 2 }
    ])
    expect(names(page.runs)).toEqual(['r3', 'r2'])
    expect(names(store.pageRuns({ groupBy: 'eta', sort: 'seed', dir: 'desc', offset: 2 }).runs)).toEqual(['r0', 'r4', 'r1'])
    // the filter applies to the counts
    expect(store.pageRuns({ groupBy: 'spec:model.N', text: 'eta>=0.1' }).groups).toEqual([
      { value: 100, count: 2 },
      { value: 200, count: 1 },
      { value: 300, count: 1 }
    ])
  })
  it('keeps values that differ only in case apart, as two whole groups', () => {
    const extra = ['Gaussian', 'gaussian', 'Gaussian'].map((kind, i) => {
      const run = store.createRun({ name: `c${i}`, engine: 'hmm', seed: 10 + i, spec: { engine: 'hmm', latent: { kind } } })
      nameOf.set(run.id, run.name)
      return run
    })
    const page = store.pageRuns({ groupBy: 'latent', text: 'seed>=10', sort: 'seed', dir: 'asc' })
    expect(page.groups).toEqual([
      { value: 'Gaussian', count: 2 },
      { value: 'gaussian', count: 1 }
    ])
    expect(names(page.runs)).toEqual(['c0', 'c2', 'c1'])
    for (const r of extra) store.deleteRun(r.id)
  })
  it('refuses what is not a column, and grouping by tags', () => {
    for (const bad of [{ sort: 'spec:' }, { sort: 'spec:a..b' }, { sort: 'nope' }, { sort: 'spec:__proto__.x' }, { groupBy: 'tags' }, { groupBy: 'duration' }]) {
      const r = apiArgs.pageRuns.safeParse(bad)
      expect(r.success, JSON.stringify(bad)).toBe(false)
    }
    expect(apiArgs.pageRuns.safeParse({ sort: 'summary:dev.eg.final', groupBy: 'spec:latent.kind' }).success).toBe(true)
  })
})
