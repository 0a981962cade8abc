// Provenance (issue 16 item 6): every run stores its fully resolved spec, the lab's version and its
// engine's version; re-running reproduces the curves bit for bit; an archive made before provenance
// is migrated to say what it can (lab 0.1.0, engine version 1, the τ-averaged teacher term it used).
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { Lab } from '@main/api'
import { MIGRATIONS } from '@main/store/migrations'
import { ENGINE_VERSIONS, LAB_VERSION, provenanceMismatch } from '@shared/versions'
import { newLab, tmpDb } from './helpers'
import pkg from '../../package.json'

let lab: Lab | null = null
afterEach(async () => {
  await lab?.close()
  lab = null
})

const small = { engine: 'hmm', seed: 4, model: { N: 120, D: 60 }, train: { tMax: 2, points: 12, testSamples: 400 } }

describe('provenance of a run', () => {
  it('stores the fully resolved spec, the lab version and the engine version', async () => {
    lab = newLab()
    const run = await lab.call('createRun', { spec: small })
    await lab.runner.drain()
    const row = lab.store.getRun(run.id)
    expect(row.labVersion).toBe(pkg.version)
    expect(row.labVersion).toBe(LAB_VERSION)
    expect(row.engineVersion).toBe(ENGINE_VERSIONS.hmm)
    // every default written out, including ones the request never named
    const spec = row.spec as { ode: { teacherTerm: string; dt: number }; model: { features: string; teacher: string; f: string } }
    expect(spec.ode.teacherTerm).toBe('per-mode')
    expect(spec.ode.dt).toBe(0.01)
    expect(spec.model).toMatchObject({ features: 'iid', teacher: 'random', f: 'sgn' })
  })

  it('a re-run with the same spec and versions has bit-identical curves', async () => {
    lab = newLab()
    const a = await lab.call('createRun', { spec: small })
    await lab.runner.drain()
    const b = await lab.call('rerun', { id: a.id })
    await lab.runner.drain()
    expect(lab.store.getRun(b.id)).toMatchObject({ status: 'completed', labVersion: LAB_VERSION, engineVersion: ENGINE_VERSIONS.hmm })
    const sa = lab.store.getSeries(a.id)
    const sb = lab.store.getSeries(b.id)
    expect(sa.length).toBeGreaterThan(10)
    expect(sb.map((s) => s.name)).toEqual(sa.map((s) => s.name))
    sa.forEach((s, i) => {
      expect(sb[i].t).toEqual(s.t)
      expect(sb[i].value).toEqual(s.value) // exact, not close
    })
  })

  it('migrates an archive made before provenance: lab 0.1.0, engine 1, the τ-averaged teacher term written into hmm specs', async () => {
    const file = tmpDb()
    const db = new Database(file)
    db.exec('CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
    db.exec(MIGRATIONS[0].sql)
    db.prepare('INSERT INTO migrations VALUES (1, ?, ?)').run(MIGRATIONS[0].name, new Date().toISOString())
    const oldSpec = { ...small, ode: { dt: 0.01, method: 'euler' } }
    const insert = db.prepare(`INSERT INTO runs (id, name, engine, spec, seed, status, created_at) VALUES (?, ?, ?, ?, ?, 'completed', ?)`)
    insert.run('old-hmm', 'old', 'hmm', JSON.stringify(oldSpec), 4, new Date().toISOString())
    insert.run('old-linear', 'old', 'linear', JSON.stringify({ engine: 'linear', N: 10, P: 5 }), 0, new Date().toISOString())
    db.close()

    lab = newLab({ db: file })
    const hmm = lab.store.getRun('old-hmm')
    expect(hmm).toMatchObject({ labVersion: '0.1.0', engineVersion: 1 })
    expect((hmm.spec as { ode: { teacherTerm: string } }).ode.teacherTerm).toBe('averaged')
    const linear = lab.store.getRun('old-linear')
    expect(linear.spec).toEqual({ engine: 'linear', N: 10, P: 5 })
    // a re-run of the old run keeps computing what it computed: the averaged term
    const again = await lab.call('rerun', { id: 'old-hmm' })
    expect((again.spec as { ode: { teacherTerm: string } }).ode.teacherTerm).toBe('averaged')
    await lab.runner.drain()
    expect(lab.store.getRun(again.id).status).toBe('completed')
  })

  it('names the versions when compared runs were made by different ones', () => {
    const now = { engine: 'hmm', engineVersion: 2, labVersion: '0.2.0' }
    expect(provenanceMismatch([now, { ...now }])).toBeNull()
    expect(provenanceMismatch([now, { engine: 'linear', engineVersion: 1, labVersion: '0.2.0' }])).toBeNull()
    expect(provenanceMismatch([now, { engine: 'hmm', engineVersion: 1, labVersion: '0.1.0' }])).toMatch(/hmm v1 \(lab 0\.1\.0\).*|.*hmm v2 \(lab 0\.2\.0\)/)
  })
})
