// The Linear view (#/linear) draws the seed-002 figures from real runs of the three engines,
// scaled down: learning curves, double descent, spectrum and modes, the bound against N_h.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSession, screenshot, type Session } from './harness'

describe('Linear view', () => {
  let s: Session
  beforeAll(async () => {
    s = await openSession({ threads: 1 })
  })
  afterAll(async () => {
    await s?.close()
  })

  it('shows the four figures of finished runs and offers the presets', async () => {
    const { lab, page, server } = s
    await lab.call('createRun', { spec: { engine: 'linear', name: 'curves', tags: ['learning-curves'], N: 80, P: 80, lr: 0.05, tMax: 200, points: 80 } })
    await lab.call('createRun', { spec: { engine: 'linear', name: 'spectrum', tags: ['spectrum'], N: 120, P: 60, sigmaW0: 0.5, lr: 0.1, tMax: 100, points: 80 } })
    await lab.call('createRun', { spec: { engine: 'linear-dd', name: 'dd', N: 40, values: [0.5, 0.8, 1, 1.25, 2], snrs: [4, 16], seeds: 4, tMax: 200 } })
    await lab.call('createRun', { spec: { engine: 'linear-relu', name: 'relu', Ni: 10, P: 20, hidden: [5, 10, 20, 40, 80], seeds: 2, lr: 0.05, tMax: 50 } })
    await lab.runner.drain()
    for (const r of lab.store.listRuns()) expect(r.status, r.name).toBe('completed')
    await page.goto(server.url + '#/linear')
    // chart titles are math (issue 12 item 5): E_g is drawn as E with a subscript g, read as 'Eg'
    await page.getByText('Double descent: Eg against').waitFor({ timeout: 30_000 })
    await page.getByText('Eigenvalues of XXᵀ against Marchenko–Pastur').waitFor()
    await page.getByText('Frozen subspace (P < N): the share of Eg that never moves').waitFor()
    await page.getByText('Random ReLU features of').waitFor()
    await expect.poll(() => page.locator('canvas').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(6)
    expect(await page.getByRole('button', { name: /double descent/i }).count()).toBeGreaterThan(0)
    await page.waitForTimeout(500)
    await screenshot(page, 'linear')
    for (const [i, name] of [[0.45, 'linear-spectrum'], [1, 'linear-bound']] as const) {
      await page.locator('.view-body').evaluate((el, f) => el.scrollTo(0, f * el.scrollHeight), i)
      await page.waitForTimeout(300)
      await screenshot(page, name)
    }
  })
})
