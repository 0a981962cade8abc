import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { Lab } from '@main/api'
import { Eta } from '@main/runner/eta'
import { isFinal, linearSpec, longHmmSpec, newLab, waitFor } from './helpers'

const labs: Lab[] = []
const track = (lab: Lab) => (labs.push(lab), lab)
afterEach(async () => {
  await Promise.all(labs.splice(0).map((l) => l.close()))
})

describe('runner', () => {
  it('runs 50 queued runs on a 2-thread pool to completion, storing their records', async () => {
    const lab = track(newLab({ threads: 2 }))
    const runs = await Promise.all(Array.from({ length: 50 }, (_, i) => lab.call('createRun', { spec: linearSpec(i) })))
    expect(lab.runner.threads).toBe(2)
    await lab.runner.drain()
    const done = runs.map((r) => lab.store.getRun(r.id))
    expect(done.every((r) => r.status === 'completed')).toBe(true)
    expect(done.every((r) => r.progress === 1 && typeof r.summary.egFinal === 'number')).toBe(true)
    const eg = lab.store.getSeries(runs[7].id, ['theory/Eg'])[0]
    expect(eg.t).toHaveLength(31)
  })
})

// the same assertions on worker threads (Piscina) and on the calling thread (InlinePool, a single
// `lab run`): one Runner code path for storing, cancel, engine errors and divergence
describe.each([
  { path: 'worker threads', options: {} },
  { path: 'the calling thread (inline)', options: { inline: true } }
])('runner on $path', ({ options }) => {
  it('publishes status and progress events with an ETA', async () => {
    const lab = track(newLab({ ...options }))
    const events: string[] = []
    lab.subscribe((e) => events.push(e.type === 'status' ? `status:${e.status}` : e.type))
    await lab.call('createRun', { spec: linearSpec(1) })
    await lab.runner.drain()
    expect(events).toContain('created')
    expect(events).toContain('status:running')
    expect(events).toContain('progress')
    expect(events.at(-1)).toBe('status:completed')
  })

  it('cancels a queued run and a running run, the running one within a second', async () => {
    const lab = track(newLab({ threads: 1, ...options }))
    const running = await lab.call('createRun', { spec: longHmmSpec(1) })
    const queued = await lab.call('createRun', { spec: longHmmSpec(2) })
    await waitFor(() => lab.store.getRun(running.id).status === 'running' && lab.store.listSeries(running.id).length > 0)
    expect(lab.store.getRun(queued.id).status).toBe('queued')
    await lab.call('cancelRun', { id: queued.id })
    const t0 = Date.now()
    await lab.call('cancelRun', { id: running.id })
    await waitFor(() => isFinal(lab.store.getRun(running.id)), 5000)
    const elapsed = Date.now() - t0
    expect(elapsed).toBeLessThan(1000)
    expect(lab.store.getRun(running.id).status).toBe('cancelled')
    await waitFor(() => isFinal(lab.store.getRun(queued.id)), 5000)
    expect(lab.store.getRun(queued.id).status).toBe('cancelled')
    // what the cancelled run recorded stays readable
    expect(lab.store.getSeries(running.id, ['sgd/eg'])[0].t.length).toBeGreaterThan(0)
    // and the pool keeps serving
    const after = await lab.call('createRun', { spec: linearSpec(3) })
    await lab.runner.drain()
    expect(lab.store.getRun(after.id).status).toBe('completed')
  })

  it('marks a run whose worker throws failed with the message; the pool keeps serving', async () => {
    const faulty = fileURLToPath(new URL('./fixtures/faultyWorker.mjs', import.meta.url))
    const lab = track(newLab({ threads: 1, worker: { filename: faulty }, ...options }))
    const a = await lab.call('createRun', { spec: linearSpec(0, { name: 'throw-after-records' }) })
    const b = await lab.call('createRun', { spec: linearSpec(1, { name: 'plain-throw' }) })
    await lab.runner.drain()
    const ra = lab.store.getRun(a.id)
    expect(ra.status).toBe('failed')
    expect(ra.error).toMatch(/engine exploded at t = 1/)
    expect(lab.store.getSeries(a.id, ['x/eg'])[0]).toEqual({ name: 'x/eg', t: [0, 1], value: [1, 0.5] })
    expect(lab.store.getRun(b.id)).toMatchObject({ status: 'failed', error: 'TypeError: bad engine' })
  })

  it('marks a run diverged at the t where a value stops being finite, keeping earlier records', async () => {
    const lab = track(newLab({ ...options }))
    // a linear student at a learning rate far above stability: the weights grow geometrically
    const run = await lab.call('createRun', {
      spec: { engine: 'hmm', model: { N: 100, D: 50, g: 'linear', teacherG: 'linear', f: 'linear' }, train: { lr: 40, tMax: 50, testSamples: 200 }, solve: ['sgd'] }
    })
    await lab.runner.drain()
    const r = lab.store.getRun(run.id)
    expect(r.status).toBe('diverged')
    expect(r.error).toMatch(/diverged at t = /)
    const t = r.summary.divergedAt as number
    const eg = lab.store.getSeries(run.id, ['sgd/eg'])[0]
    expect(eg.t.at(-1)).toBe(t)
    expect(eg.t.length).toBeGreaterThan(1)
    expect(eg.value.slice(0, -1).every((v) => v !== null && Number.isFinite(v))).toBe(true)
  })
})

describe('ETA', () => {
  it('extrapolates the rate since the first progress (tests/unit/main/eta.test.ts has the rest)', () => {
    let now = 0
    const eta = new Eta(() => now)
    expect(eta.secondsLeft()).toBeNull()
    eta.start()
    eta.update(0)
    now = 10_000
    eta.update(0.25)
    expect(eta.secondsLeft()).toBeCloseTo(30, 10)
    eta.update(1)
    expect(eta.secondsLeft()).toBe(0)
  })
})
