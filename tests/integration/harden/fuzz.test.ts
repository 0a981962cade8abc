// Issue #11, "done when": a fuzz test of the API over HTTP and the CLI. Generated specs of random
// shape and size (mutated valid specs of every engine, unknown and misspelt fields, huge and
// negative sizes, long strings, deep junk, malformed JSON, random overrides), bounded in count
// and in time. For every input: a clear 4xx / exit 2 with nothing stored, or a stored run —
// never a 5xx, a thrown error or a crash, and at the end every stored run is whole (its spec
// parses, its state is final, a completed run has its series).
import { writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Lab } from '@main/api'
import { main } from '@main/cli'
import { serve, type RunningServer } from '@main/server'
import { FINAL_STATUSES, type RunRow } from '@shared/api'
import { parseRunSpec } from '@shared/validate'
import { capture, newLab, tmpDir } from '../helpers'
import { junkBody, junkString, override, PATHS, rng, spec, value } from './fuzzInputs'

/** budget per transport (FUZZ_SECONDS, default 8) and seed (FUZZ_SEED): a long hunt is `FUZZ_SECONDS=300 FUZZ_SEED=$RANDOM npx vitest run …` */
const SECONDS = Number(process.env.FUZZ_SECONDS) || 8
const SEED = Number(process.env.FUZZ_SEED) || 20261130

let lab: Lab
let server: RunningServer
const dir = tmpDir()
const db = join(dir, 'lab.db')
// a small machine: what passes the cost check runs in about a second
const LIMITS = { bytes: 256 * 2 ** 20, seconds: 1.5 }
const figures = { http: 0, httpAccepted: 0, cli: 0, cliAccepted: 0, statuses: {} as Record<string, number>, exits: {} as Record<string, number> }

beforeAll(async () => {
  lab = newLab({ db, threads: 1, limits: LIMITS })
  // a stand-in for the built interface: ordinary paths are answered with it (200)
  const rendererDir = tmpDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>lab</title>')
  server = await serve(lab, { port: 0, rendererDir })
})
afterAll(async () => {
  await server.close()
  await lab.close()
  // the figures the issue asks for, in the test log
  console.log(`fuzz (seed ${SEED}, ${SECONDS} s per transport): ${JSON.stringify(figures)}`)
})

function post(method: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: `/api/call/${method}`, method: 'POST', headers: { 'content-type': 'application/json', 'x-lab-token': server.token! } },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

