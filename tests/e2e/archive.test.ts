// Issue 2's end-to-end check: a run stored by the engines shows up in the served interface.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Lab } from '@main/api'
import { openSession, root, screenshot, type Session } from './harness'
import { tmpDb } from '../integration/helpers'

let s: Session
beforeAll(async () => {
  s = await openSession()
})
afterAll(async () => {
  await s?.close()
})

describe('served archive', () => {
  it('shows a stored run in the runs table and in its own view', async () => {
    const run = await s.lab.call('createRun', { spec: { engine: 'hmm', name: 'e2e goldt small', model: { N: 200, D: 100 }, train: { tMax: 5, testSamples: 1000, points: 40 } } })
    await s.lab.runner.drain()
    expect(s.lab.store.getRun(run.id).status).toBe('completed')
    await s.page.goto(s.server.url + '#/runs')
    await s.page.getByText('e2e goldt small').first().waitFor({ timeout: 30_000 })
    const file = await screenshot(s.page, 'archive-runs')
    expect(statSync(file).size).toBeGreaterThan(10_000)
    await s.page.goto(s.server.url + `#/run/${run.id}`)
    await s.page.locator('canvas, svg').first().waitFor({ timeout: 30_000 })
    await screenshot(s.page, 'archive-run')
  })

  it('the bundled worker (out/main/task.js) runs an engine under plain Node', async () => {
    const bundled = join(root, 'out', 'main', 'task.js')
    expect(existsSync(bundled)).toBe(true)
    const lab = new Lab({ db: tmpDb(), threads: 1, worker: { filename: bundled } })
    try {
      const run = await lab.call('createRun', { spec: { engine: 'linear', N: 30, P: 60, points: 20 } })
      await lab.runner.drain()
      expect(lab.store.getRun(run.id)).toMatchObject({ status: 'completed', summary: { alpha: 2 } })
    } finally {
      await lab.close()
    }
  })
})
