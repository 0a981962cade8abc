import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appDataDir, defaultDbPath, migrate, openDatabase } from '@main/store/database'
import { MIGRATIONS } from '@main/store/migrations'
import { NotFoundError, RunStore } from '@main/store/runStore'

const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'lab-store-')), 'lab.db')

describe('archive', () => {
  it('opens in WAL mode with foreign keys and records its migrations', () => {
    const db = openDatabase(tmpDb())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    const applied = db.prepare('SELECT id FROM migrations').all() as { id: number }[]
    expect(applied.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id))
    expect(migrate(db)).toEqual([]) // idempotent
  })

  it('refuses an archive written by a newer lab', () => {
    const db = openDatabase(tmpDb())
    db.prepare("INSERT INTO migrations (id, name, applied_at) VALUES (999, 'future', 'x')").run()
    db.prepare('DELETE FROM migrations WHERE id = 1').run()
    expect(() => migrate(db)).toThrow(/newer lab/)
  })

  it('finds the same default file for app, server and CLI', () => {
    expect(defaultDbPath('/x/a.db', { LAB_DB: '/y/b.db' })).toBe('/x/a.db')
    expect(defaultDbPath(undefined, { LAB_DB: '/y/b.db' })).toBe('/y/b.db')
    expect(appDataDir({ XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/manifold-lab')
    expect(appDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Manifold Lab$/)
  })

  it('stores runs, series, artifacts; deletes cascade', () => {
    const store = new RunStore(openDatabase(tmpDb()))
    const run = store.createRun({ name: 'a', engine: 'linear', spec: { engine: 'linear' }, seed: 3, tags: ['x'] })
    expect(run.status).toBe('queued')
    expect(store.getRun(run.id.slice(0, 10)).id).toBe(run.id) // unique prefix
    store.appendPoints(run.id, [
      { t: 0, values: { 'a/eg': 1, 'a/v': 2 } },
      { t: 0.5, values: { 'a/eg': 0.5, 'a/v': NaN } }
    ])
    expect(store.listSeries(run.id)).toEqual(['a/eg', 'a/v'])
    expect(store.getSeries(run.id, ['a/v'])).toEqual([{ name: 'a/v', t: [0, 0.5], value: [2, null] }])
    const data = Float64Array.from([1, 2, 3, 4, 5, 6])
    store.putArtifact(run.id, { name: 'F', shape: [2, 3], data })
    expect(store.getArtifact(run.id, 'F')).toEqual({ name: 'F', shape: [2, 3], data })
    store.mergeSummary(run.id, { egFinal: 0.1 })
    store.mergeSummary(run.id, { other: Infinity })
    expect(store.getRun(run.id).summary).toEqual({ egFinal: 0.1, other: 'Infinity' })
    expect(store.update(run.id, { tags: ['x', 'y', 'x'], name: 'b', notes: 'n' })).toMatchObject({ tags: ['x', 'y'], name: 'b', notes: 'n' })
    expect(store.listRuns({ tag: 'y' }).map((r) => r.id)).toEqual([run.id])
    expect(store.listRuns({ text: 'linear B' }).map((r) => r.id)).toEqual([run.id])
    expect(store.listRuns({ text: 'nothing-like-this' })).toEqual([])
    store.deleteRun(run.id)
    expect(() => store.getRun(run.id)).toThrow(NotFoundError)
    const counts = store.db.prepare('SELECT (SELECT count(*) FROM series) s, (SELECT count(*) FROM artifacts) a').get()
    expect(counts).toEqual({ s: 0, a: 0 })
  })

  it('moves a run through its states once; a final state is kept', () => {
    const store = new RunStore(openDatabase(tmpDb()))
    const run = store.createRun({ name: 'a', engine: 'linear', spec: {}, seed: 0 })
    store.markRunning(run.id)
    expect(store.getRun(run.id).status).toBe('running')
    expect(store.finish(run.id, 'diverged', 'NaN at t = 3').status).toBe('diverged')
    expect(store.finish(run.id, 'completed').status).toBe('diverged')
    expect(() => store.finish(run.id, 'running')).toThrow()
  })

  it('marks runs of dead processes interrupted, and leaves live ones alone', () => {
    const store = new RunStore(openDatabase(tmpDb()))
    const dead = store.createRun({ name: 'dead', engine: 'linear', spec: {}, seed: 0 })
    const live = store.createRun({ name: 'live', engine: 'linear', spec: {}, seed: 0 })
    store.markRunning(dead.id, 999_999)
    store.markRunning(live.id, 123)
    const recovered = store.recoverInterrupted((pid) => pid === 123)
    expect(recovered).toEqual([dead.id])
    expect(store.getRun(dead.id).status).toBe('interrupted')
    expect(store.getRun(dead.id).error).toMatch(/999999/)
    expect(store.getRun(live.id).status).toBe('running')
  })

  it('keeps sweeps and finds a sweep point for resumption', () => {
    const store = new RunStore(openDatabase(tmpDb()))
    const sweep = store.createSweep('s', { a: 1 })
    expect(store.findSweep('s', { a: 1 })?.id).toBe(sweep.id)
    expect(store.findSweep('s', { a: 2 })).toBeNull()
    const r = store.createRun({ name: 'p', engine: 'linear', spec: {}, seed: 0, sweepId: sweep.id, sweepKey: '{"m":1}' })
    expect(store.sweepPointRun(sweep.id, '{"m":1}')?.id).toBe(r.id)
    expect(store.getSweep(sweep.id).runIds).toEqual([r.id])
  })
})
