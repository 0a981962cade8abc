// Issue 12 items 3 and 4 in Chromium: runs that differ only in η are told apart in the legend and
// keep their colours between chart and table; mean ± std groups count runs and seeds and can pool
// any parameter; a diverged run does not take over the y axis (its points are left out and counted)
// and the y range can be set by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openSession, screenshot, type Session } from './harness'

declare const document: any
declare const getComputedStyle: any
type HTMLElement = any

let s: Session
const ids: Record<string, string> = {}
const tiny = (lr: number, seed: number, model: Record<string, unknown> = {}) => ({
  engine: 'hmm', name: `η ${lr} seed ${seed}`, seed, solve: ['sgd', 'ode'],
  model: { N: 120, D: 60, ...model }, train: { lr, tMax: 4, testSamples: 500, points: 30 }
})

beforeAll(async () => {
  s = await openSession({ width: 1440, height: 900 })
  for (const lr of [0.05, 0.2]) for (const seed of [1, 2]) ids[`${lr}/${seed}`] = (await s.lab.call('createRun', { spec: tiny(lr, seed) })).id
  // linear activations at η = 50: SGD's ε_g runs off to 1e100 and beyond, then the run is marked diverged
  ids.diverged = (await s.lab.call('createRun', { spec: { ...tiny(50, 1, { g: 'linear', teacherG: 'linear', f: 'linear' }), name: 'diverged', train: { lr: 50, tMax: 20, testSamples: 500, points: 40 } } })).id
  await s.lab.runner.drain()
}, 120_000)
afterAll(async () => {
  await s?.close()
})

/** legend names (rich-text markup stripped), series colours normalised by the browser, y axis range and caption */
async function chartFacts(page: Page) {
  return page.evaluate(() => {
    const el = document.querySelector('.chart-panel .chart') as HTMLElement
    const chart = el.__chart
    const o = chart.getOption()
    const legend = o.legend[0]
    const norm = (c: string) => {
      const probe = document.createElement('i')
      probe.style.color = c
      document.body.appendChild(probe)
      const out = getComputedStyle(probe).color
      probe.remove()
      return out
    }
    const named = o.series.filter((x: any) => legend.data.includes(x.name) && !x.stack)
    const y = chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent()
    return {
      legend: (legend.data as string[]).map((n) => String(legend.formatter(n)).replace(/\{\w+\|([^}]*)\}/g, '$1')),
      colors: [...new Set(named.map((x: any) => norm(x.lineStyle?.color ?? x.itemStyle?.color ?? x.color)))],
      swatches: [...document.querySelectorAll('.compare-table .swatch')].map((e: any) => getComputedStyle(e).backgroundColor),
      yExtent: y as [number, number],
      caption: (o.graphic?.[0]?.elements ?? []).map((g: any) => g.style?.text ?? '').join(' ')
    }
  })
}

async function open(page: Page, query: string) {
  await page.goto(s.server.url + `#/compare?${query}`)
  await page.locator('.chart-panel canvas').first().waitFor({ timeout: 30_000 })
  await page.waitForTimeout(600)
}

describe('Compare tells runs apart', () => {
  it('legends name η and the seed; chart colours are the table swatches, run by run', async () => {
    const four = ['0.05/1', '0.05/2', '0.2/1', '0.2/2'].map((k) => ids[k])
    await open(s.page, `ids=${four.join(',')}&series=sgd/eg`)
    const f = await chartFacts(s.page)
    expect(f.legend).toEqual(['η = 0.05, seed = 1 · εgSGD', 'η = 0.05, seed = 2 · εgSGD', 'η = 0.2, seed = 1 · εgSGD', 'η = 0.2, seed = 2 · εgSGD'].map((l) => expect.stringContaining(l.split(' · ')[0])))
    expect(new Set(f.legend).size).toBe(4)
    expect(f.colors).toEqual(f.swatches)
    expect(new Set(f.swatches).size).toBe(4)
  })

  it('mean ± std over seeds says how many, and pools η when asked', async () => {
    const four = ['0.05/1', '0.05/2', '0.2/1', '0.2/2'].map((k) => ids[k])
    await open(s.page, `ids=${four.join(',')}&series=sgd/eg&band=1`)
    let f = await chartFacts(s.page)
    expect(f.legend).toEqual([expect.stringMatching(/^η = 0\.05 \(mean ± std, 2 seeds\)/), expect.stringMatching(/^η = 0\.2 \(mean ± std, 2 seeds\)/)])
    await s.page.getByLabel('pool over parameter').selectOption('train.lr')
    await s.page.waitForTimeout(600)
    f = await chartFacts(s.page)
    expect(f.legend).toHaveLength(1)
    expect(f.legend[0]).toMatch(/\(mean ± std, 4 runs, 2 seeds, 2 η\)/)
    await screenshot(s.page, 'compare-pooled')
  })

  it('a diverged run leaves the y axis to the others, says how many points it left out, and the y range can be set', async () => {
    expect(s.lab.store.getRun(ids.diverged).status).toBe('diverged')
    const max = Math.max(...s.lab.store.getSeries(ids.diverged, ['sgd/eg'])[0].value.filter((v): v is number => v !== null && Number.isFinite(v)))
    expect(max).toBeGreaterThan(1e6)
    await open(s.page, `ids=${ids['0.2/1']},${ids.diverged}&series=sgd/eg`)
    let f = await chartFacts(s.page)
    // the healthy run's ε_g lies in (0.01, 1): the log axis ends at 1 (a whole decade), not near the 1e6+ of the diverged run
    expect(f.yExtent[1]).toBeLessThanOrEqual(1 + 1e-9)
    expect(f.caption).toMatch(/\d+ points? outside the y range not shown/)
    await s.page.getByLabel('y maximum').fill('10')
    await s.page.getByLabel('y maximum').press('Enter')
    await s.page.getByLabel('y minimum').fill('0.01')
    await s.page.getByLabel('y minimum').press('Enter')
    await s.page.waitForTimeout(600)
    f = await chartFacts(s.page)
    expect(Math.log10(f.yExtent[0])).toBeCloseTo(-2, 6)
    expect(Math.log10(f.yExtent[1])).toBeCloseTo(1, 6)
    await screenshot(s.page, 'compare-diverged')
  })
})
