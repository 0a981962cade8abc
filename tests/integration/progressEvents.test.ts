// Progress events come from the runner's memory as records arrive, not from a read-back of the
// archive: with a store that forgets progress, the events still carry every fraction and t.
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { Runner } from '@main/runner/runner'
import type { LabEvent } from '@shared/api'
import { longHmmSpec, tmpDb } from './helpers'

class ForgetfulStore extends RunStore {
  override setProgress(): void {
    /* dropped: a read-back would see no progress */
  }
}

let runner: Runner | null = null
afterEach(async () => {
  await runner?.close()
  runner = null
})

describe('progress events', () => {
  it.each([
    { path: 'worker threads', options: {} },
    { path: 'the calling thread (inline)', options: { inline: true } }
  ])('carry the fractions and times the engine reported, whatever the archive holds ($path)', async ({ options }) => {
    const store = new ForgetfulStore(openDatabase(tmpDb()))
    runner = new Runner(store, { threads: 1, ...options })
    const spec = { ...longHmmSpec(), train: { ...longHmmSpec().train, tMax: 2, points: 40, testSamples: 500 } }
    const run = store.createRun({ name: 'p', engine: 'hmm', spec, seed: 0 })
    const events: Extract<LabEvent, { type: 'progress' }>[] = []
    runner.subscribe((e) => {
      if (e.type === 'progress' && e.runId === run.id) events.push(e)
    })
    const done = await runner.submit(run)
    expect(done.status).toBe('completed')
    expect(done.progress).toBeNull() // the archive never heard of it…
    expect(events.length).toBeGreaterThan(0) // …yet the events carry it
    expect(events.at(-1)!.fraction).toBe(1)
    expect(events.at(-1)!.t).toBeCloseTo(2, 6)
    for (let i = 1; i < events.length; i++) expect(events[i].fraction).toBeGreaterThanOrEqual(events[i - 1].fraction)
    store.db.close()
  })
})
