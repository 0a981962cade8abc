// Sweep bundles without a scheduler (tests/integration/slurm.test.ts has the real SLURM): the
// worker runs alone (no node_modules, no native module), `lab cluster run-local` + `lab import`
// give the lab's own curves bit for bit, importing is idempotent, a shard cut short comes in as
// interrupted and is replaced once the point is redone, and a refused bundle writes nothing.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '@main/cli'
import { Lab } from '@main/api'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { readBundleInfo } from '@main/cluster/bundleFormat'
import { bundleStatus, statusFrom } from '@main/cluster/status'
import { SchedulerError } from '@main/cluster/scheduler'
import { slurm } from '@main/cluster/slurm'
import { parseSweep } from '@shared/sweep'
import { capture, tmpDir } from './helpers'

async function lab(args: string[], code = 0): Promise<string> {
  const io = capture()
  const got = await main(args, io)
  if (got !== code) throw new Error(`lab ${args.join(' ')} exited ${got}: ${io.stderr}${io.stdout}`)
  return io.stdout + io.stderr
}

const SWEEP = {
  name: 'bundle here',
  base: { engine: 'hmm', model: { N: 30, D: 15 }, train: { tMax: 1.5, points: 8, testSamples: 100 } },
  axes: [
    { path: 'seed', values: [7, 8] },
    { path: 'latent', values: [{ kind: 'gaussian' }, { kind: 'laplace', standardize: 'exact' }] }
  ]
}

const bits = (xs: (number | null)[]) => Buffer.from(Float64Array.from(xs, (x) => (x === null ? NaN : x)).buffer).toString('hex')

