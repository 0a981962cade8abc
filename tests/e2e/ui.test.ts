// Issue 4's end-to-end checks, in Debian's Chromium against `lab serve` and a real archive
// filled by real engine runs: create a run from a preset, watch it finish, open it, compare two
// runs, export a PNG and a CSV and check their contents, filter, cancel, see a field error.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSession, screenshot, type Session } from './harness'
import { longHmmSpec, waitFor } from '../integration/helpers'

let s: Session
/** a quick but real version of a preset's spec: same model, smaller N and shorter t */
const quick = (spec: Record<string, unknown>, name: string, seed = 1) => ({
  ...spec,
  name,
  seed,
  model: { ...(spec.model as object), N: 200, D: 100 },
  train: { ...(spec.train as object), tMax: 4, testSamples: 1000, points: 40 }
})

beforeAll(async () => {
  s = await openSession()
})
afterAll(async () => {
  await s?.close()
})

describe('the lab in a browser', () => {
  it('creates a run from a preset, watches it finish and opens it', async () => {
    const { page, server, lab } = s
    const preset = (await lab.call('listPresets', {})).find((p) => p.id === 'goldt-2020')!
    await page.goto(server.url + '#/new')
    await page.getByRole('button', { name: 'Preset' }).click()
    await page.getByRole('menuitem', { name: preset.title }).click()
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    const textarea = page.getByLabel('spec JSON')
    const fromPreset = JSON.parse(await textarea.inputValue())
    expect(fromPreset.model).toMatchObject((preset.spec as { model: object }).model) // the preset was loaded
    await textarea.fill(JSON.stringify(quick(fromPreset, 'e2e from preset'), null, 2))
    await page.getByText('✓ valid spec').waitFor()
    await screenshot(page, 'new-run')
    await page.getByRole('button', { name: 'Queue run' }).click()
    await page.waitForURL(/#\/run\//)
    const id = decodeURIComponent(page.url().split('#/run/')[1])
    await page.locator('.view-header').getByText('completed').waitFor({ timeout: 60_000 })
    expect(lab.store.getRun(id)).toMatchObject({ status: 'completed', name: 'e2e from preset' })
    expect(lab.store.listSeries(id)).toEqual(expect.arrayContaining(['sgd/eg', 'ode/eg', 'dev/eg']))
    await page.locator('canvas').first().waitFor()
    await screenshot(page, 'run')
  })

  it('shows a validation error at the field and refuses to queue', async () => {
    const { page, server } = s
    await page.goto(server.url + '#/new')
    await page.getByRole('button', { name: 'hmm', exact: true }).click()
    await page.getByRole('button', { name: 'Form', exact: true }).click()
    const before = s.lab.store.listRuns().length
    await page.locator('#f-model-K').fill('0')
    const field = page.locator('.field.invalid', { has: page.locator('#f-model-K') })
    await field.getByRole('alert').waitFor()
    expect(await field.getByRole('alert').innerText()).toMatch(/0|>|positive|small/i)
    await expect.poll(() => page.getByRole('button', { name: 'Queue run' }).isDisabled()).toBe(true)
    await screenshot(page, 'new-run-invalid')
    expect(s.lab.store.listRuns().length).toBe(before)
  })

  it('filters the runs table', async () => {
    const { page, server, lab } = s
    await lab.call('createRun', { spec: { engine: 'linear', name: 'alpha curve', N: 40, P: 20 } })
    await lab.call('createRun', { spec: { engine: 'linear', name: 'beta curve', N: 40, P: 80 } })
    await lab.runner.drain()
    await page.goto(server.url + '#/runs')
    await page.getByText('beta curve').first().waitFor()
    await page.getByPlaceholder(/^Filter/).fill('beta')
    await expect.poll(() => page.getByText('alpha curve').count()).toBe(0)
    expect(await page.getByText('beta curve').count()).toBeGreaterThan(0)
    await screenshot(page, 'runs-filtered')
  })

  it('compares two runs that differ in seed and exports a chart as PNG and CSV', async () => {
    const { page, server, lab } = s
    const base = { engine: 'hmm', model: { N: 200, D: 100 }, train: { tMax: 3, testSamples: 1000, points: 30 } }
    const a = await lab.call('createRun', { spec: { ...base, name: 'seed one', seed: 1 } })
    const b = await lab.call('createRun', { spec: { ...base, name: 'seed two', seed: 2 } })
    await lab.runner.drain()
    await page.goto(server.url + `#/compare?ids=${a.id},${b.id}`)
    await page.locator('canvas').first().waitFor({ timeout: 30_000 })
    // the parameter table shows what differs (the seed), not what is shared
    await page.getByText('seed two').first().waitFor()
    await screenshot(page, 'compare')

    await page.goto(server.url + `#/run/${a.id}`)
    await page.locator('canvas').first().waitFor({ timeout: 30_000 })
    const exportMenu = page.getByTitle('Export this chart').first()
    await exportMenu.click()
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /PNG/ }).click()])
    const pngBytes = readFileSync((await png.path())!)
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    // publication size: the IHDR chunk holds width and height
    expect(pngBytes.readUInt32BE(16)).toBeGreaterThanOrEqual(1600)
    await exportMenu.click()
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /CSV/ }).click()])
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n')
    expect(lines[0]).toMatch(/t/)
    expect(lines[0]).toMatch(/sgd\/eg/)
    const series = lab.store.getSeries(a.id, ['sgd/eg'])[0]
    expect(lines.length - 1).toBeGreaterThanOrEqual(series.t.length)
    // the exported numbers are the stored ones
    const col = lines[0].split(',').findIndex((h) => h.replace(/"/g, '') === 'sgd/eg')
    const last = lines.at(-1)!.split(',')
    expect(Number(last[col])).toBeCloseTo(series.value.at(-1)!, 6)
  })

  it('cancels a running run from the runs view', async () => {
    const { page, server, lab } = s
    const run = await lab.call('createRun', { spec: { ...longHmmSpec(3), name: 'long one to cancel' } })
    await waitFor(() => lab.store.getRun(run.id).status === 'running')
    await page.goto(server.url + '#/runs')
    await page.getByText('long one to cancel').first().click()
    await page.getByRole('button', { name: 'Cancel', exact: true }).first().click()
    await waitFor(() => lab.store.getRun(run.id).status === 'cancelled', 10_000)
    await page.getByText('cancelled').first().waitFor()
    await screenshot(page, 'runs')
  })

  it('looks right in the dark theme too', async () => {
    const { page, server } = s
    await page.goto(server.url + '#/runs')
    await page.getByRole('button', { name: /Dark/ }).click()
    await screenshot(page, 'runs-dark')
  })
})