const storedCount = () => (lab.store.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n
const sweepCount = () => (lab.store.db.prepare('SELECT count(*) AS n FROM sweeps').get() as { n: number }).n

/** every stored run is whole: its spec parses, its state is final, a completed run has series */
async function expectWholeRuns() {
  for (const run of lab.store.listRuns({ limit: 100_000 }))
    if (!FINAL_STATUSES.includes(run.status)) await lab.call('cancelRun', { id: run.id }).catch(() => undefined)
  await lab.runner.drain()
  const runs: RunRow[] = lab.store.listRuns({ limit: 100_000 })
  for (const run of runs) {
    expect(FINAL_STATUSES, `${run.id} is ${run.status}`).toContain(run.status)
    expect(() => parseRunSpec(run.spec), `${run.id}'s stored spec`).not.toThrow()
    if (run.status === 'completed') expect(lab.store.listSeries(run.id).length, `${run.id} has no series`).toBeGreaterThan(0)
  }
  expect(lab.store.integrityCheck()).toBe('ok')
}

/** a raw GET of a request target exactly as written (no client normalises it): the status code */
function rawGet(target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = connect(server.port, '127.0.0.1', () =>
      sock.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Lab-Token: ${server.token}\r\nConnection: close\r\n\r\n`)
    )
    let head = ''
    sock.on('data', (c) => (head += c))
    sock.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)))
    sock.on('error', reject)
  })
}

describe('fuzz', () => {
  it('HTTP request targets: odd paths are a 400 or 404, never a 5xx or an unhandled rejection', async () => {
    const r = rng(SEED)
    const rejections: unknown[] = []
    const onRejection = (e: unknown) => rejections.push(e)
    process.on('unhandledRejection', onRejection)
    const PARTS = ['/', '//', '.', '..', '%', '%2e', '%2F', '%00', '%ZZ', '\\', 'api', 'call', 'export', 'upload', 'events', 'listRuns', '__proto__', ':0', '[', '@', 'a', 'index.html', '?x=1', '#f', '%E0%A4%A']
    try {
      for (let i = 0; i < 300; i++) {
        const n = 1 + r.int(6)
        let target = r.chance(0.9) ? '/' : ''
        for (let k = 0; k < n; k++) target += r.pick(PARTS)
        const status = await rawGet(target)
        // 200: an ordinary path (the SPA's index), 401/405: an API route asked wrongly
        expect([200, 400, 401, 404, 405], target).toContain(status)
        if (/\/\/|(^|\/)\.{1,2}(\/|$)|%00/.test(target.split(/[?#]/)[0])) expect([400, 404], target).toContain(status)
      }
      await new Promise((done) => setTimeout(done, 50))
      expect(rejections).toEqual([])
      expect((await post('listRuns', '{}')).status).toBe(200)
    } finally {
      process.off('unhandledRejection', onRejection)
    }
  })

  it('HTTP: every generated request is a 2xx with a stored run, or a 4xx with nothing stored', async () => {
    const r = rng(SEED)
    const deadline = Date.now() + SECONDS * 1000
    const METHODS = ['createRun', 'createRun', 'createRun', 'createRun', 'createRun', 'validateSpec', 'createSweep', 'startPreset', 'rerun', 'listRuns', 'getSeries', 'renameRun', 'setNotes', 'setTags', 'cancelRun', 'getArtifact']
    for (let i = 0; i < 100 * SECONDS * 4 && Date.now() < deadline; i++) {
      const method = r.pick(METHODS)
      let body: string
      if (r.chance(0.05)) body = junkBody(r)
      else if (method === 'createRun') body = JSON.stringify(r.chance(0.15) ? { preset: r.pick(['goldt-2020', 'bae-jeong-fig8', 'nope', 'bae-jeong-fig3']), set: [override(r)] } : { spec: spec(r), set: r.chance(0.3) ? [override(r)] : [] })
      else if (method === 'validateSpec') body = JSON.stringify({ spec: spec(r) })
      else if (method === 'createSweep') body = JSON.stringify({ sweep: { name: junkString(r).slice(0, 30) || 's', base: spec(r), axes: [{ path: r.pick(PATHS), values: [value(r), value(r)] }], mode: r.pick(['product', 'zip', 'diagonal']) } })
      else if (method === 'startPreset') body = JSON.stringify({ id: r.pick(['goldt-2020', 'bae-jeong-deviation-maps', 'bae-jeong-fig2', 'zzz']), set: [override(r), override(r)] })
      else body = JSON.stringify(r.chance(0.5) ? { id: r.pick(['', '0', 'm', junkString(r).slice(0, 70)]), name: value(r), notes: value(r), tags: value(r), names: value(r), seed: value(r) } : value(r))
      const before = storedCount()
      const sweepsBefore = sweepCount()
      const res = await post(method, body)
      figures.http++
      figures.statuses[res.status] = (figures.statuses[res.status] ?? 0) + 1
      const context = `${method} ${body.slice(0, 300)} → ${res.status} ${res.body.slice(0, 300)}`
      expect([200, 400, 404, 409, 413], context).toContain(res.status)
      const reply = JSON.parse(res.body)
      expect(reply.ok, context).toBe(res.status === 200)
      if (!reply.ok) {
        expect(reply.error.message.length, context).toBeGreaterThan(0)
        expect(storedCount(), `a refused request stored a run: ${context}`).toBe(before)
        expect(sweepCount(), `a refused request stored a sweep: ${context}`).toBe(sweepsBefore)
        continue
      }
      const created = method === 'createRun' || method === 'rerun' ? 1 : method === 'createSweep' ? reply.value.runs.length : method === 'startPreset' ? (reply.value.kind === 'sweep' ? reply.value.runs.length : 1) : 0
      figures.httpAccepted += created
      expect(storedCount(), context).toBe(before + created)
      // keep the pool short: a run that was accepted is run or cancelled, never left behind
      if (created && r.chance(0.5)) for (const row of lab.store.listRuns({ status: ['queued'] })) await lab.call('cancelRun', { id: row.id }).catch(() => undefined)
    }
    expect(figures.http).toBeGreaterThan(50)
    expect(figures.statuses[200]).toBeGreaterThan(0)
    expect(figures.statuses[400]).toBeGreaterThan(0)
    expect((await post('listRuns', '{}')).status).toBe(200)
    await expectWholeRuns()
  }, 60_000 + SECONDS * 2000)

  it('CLI: every generated spec file and override exits 2 with nothing stored, or 0/1 with a stored, finished run', async () => {
    const r = rng(SEED + 1)
    const env = { LAB_MAX_MEMORY_MB: process.env.LAB_MAX_MEMORY_MB, LAB_MAX_HOURS: process.env.LAB_MAX_HOURS }
    process.env.LAB_MAX_MEMORY_MB = '256'
    process.env.LAB_MAX_HOURS = String(1.5 / 3600)
    try {
      const deadline = Date.now() + SECONDS * 1000
      const fixed: string[][] = [
        ['run', 'goldt-2020', '--set', 'train.points=1e9'],
        ['run', 'goldt-2020', '--set', 'model.n=100'],
        ['run', 'goldt-2020', '--set', 'model.N=1000000'],
        ['run', 'goldt-2020', '--set', 'latent.alpha=4'],
        ['run', 'goldt-2020', '--threads', '100000'],
        ['run', 'goldt-2020', '--set', `x=${'['.repeat(100_000)}`]
      ]
      for (let i = 0; i < 20 * SECONDS * 4 && Date.now() < deadline; i++) {
        let args: string[]
        if (i < fixed.length) args = fixed[i]
        else {
          const file = join(dir, `spec-${i}.json`)
          writeFileSync(file, r.chance(0.05) ? junkBody(r) : JSON.stringify(spec(r)))
          args = ['run', file, ...(r.chance(0.4) ? ['--set', override(r)] : []), ...(r.chance(0.05) ? ['--threads', String(r.pick([0, -1, 2, 1e9]))] : [])]
        }
        const before = storedCount()
        const io = capture()
        let code: number
        try {
          code = await main([...args, '--db', db], io)
        } catch (e) {
          throw new Error(`lab ${args.join(' ').slice(0, 200)} threw: ${(e as Error).stack}`)
        }
        figures.cli++
        figures.exits[code] = (figures.exits[code] ?? 0) + 1
        const context = `lab ${args.join(' ').slice(0, 300)} → ${code}: ${io.stderr.slice(0, 300)}`
        expect([0, 1, 2], context).toContain(code)
        if (code === 2) {
          expect(io.stderr, context).toMatch(/^lab: /)
          expect(io.stderr, context).not.toMatch(/\n\s+at /)
          expect(storedCount(), context).toBe(before)
        } else {
          figures.cliAccepted++
          expect(storedCount(), context).toBe(before + 1)
        }
        if (i === 1) expect(io.stderr).toMatch(/model\.n: unknown field 'n'; did you mean 'N'\?/)
        if (i === 2) expect(io.stderr).toMatch(/this run needs about .* of memory, over the limit of 256 MiB/)
      }
      expect(figures.exits[2]).toBeGreaterThan(0)
    } finally {
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    await expectWholeRuns()
  }, 60_000 + SECONDS * 2000)
})
