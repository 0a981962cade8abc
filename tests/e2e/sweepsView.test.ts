// The Sweeps view on a real η × seed sweep (tiny N and t): the default plot is a metric that
// varies against η, mean ± std over the seeds with n; parallel coordinates name every swept
// parameter; a paper preset asks first (run count, time estimate) and starts nothing until
// confirmed; at 1024×700 every control lies inside the viewport. Screenshots in both themes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSession, screenshot, type Session } from './harness'

// the page's globals inside page.evaluate (this project compiles without the DOM library)
declare const document: { documentElement: { scrollWidth: number } }
declare const window: { innerWidth: number }

describe('Sweeps view', () => {
  let s: Session
  beforeAll(async () => {
    s = await openSession({ threads: 1, width: 1440, height: 900 })
  })
  afterAll(async () => {
    await s?.close()
  })

  it('plots a varying metric against η, parallel coordinates, presets that ask first, fits 1024×700', async () => {
    const { lab, page, server } = s
    const res = await lab.call('createSweep', {
      sweep: {
        name: 'eta x seed',
        base: { engine: 'hmm', model: { N: 40, D: 20 }, train: { tMax: 2, points: 10, testSamples: 200 } },
        axes: [
          { path: 'train.lr', values: [0.02, 0.1, 0.5] },
          { path: 'seed', values: [1, 2, 3] }
        ]
      }
    })
    await lab.runner.drain()
    for (const r of lab.store.listRuns()) expect(r.status, r.name).toBe('completed')
    await page.goto(`${server.url}#/sweeps?sweep=${res.sweep.id}`)

    // the default plot: x = η (never the seed), a metric that varies, mean ± std over the seeds with n
    const title = page.locator('.metric-chart h3')
    await title.waitFor({ timeout: 30_000 })
    await expect.poll(() => title.textContent()).toContain('against η')
    const xName = await page.locator('.metric-chart .chart').evaluate((el) => {
      const chart = (el as unknown as { __chart: { getOption(): { xAxis: { name: string }[] } } }).__chart
      return chart.getOption().xAxis[0].name
    })
    expect(xName.replace(/\{\w+\|([^}]*)\}/g, '$1')).toBe('η')
    const xSelect = page.getByLabel('x parameter')
    expect(await xSelect.locator('option:checked').textContent()).toBe('η (train.lr)')
    const metric = await page.getByLabel('metric', { exact: true }).locator('option:checked').textContent()
    expect(metric).not.toContain('constant')
    expect(metric).not.toMatch(/Δv/)
    expect(await page.locator('.metric-chart .sub').textContent()).toContain('mean ± std over seed, n = 3')
    // the parallel coordinates name every swept parameter
    expect(await page.locator('.parallel-chart h3').textContent()).toMatch(/η, seed and /)
    // one swept parameter besides the seed: no grey one-row deviation map
    expect(await page.getByText('Deviation map', { exact: true }).count()).toBe(0)
    await page.waitForTimeout(400)
    await screenshot(page, 'sweeps-light-1440')

    // two swept parameters besides the seed: the deviation maps too, axes by their symbols
    const maps = await lab.call('createSweep', {
      sweep: {
        name: 'alpha x m',
        base: { engine: 'hmm', model: { N: 40, D: 20 }, latent: { kind: 'mixture', m: 2, alpha: 1 }, train: { tMax: 2, points: 10, testSamples: 200 } },
        axes: [
          { path: 'latent.m', values: [2, 4] },
          { path: 'latent.alpha', values: [0.5, 2] }
        ]
      }
    })
    await lab.runner.drain()
    await page.goto(`${server.url}#/sweeps?sweep=${maps.sweep.id}`)
    await page.getByText('Deviation map', { exact: true }).waitFor({ timeout: 30_000 })
    expect(await page.getByLabel('x axis').locator('option:checked').textContent()).toBe('α (latent.alpha)')
    expect(await page.getByLabel('y axis').locator('option:checked').textContent()).toBe('m (latent.m)')
    expect(await page.getByLabel('deviation metric').locator('option:checked').textContent()).not.toContain('constant')
    await page.locator('.view-main').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await page.waitForTimeout(400)
    await screenshot(page, 'sweeps-deviation-maps')
    await page.goto(`${server.url}#/sweeps?sweep=${res.sweep.id}`)
    await title.waitFor({ timeout: 30_000 })

    // a preset asks first: run count, size and time estimate; nothing starts on Cancel
    const before = lab.store.listRuns().length
    await page.locator('.preset', { hasText: 'Deviation maps' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    const full = await dialog.locator('[data-test=full-cost]').textContent()
    expect(full).toMatch(/90 runs · N = 500, D = 250, t ≤ 50.*about [\d.]+ (s|min|h) of compute/)
    expect(await dialog.locator('[data-test=quick-cost]').textContent()).toMatch(/Quick \(N 500 → 100.*seeds 3 → 2\): 60 runs/)
    await page.waitForTimeout(200)
    await screenshot(page, 'sweeps-preset-confirm')
    expect(lab.store.listRuns().length).toBe(before)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.waitForTimeout(300)
    expect(lab.store.listRuns().length).toBe(before)

    // a quick start happens only on its button: one run of Fig. 8 at the stated smaller size
    await page.locator('.preset', { hasText: 'Fig. 8' }).click()
    await dialog.waitFor()
    expect(await dialog.locator('[data-test=quick-cost]').textContent()).toMatch(/N 500 → 100, D 250 → 50, t_max 100 → 10/)
    expect(lab.store.listRuns().length).toBe(before)
    await dialog.getByRole('button', { name: /Start quick/ }).click()
    await expect.poll(() => lab.store.listRuns().length, { timeout: 10_000 }).toBe(before + 1)
    const quick = lab.store.listRuns().find((r) => r.name.endsWith('(quick)'))!
    expect((quick.spec.model as { N: number }).N).toBe(100)
    expect((quick.spec.train as { tMax: number }).tMax).toBe(10)
    await lab.runner.drain()

    // the distribution gallery: one y axis for every panel, titles whole
    const gallery = await lab.call('createSweep', {
      sweep: {
        name: 'gallery',
        base: { engine: 'hmm', model: { N: 40, D: 20 }, train: { tMax: 2, points: 10, testSamples: 200 } },
        axes: [{ path: 'latent', values: [{ kind: 'gaussian' }, { kind: 'mixture', m: 2, alpha: 1, standardize: 'exact' }, { kind: 'laplace', mu: 0, b: 1 }] }]
      }
    })
    await lab.runner.drain()
    await page.goto(`${server.url}#/sweeps?sweep=${gallery.sweep.id}`)
    await page.getByText('Distribution gallery', { exact: false }).first().waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator('.gallery .chart-panel').count()).toBe(3)
    // the y extent each panel draws, read from its ECharts instance
    const yRanges = await page.locator('.gallery .chart-panel .chart').evaluateAll((els) =>
      els.map((el) => {
        const chart = (el as unknown as { __chart: { getModel(): { getComponent(t: string, i: number): { axis: { scale: { getExtent(): number[] } } } } } }).__chart
        return chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent()
      })
    )
    expect(yRanges).toHaveLength(3)
    expect(yRanges[1]).toEqual(yRanges[0])
    expect(yRanges[2]).toEqual(yRanges[0])
    for (const h of await page.locator('.gallery .chart-panel h3').all()) expect(await h.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true)
    await page.waitForTimeout(400)
    await screenshot(page, 'sweeps-gallery')
    await page.goto(`${server.url}#/sweeps?sweep=${res.sweep.id}`)
    await title.waitFor({ timeout: 30_000 })

    // 1024×700: every control inside the viewport, no horizontal page scroll
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByRole('button', { name: 'Dark', exact: true }).click()
      for (const [w, h] of [[1440, 900], [1024, 700]] as const) {
        await page.setViewportSize({ width: w, height: h })
        await page.waitForTimeout(400)
        // every visible control's bounding box inside the viewport's width
        const outside: string[] = []
        let checked = 0
        for (const control of await page.locator('.view select, .view button, .view input').all()) {
          const box = await control.boundingBox()
          if (!box || (box.width === 0 && box.height === 0)) continue
          checked++
          if (box.x < 0 || box.x + box.width > w + 0.5) outside.push(`${(await control.getAttribute('aria-label')) ?? (await control.textContent())} at ${Math.round(box.x)}–${Math.round(box.x + box.width)}`)
        }
        expect(checked).toBeGreaterThan(20)
        expect(outside, `${theme} ${w}×${h}`).toEqual([])
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
        if (theme === 'dark' || w === 1024) await screenshot(page, `sweeps-${theme}-${w}`)
      }
    }
  })
})
