import { execFile, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { main } from '@main/cli'
import { decodeNpy } from '@main/npy'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { capture, linearSpec, longHmmSpec, runCount, tmpDir, waitFor } from './helpers'

const root = resolve(__dirname, '../..')
const labBin = join(root, 'bin/lab.mjs')
const run = promisify(execFile)

describe('lab CLI', () => {
  it('refuses a malformed spec with exit 2, every bad field by path, and writes nothing', async () => {
    const dir = tmpDir()
    const db = join(dir, 'lab.db')
    const spec = join(dir, 'bad.json')
    writeFileSync(spec, JSON.stringify({ engine: 'hmm', model: { K: 0, N: 'many' }, train: { lr: -1 }, latent: { kind: 'mixture', alpha: -2 } }))
    const io = capture()
    expect(await main(['run', spec, '--db', db], io)).toBe(2)
    for (const path of ['model.K', 'model.N', 'train.lr', 'latent.alpha']) expect(io.stderr).toContain(path)
    expect(runCount(db)).toBe(0)
  })

  it('names an unknown engine, a non-finite learning rate and a JSON syntax error by byte offset', async () => {
    const dir = tmpDir()
    const db = join(dir, 'lab.db')
    const io = capture()
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ engine: 'transformer' }))
    expect(await main(['run', join(dir, 'a.json'), '--db', db], io)).toBe(2)
    expect(io.stderr).toMatch(/engine: unknown engine "transformer"/)
    writeFileSync(join(dir, 'b.json'), '{"engine": "hmm", "train": {"lr": 1e999}}')
    expect(await main(['run', join(dir, 'b.json'), '--db', db], io)).toBe(2)
    expect(io.stderr).toMatch(/train\.lr/)
    writeFileSync(join(dir, 'c.json'), '{"engine": "hmm",\n "model": {"K": 2,, "N": 3}}')
    expect(await main(['run', join(dir, 'c.json'), '--db', db], io)).toBe(2)
    expect(io.stderr).toMatch(/byte offset 36 \(line 2, column 19\)/)
    expect(await main(['run', join(dir, 'a.json'), '--db', db, '--set', 'model'], io)).toBe(2)
    expect(await main(['frobnicate'], io)).toBe(2)
    expect(runCount(db)).toBe(0)
  })

  it('runs a spec, shows it, lists it and exports it as csv, json and npy', async () => {
    const dir = tmpDir()
    const db = join(dir, 'lab.db')
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(linearSpec(2)))
    const { stdout } = await run(process.execPath, [labBin, 'run', join(dir, 'spec.json'), '--db', db, '--json', '--set', 'P=40'], { cwd: root })
    const stored = JSON.parse(stdout)
    expect(stored).toMatchObject({ status: 'completed', engine: 'linear', spec: { P: 40 } })
    expect(stored.series).toEqual(['theory/Eg', 'theory/Et', 'typical/Eg', 'typical/Et'])
    const io = capture()
    expect(await main(['show', stored.id.slice(0, 9), '--db', db, '--json'], io)).toBe(0)
    expect(JSON.parse(io.stdout)).toMatchObject({ id: stored.id, summary: { alpha: 2 } })
    expect(await main(['list', '--db', db], io)).toBe(0)
    expect(io.stdout).toContain(stored.id)
    const out = join(dir, 'export')
    for (const format of ['csv', 'json', 'npy']) expect(await main(['export', stored.id, '--db', db, '--format', format, '--out', out], io)).toBe(0)
    const csv = readFileSync(join(out, `run-${stored.id}.csv`), 'utf8').trim().split('\n')
    expect(csv[0]).toBe('series,t,value')
    expect(csv).toHaveLength(1 + 4 * 31)
    const json = JSON.parse(readFileSync(join(out, `run-${stored.id}.json`), 'utf8'))
    expect(json.series['theory/Eg'].t).toHaveLength(31)
    const npy = decodeNpy(readFileSync(join(out, `run-${stored.id}`, 'series', 'theory_Eg.npy')))
    expect(npy.shape).toEqual([31, 2])
    expect(npy.data[2 * 30 + 1]).toBeCloseTo(json.series['theory/Eg'].value[30], 12)
    expect(await main(['export', stored.id, '--db', db, '--format', 'xls', '--out', out], io)).toBe(2)
  })

  it('survives SIGKILL mid-run: the run becomes interrupted, its records stay readable, the file is intact', async () => {
    const dir = tmpDir()
    const db = join(dir, 'lab.db')
    writeFileSync(join(dir, 'long.json'), JSON.stringify(longHmmSpec(5)))
    const child = spawn(process.execPath, [labBin, 'run', join(dir, 'long.json'), '--db', db], { cwd: root, stdio: 'ignore' })
    const store = new RunStore(openDatabase(db))
    const id = await waitFor(() => {
      const r = store.listRuns()[0]
      return r && r.status === 'running' && store.getSeries(r.id, ['sgd/eg'])[0].t.length >= 3 ? r.id : null
    }, 60_000, 50)
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const before = store.getSeries(id, ['sgd/eg'])[0].t.length
    expect(store.recoverInterrupted()).toEqual([id])
    const r = store.getRun(id)
    expect(r.status).toBe('interrupted')
    expect(store.getSeries(id, ['sgd/eg'])[0].t.length).toBe(before)
    expect(store.integrityCheck()).toBe('ok')
    store.db.close()
  })
})
