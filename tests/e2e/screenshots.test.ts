// Every view of the lab in both themes at 1440×900 and 1024×700 (issue 12's "Done when"): one real
// archive (two hmm runs, an η × seed sweep, a linear run, an NNGP run, a phase-diagram study), then a
// browser context per theme and size. Each view must render without a page error and without a
// horizontal page scroll bar; the screenshots land in test-output/screenshots/views/ (the README's
// gallery in docs/screenshots/views/ is copied from there).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedPreset } from '@shared/api'
import { openSession, shotsDir, type Session } from './harness'

let s: Session
const ids: Record<string, string> = {}
const runId = (p: StartedPreset) => (p.kind === 'sweep' ? p.runs[0].id : p.run.id)

beforeAll(async () => {
  s = await openSession({ threads: 2 })
  const hmm = (name: string, lr: number) => ({ engine: 'hmm', name, seed: 1, model: { N: 200, D: 100 }, train: { lr, tMax: 4, testSamples: 1000, points: 40 } })
  ids.a = (await s.lab.call('createRun', { spec: hmm('η = 0.2', 0.2) })).id
  ids.b = (await s.lab.call('createRun', { spec: hmm('η = 0.5', 0.5) })).id
  const sweep = await s.lab.call('createSweep', {
    sweep: { name: 'η × seed', base: { engine: 'hmm', model: { N: 120, D: 60 }, train: { tMax: 3, testSamples: 500, points: 20 } }, axes: [{ path: 'train.lr', values: [0.1, 0.3, 1] }, { path: 'seed', values: [1, 2] }] }
  })
  ids.sweep = sweep.sweep.id
  ids.linear = (await s.lab.call('createRun', { spec: { engine: 'linear', name: 'curves', tags: ['learning-curves'], N: 80, P: 80, lr: 0.05, tMax: 200, points: 80 } })).id
  ids.nngp = (await s.lab.call('createRun', { spec: { engine: 'nngp', name: 'NNGP spectrum', depth: 2, inputs: { kind: 'gaussian', n: 200, d: 10, seed: 1 } } })).id
  ids.phase = runId(await s.lab.call('startPreset', { id: 'zhang-wang-su-phase', set: ['seeds=4', 'tMaxes=[100,10000,1000000]'] }))
  await s.lab.runner.drain()
  for (const r of s.lab.store.listRuns()) expect(r.status, r.name).toBe('completed')
}, 300_000)
afterAll(async () => {
  await s?.close()
})

const views = () => [
  ['runs', '#/runs'],
  ['run', `#/run/${ids.a}`],
  ['compare', `#/compare?ids=${ids.a},${ids.b}`],
  ['new-run', '#/new'],
  ['sweeps', `#/sweeps?sweep=${ids.sweep}`],
  ['mnist', '#/mnist'],
  ['linear', '#/linear'],
  ['kernels', `#/kernels?run=${ids.nngp}`],
  ['elasticity', `#/elasticity?run=${ids.phase}`]
] as const

describe('every view, both themes, two window sizes', () => {
  for (const theme of ['light', 'dark'] as const)
    for (const [width, height] of [[1440, 900], [1024, 700]] as const)
      it(`${theme}, ${width}×${height}: every view renders with no horizontal page scroll`, async () => {
        const context = await s.browser.newContext({ viewport: { width, height }, colorScheme: theme })
        const page = await context.newPage()
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(e.message))
        const dir = join(shotsDir, 'views')
        mkdirSync(dir, { recursive: true })
        try {
          for (const [name, hash] of views()) {
            await page.goto(s.server.url + hash)
            await page.locator('.view-header').first().waitFor({ timeout: 30_000 })
            if (!['new-run', 'mnist'].includes(name)) await page.locator('canvas, table, [role=row]').first().waitFor({ timeout: 30_000 })
            await page.waitForTimeout(700)
            const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)
            expect(overflow, `${name}: the page scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(1)
            await page.screenshot({ path: join(dir, `${name}-${theme}-${width}.png`) })
          }
          expect(errors, errors.join('; ')).toEqual([])
        } finally {
          await context.close()
        }
      }, 180_000)
})
