// `lab run <spec.json>` on one thread runs its engine on the CLI's own thread (InlinePool,
// src/main/runner/inlinePool.ts; issue 13: memory and CPU of a whole run). As whole processes:
// a signal still cancels a long run promptly, keeping its records, and the stored results are
// those of a run on a worker thread (`--threads 2` keeps the pool).
import { execFile, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { longHmmSpec, tmpDir, waitFor } from './helpers'

const root = resolve(__dirname, '../..')
const labBin = join(root, 'bin/lab.mjs')
const run = promisify(execFile)

describe('lab run on the CLI\'s own thread', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('cancels a long run within a second of %s, keeping its records', async (signal) => {
    const dir = tmpDir()
    const db = join(dir, 'lab.db')
    writeFileSync(join(dir, 'long.json'), JSON.stringify(longHmmSpec(7)))
    const child = spawn(process.execPath, [labBin, 'run', join(dir, 'long.json'), '--db', db], { cwd: root, stdio: 'ignore' })
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    const store = new RunStore(openDatabase(db))
    const id = await waitFor(() => {
      const r = store.listRuns()[0]
      return r && r.status === 'running' && store.getSeries(r.id, ['sgd/eg'])[0].t.length >= 3 ? r.id : null
    }, 60_000, 50)
    const stored = store.getSeries(id, ['sgd/eg'])[0].t.length
    const t0 = Date.now()
    child.kill(signal)
    const code = await exited
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(code).toBe(1) // a cancelled run
    const r = store.getRun(id)
    expect(r.status).toBe('cancelled')
    expect(store.getSeries(id, ['sgd/eg'])[0].t.length).toBeGreaterThanOrEqual(stored)
    expect(store.integrityCheck()).toBe('ok')
    store.db.close()
  }, 90_000)

  it('stores the same series and summary as a run on a worker thread (hmm, SGD and ODE)', async () => {
    const dir = tmpDir()
    const db = join(dir, 'lab.db')
    const spec = { engine: 'hmm', seed: 11, model: { N: 200, D: 100, K: 2, M: 2 }, train: { lr: 0.2, tMax: 3, testSamples: 1000, points: 40 }, solve: ['sgd', 'ode'] }
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec))
    const inline = JSON.parse((await run(process.execPath, [labBin, 'run', join(dir, 'spec.json'), '--db', db, '--json'], { cwd: root })).stdout)
    const pooled = JSON.parse((await run(process.execPath, [labBin, 'run', join(dir, 'spec.json'), '--db', db, '--json', '--threads', '2'], { cwd: root })).stdout)
    expect(inline.status).toBe('completed')
    expect(pooled.status).toBe('completed')
    const store = new RunStore(openDatabase(db))
    const names = store.listSeries(inline.id)
    expect(names).toEqual(store.listSeries(pooled.id))
    expect(names.some((n) => n.startsWith('sgd/'))).toBe(true)
    expect(names.some((n) => n.startsWith('ode/'))).toBe(true)
    expect(store.getSeries(inline.id, names)).toEqual(store.getSeries(pooled.id, names))
    expect(store.getRun(inline.id).summary).toEqual(store.getRun(pooled.id).summary)
    expect(store.getSeries(inline.id, ['sgd/eg'])[0].t.length).toBeGreaterThan(30)
    store.db.close()
  }, 90_000)
})
