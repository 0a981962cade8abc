// Issue #11 item 1: a run that exhausts memory, or whose records the archive cannot store
// (SQLITE_FULL), ends as a failed run with the reason; the process keeps serving and the
// archive stays intact.
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { Lab } from '@main/api'
import { linearSpec, newLab } from '../helpers'

const labs: Lab[] = []
const track = (lab: Lab) => (labs.push(lab), lab)
afterEach(async () => {
  await Promise.all(labs.splice(0).map((l) => l.close()))
})

describe('run faults', () => {
  it('a worker that runs out of heap fails its run; the next run completes', async () => {
    const hungry = fileURLToPath(new URL('../fixtures/hungryWorker.mjs', import.meta.url))
    const lab = track(newLab({ threads: 1, worker: { filename: hungry }, heapMb: 64 }))
    const huge = await lab.call('createRun', { spec: linearSpec(0, { name: 'allocate-huge' }) })
    await lab.runner.drain()
    const failed = lab.store.getRun(huge.id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/ran out of memory \(worker heap limit 64 MiB\)/)
    const next = await lab.call('createRun', { spec: linearSpec(1, { name: 'small' }) })
    await lab.runner.drain()
    expect(lab.store.getRun(next.id).status).toBe('completed')
    expect(lab.store.getSeries(next.id, ['x/eg'])[0].value).toEqual([1, 0.5])
  })

  // on worker threads and on the calling thread (InlinePool, a single `lab run`: its records are
  // stored within the engine's own call); the heap limit above is the worker threads' alone
  it.each([
    { path: 'worker threads', options: {} },
    { path: 'the calling thread (inline)', options: { inline: true } }
  ])('a full archive (SQLITE_FULL while storing records) fails the run with the reason and keeps the archive intact ($path)', async ({ options }) => {
    const lab = track(newLab({ threads: 1, ...options }))
    const first = await lab.call('createRun', { spec: linearSpec(0) })
    await lab.runner.drain()
    // no page beyond the ones in use: the next records cannot be stored
    const pages = lab.store.db.pragma('page_count', { simple: true }) as number
    lab.store.db.pragma(`max_page_count = ${pages + 1}`)
    const big = await lab.call('createRun', { spec: linearSpec(1, { N: 30, P: 60, points: 10_000, tMax: 10_000 }) })
    await lab.runner.drain()
    const run = lab.store.getRun(big.id)
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(/could not store the run's records: the disk holding the archive is full \(SQLITE_FULL\)/)
    expect(lab.store.integrityCheck()).toBe('ok')
    expect(lab.store.getRun(first.id).status).toBe('completed')
    // room again: the lab still runs
    lab.store.db.pragma('max_page_count = 1073741823')
    const after = await lab.call('createRun', { spec: linearSpec(2) })
    await lab.runner.drain()
    expect(lab.store.getRun(after.id).status).toBe('completed')
  })
})