describe('sweep bundles run here', () => {
  const root = tmpDir('lab-bundle-')
  const dir = join(root, 'bundle')
  const sweepFile = join(root, 'sweep.json')
  const stores: RunStore[] = []
  const open = (db: string) => {
    const s = new RunStore(openDatabase(db))
    stores.push(s)
    return s
  }

  beforeAll(async () => {
    writeFileSync(sweepFile, JSON.stringify(SWEEP))
    const out = await lab(['sweep', sweepFile, '--cluster', 'slurm', '--out', dir, '--per-task', '3', '--partition', 'short', '--time', '10:00'])
    expect(out).toMatch(/4 points, 3 per task → 2 slurm array tasks/)
  })
  afterAll(() => stores.forEach((s) => s.db.close()))

  it('holds a manifest, a job array script and one worker file with no native module in it', () => {
    expect(readdirSync(dir).sort()).toEqual(['bundle.json', 'logs', 'manifest.jsonl', 'shards', 'slurm', 'worker.mjs'])
    const manifest = readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(manifest.map((m) => [m.index, m.seed])).toEqual([[0, 7], [1, 7], [2, 8], [3, 8]])
    expect(new Set(manifest.map((m) => m.runId)).size).toBe(4)
    const script = readFileSync(join(dir, 'slurm/job.sbatch'), 'utf8')
    expect(script).toMatch(/#SBATCH --array=0-1\n/)
    expect(script).toMatch(/#SBATCH --time=10:00\n/)
    expect(script).toMatch(/#SBATCH --partition=short\n/)
    const worker = readFileSync(join(dir, 'worker.mjs'), 'utf8')
    expect(worker).not.toMatch(/better-sqlite3|piscina|\.node['"]/)
  })

  it('the worker runs from a folder with no node_modules anywhere above it', () => {
    // /tmp-like folders have no node_modules; check that, then run one task of a copy there
    const alone = join(tmpDir('lab-alone-'), 'b')
    cpSync(dir, alone, { recursive: true })
    let up = alone
    for (; up !== '/'; up = join(up, '..')) expect(existsSync(join(up, 'node_modules')), up).toBe(false)
    const r = spawnSync(process.execPath, [join(alone, 'worker.mjs'), 'run', alone, '--task', '1', '--attempt', 'alone'], { encoding: 'utf8', cwd: alone })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/\[task 1\] point 3 \(run \w+\): completed/)
    expect(spawnSync(process.execPath, [join(alone, 'worker.mjs'), 'run', alone, '--task', '2'], { encoding: 'utf8' }).stderr).toMatch(/--task must be 0\.\.1/)
  })

  it('run-local then import gives the curves of the same sweep run by the lab, bit for bit; importing again changes nothing', async () => {
    expect(await lab(['cluster', 'status', dir])).toMatch(/missing 4/)
    expect(await lab(['cluster', 'run-local', dir, '--jobs', '2'])).toMatch(/2 of 2 tasks run here\n/)
    expect(await lab(['cluster', 'status', dir])).toMatch(/done 4\n/)
    const db = join(root, 'a.db')
    expect(await lab(['import', dir, '--db', db])).toMatch(/4 runs added, 0 replaced by a better record, 0 unchanged, 0 not run yet\n/)
    expect(await lab(['import', dir, '--db', db])).toMatch(/0 runs added, 0 replaced by a better record, 4 unchanged/)

    const localDb = join(root, 'local.db')
    const local = new Lab({ db: localDb, threads: 2 })
    const started = await local.call('createSweep', { sweep: SWEEP })
    await local.runner.drain()
    await local.close()

    const a = open(db)
    const b = open(localDb)
    const sweeps = a.listSweeps()
    expect(sweeps.map((s) => s.name)).toEqual(['bundle here'])
    const mine = new Map(a.listRuns({ sweepId: sweeps[0].id }).map((r) => [r.sweepKey, r]))
    const theirs = new Map(b.listRuns({ sweepId: started.sweep.id }).map((r) => [r.sweepKey, r]))
    expect(mine.size).toBe(4)
    for (const [key, r] of mine) {
      const l = theirs.get(key)!
      expect(r.status).toBe('completed')
      expect(r.name).toBe(l.name)
      expect(r.progress).toBe(1)
      // the worker's code says which versions ran it: the lab's own here
      expect([r.labVersion, r.engineVersion]).toEqual([l.labVersion, l.engineVersion])
      expect(r.engineVersion).toBeGreaterThan(0)
      const sa = a.getSeries(r.id)
      const sb = b.getSeries(l.id)
      expect(sa.map((s) => s.name)).toEqual(sb.map((s) => s.name))
      sa.forEach((s, i) => {
        expect(bits(s.t), `${key} ${s.name} t`).toBe(bits(sb[i].t))
        expect(bits(s.value), `${key} ${s.name}`).toBe(bits(sb[i].value))
      })
      expect(r.summary).toEqual(l.summary)
      expect(a.listArtifacts(r.id)).toEqual(b.listArtifacts(l.id))
    }
  })

  it('a shard cut short imports as interrupted with what it recorded, and a rerun replaces it', async () => {
    const cut = join(root, 'cut')
    cpSync(dir, cut, { recursive: true })
    // keep task 0's shard up to the middle of its second point, torn mid-line as a kill leaves it
    const shards = join(cut, 'shards')
    const task0 = readdirSync(shards).find((f) => f.startsWith('task-0.'))!
    const text = readFileSync(join(shards, task0), 'utf8')
    const second = text.indexOf('{"type":"header"', 1)
    const pointsAfter = [...text.slice(second).matchAll(/\{"type":"point"/g)].map((m) => second + m.index)
    truncateSync(join(shards, task0), pointsAfter[3] + 25)
    for (const f of readdirSync(shards)) if (f.startsWith('task-1.')) truncateSync(join(shards, f), 0)

    const info = readBundleInfo(cut)
    const manifest = readFileSync(join(cut, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const ids = manifest.map((m) => m.runId as string)
    // the queue empty: cut short means interrupted; the queue unknown (no squeue here): unfinished;
    // the task (points 0–2) running under the attempt that wrote it: running, and its next point pending
    expect(statusFrom(cut, info, ids, new Map()).pointStates.map((p) => p.state)).toEqual(['done', 'interrupted', 'missing', 'missing'])
    expect(statusFrom(cut, info, ids, null).pointStates.map((p) => p.state)).toEqual(['done', 'unfinished', 'missing', 'missing'])
    const attempt = task0.replace(/^task-0\.|\.jsonl$/g, '')
    expect(statusFrom(cut, info, ids, new Map([[0, { state: 'running', attempt }]])).pointStates.map((p) => p.state)).toEqual(['done', 'running', 'pending', 'missing'])
    expect(statusFrom(cut, info, ids, new Map([[0, { state: 'running', attempt: 'another' }], [1, { state: 'pending', attempt: 'x' }]])).pointStates.map((p) => p.state)).toEqual(['done', 'pending', 'pending', 'pending'])
    // a queue that cannot be asked (squeue missing or slurmctld down) says why, and status still answers
    const down = { ...slurm, queue: async () => Promise.reject(new SchedulerError('squeue: slurm_load_jobs error: Unable to contact slurm controller')) }
    const unknown = await bundleStatus(cut, down)
    expect(unknown).toMatchObject({ queueKnown: false, queueError: expect.stringMatching(/Unable to contact/) })
    expect(unknown.pointStates[1].state).toBe('unfinished')

    const db = join(root, 'cut.db')
    const first = JSON.parse(await lab(['import', cut, '--db', db, '--json']))
    expect(first).toMatchObject({ added: 2, interrupted: 1, notRun: 2, damagedLines: 1 })
    const store = open(db)
    const partial = store.getRun(manifest[1].runId)
    expect(partial.status).toBe('interrupted')
    expect(partial.error).toMatch(/its task stopped before it finished .*; 3 points recorded/)
    const partialEg = store.getSeries(partial.id, ['sgd/eg'])[0]

    // run-local redoes only what is not done: task 0's second point, all of task 1
    expect(await lab(['cluster', 'run-local', cut, '--jobs', '1'])).toMatch(/point 0 \(run \w+\): already done, skipped/)
    const second_ = JSON.parse(await lab(['import', cut, '--db', db, '--json']))
    expect(second_).toMatchObject({ added: 2, replaced: 1, unchanged: 1, interrupted: 0, notRun: 0 })
    const redone = store.getRun(manifest[1].runId)
    expect(redone.status).toBe('completed')
    expect(redone.error).toBeNull()
    const eg = store.getSeries(redone.id, ['sgd/eg'])[0]
    expect(eg.t.length).toBe(9)
    expect(bits(eg.value.slice(0, partialEg.t.length))).toBe(bits(partialEg.value))
    expect(store.listRuns({ sweepId: first.sweepId }).length).toBe(4)
  })

  it('the API exports a stored sweep, reports its status and imports it, arguments checked by zod', async () => {
    const api = new Lab({ db: ':memory:', threads: 1 })
    try {
      const stored = api.store.createSweep(SWEEP.name, parseSweep(SWEEP))
      const bad = await api.callEnvelope('exportSweepBundle', { sweepId: stored.id, out: 'relative/folder', perTask: 0 })
      expect(bad.ok).toBe(false)
      if (!bad.ok) expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['out', 'perTask'])
      const neither = await api.callEnvelope('exportSweepBundle', { out: join(root, 'x') })
      expect(!neither.ok && neither.error.issues?.[0]).toMatchObject({ path: 'sweepId', message: 'give either sweepId or sweep' })

      const out = join(root, 'api-bundle')
      const written = await api.call('exportSweepBundle', { sweepId: stored.id, out, perTask: 4, account: 'proj' })
      expect(written).toMatchObject({ dir: out, points: 4, perTask: 4, tasks: 1, script: 'slurm/job.sbatch' })
      expect(readFileSync(join(out, 'slurm/job.sbatch'), 'utf8')).toMatch(/#SBATCH --account=proj\n/)
      expect((await api.call('bundleStatus', { dir: out })).counts.missing).toBe(4)

      // the shards of the bundle run above, copied in: same sweep, other run ids → nothing matches
      cpSync(join(dir, 'shards'), join(out, 'shards'), { recursive: true })
      expect((await api.call('bundleStatus', { dir: out })).counts.missing).toBe(4)
      await lab(['cluster', 'run-local', out])
      const events: string[] = []
      const stop = api.subscribe((e) => e.type === 'created' && events.push(e.runId))
      const report = await api.call('importBundle', { dir: out })
      stop()
      // into the sweep already stored under the same name and spec
      expect(report).toMatchObject({ sweepId: stored.id, added: 4, notRun: 0 })
      expect(events.sort()).toEqual([...report.changed].sort())
      expect(api.store.getSweep(stored.id).runIds.length).toBe(4)
    } finally {
      await api.close()
    }
  })

  it('a refused bundle names the field and writes nothing', async () => {
    const out = join(root, 'refused')
    const io = capture()
    expect(await main(['sweep', sweepFile, '--cluster', 'slurm', '--out', out, '--time', 'tomorrow'], io)).toBe(2)
    expect(io.stderr).toMatch(/time: 'tomorrow' is not a SLURM time/)
    expect(await main(['sweep', sweepFile, '--cluster', 'slurm', '--out', dir], capture())).toBe(2) // not empty
    const mnist = join(root, 'mnist.json')
    writeFileSync(mnist, JSON.stringify({ name: 'm', base: { engine: 'pseudoreal', pipeline: 'x' }, axes: [{ path: 'seed', values: [1, 2] }] }))
    const io2 = capture()
    expect(await main(['sweep', mnist, '--cluster', 'slurm', '--out', out], io2)).toBe(2)
    expect(io2.stderr).toMatch(/base.pipeline: engine 'pseudoreal' reads its pipeline run from the archive before it runs/)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(root).filter((f) => f.includes('partial'))).toEqual([])
    const io3 = capture()
    expect(await main(['import', join(root, 'nowhere')], io3)).toBe(2)
    expect(io3.stderr).toMatch(/is not a sweep bundle: no bundle.json/)
  })
})
