// The engine pool's options (src/main/runner/pool.ts) and a Runner on a pool started before it
// (`lab run` starts the pool before it loads the Lab; issue 13: start-up).
import { describe, expect, it, vi } from 'vitest'
import type { Piscina } from 'piscina'
import { poolOptions, WORKER_YOUNG_MB } from '@main/runner/pool'
import { Runner } from '@main/runner/runner'
import { RunStore } from '@main/store/runStore'
import { openDatabase } from '@main/store/database'

const worker = { filename: '/nowhere/task.js' }

describe('poolOptions', () => {
  it('limits each worker\'s young generation, and its old one when a heap limit is given', () => {
    expect(poolOptions({ threads: 3, worker }).resourceLimits).toEqual({ maxYoungGenerationSizeMb: WORKER_YOUNG_MB })
    expect(poolOptions({ threads: 3, worker, heapMb: 512, youngMb: 8 }).resourceLimits).toEqual({ maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 })
  })
  it('starts one thread at once and grows to `threads`, one task per thread', () => {
    const o = poolOptions({ threads: 3, worker })
    expect(o).toMatchObject({ filename: worker.filename, minThreads: 1, maxThreads: 3, concurrentTasksPerWorker: 1 })
  })
})

describe('a Runner given a pool started earlier', () => {
  it('runs its tasks on that pool and destroys it when closed', async () => {
    const fake = { run: vi.fn(async () => ({ digits: [] })), destroy: vi.fn(async () => undefined) }
    const store = new RunStore(openDatabase(':memory:'))
    const runner = new Runner(store, { threads: 1, worker, recoverEveryMs: 0, pool: Promise.resolve(fake as unknown as Piscina) })
    await runner.preview({ images: [] } as never)
    expect(fake.run).toHaveBeenCalledTimes(1)
    expect(fake.run.mock.calls[0]).toEqual([{ images: [] }, { name: 'preview' }])
    await runner.close()
    expect(fake.destroy).toHaveBeenCalledTimes(1)
    store.db.close()
  })
})

describe('singleRunThreads: which command lines bin/lab.mjs starts a pool for before loading the CLI', () => {
  it('a run of a spec file: its --threads, else 1', async () => {
    const { singleRunThreads } = await import('@main/runner/earlyPool')
    expect(singleRunThreads(['run', 'spec.json'])).toBe(1)
    expect(singleRunThreads(['run', './specs/a', '--db', 'x.db', '--set', 'train.lr=0.1', '--json'])).toBe(1)
    expect(singleRunThreads(['run', 'spec.json', '--threads', '3'])).toBe(3)
  })
  it('nothing else: a preset id (it may be a sweep), other commands, malformed arguments (the CLI reports them)', async () => {
    const { singleRunThreads } = await import('@main/runner/earlyPool')
    for (const argv of [['run', 'goldt-2020'], ['list'], ['sweep', 'a.json'], ['run'], ['run', 'a.json', 'b.json'], ['run', 'a.json', '--bogus'], ['run', 'a.json', '--threads', '0'], ['run', 'a.json', '--threads', 'two'], ['run', 'a.json', '--threads', '257']])
      expect(singleRunThreads(argv), argv.join(' ')).toBeNull()
  })
})
