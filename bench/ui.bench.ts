// Interface speed, measured in headless Debian Chromium through `lab serve` (run: npm run bench -- ui;
// needs `npx electron-vite build` first):
//   - Compare view: 20 runs × 4 series × 1000 points drawn, timed from the last API response (the
//     10 000-run list, series names, the series) to the frame after the charts finished (< 300 ms);
//   - Runs view: filtering an archive of 10 000 runs, from the keystroke to the frame that shows the
//     store's answer (the count of matches changes; the filter is debounced by 120 ms, then the
//     store filters, counts and sends the first page); target < 100 ms was set when the page
//     filtered in memory;
//   - a live run: how often the Run view refreshes its charts while the engine runs (target ≥ 1/s).
// Writes bench/results/ui.json. Software rendering in a headless browser on a shared 2-core
// machine: a desktop with a GPU draws faster, so these are upper bounds.
import { writeFileSync, mkdirSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { Lab } from '@main/api'
import { serve } from '@main/server'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { chromium } from 'playwright-core'
import { chromiumPath, root } from '../tests/e2e/harness'
import { tmpDb } from '../tests/integration/helpers'

/** The few browser globals the measurements use inside the page. */
interface Page {
  document: { querySelector(s: string): { value: string; textContent: string | null; dispatchEvent(e: unknown): void } | null; querySelectorAll(s: string): { length: number } }
  performance: { now(): number }
  requestAnimationFrame(f: (time?: number) => void): void
  Event: new (type: string, init: { bubbles: boolean }) => unknown
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function fillArchive(db: string): string[] {
  const store = new RunStore(openDatabase(db))
  const spec = (i: number) => ({ engine: 'hmm', seed: i, model: { N: 500 + (i % 7) * 100, D: 250, K: 2, M: 2, g: 'erf' }, latent: { kind: i % 3 ? 'gaussian' : 'mixture', m: 4, alpha: i % 5 }, train: { lr: 0.1 + (i % 4) * 0.1, tMax: 100 } })
  store.db.transaction(() => {
    for (let i = 0; i < 10_000; i++) {
      const r = store.createRun({ name: `archive run ${i}`, engine: 'hmm', spec: spec(i), seed: i, tags: i % 10 ? [] : ['paper'] })
      store.finish(r.id, 'completed')
      store.mergeSummary(r.id, { 'sgd.egFinal': 0.01 + (i % 97) / 1000, 'ode.egFinal': 0.012 })
    }
  })()
  const ids: string[] = []
  for (let i = 0; i < 20; i++) {
    const r = store.createRun({ name: `compare run ${i}`, engine: 'hmm', spec: spec(i), seed: i })
    store.finish(r.id, 'completed')
    const points = Array.from({ length: 1000 }, (_, j) => {
      const t = 0.01 * Math.pow(10, (4 * j) / 999)
      return { t, values: { 'sgd/eg': 0.5 / (1 + t) + 0.01 * Math.sin(j + i), 'ode/eg': 0.5 / (1 + t), 'sgd/Q[0,0]': 1 + 0.1 * Math.log(t + 1), 'sgd/v[0]': 1 } }
    })
    store.appendPoints(r.id, points)
    ids.push(r.id)
  }
  store.db.close()
  return ids
}

async function main() {
  const db = tmpDb()
  const ids = fillArchive(db)
  const lab = new Lab({ db, threads: 1 })
  const server = await serve(lab, { port: 0, rendererDir: join(root, 'out', 'renderer') })
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] })
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })

  // --- Runs view: filter 10 000 runs
  await page.goto(server.url + '#/runs')
  await page.getByText('archive run 9999').first().waitFor({ timeout: 60_000 })
  const filterMs: number[] = []
  for (const text of ['run 42', 'tag:paper', 'K=2 latent=mixture', 'compare', 'archive run 7', '']) {
    const ms = await page.evaluate(async (value) => {
      // runs in the page (DOM types are not part of this Node project)
      const { document, performance, requestAnimationFrame, Event } = globalThis as unknown as Page
      const input = document.querySelector('input[placeholder^="Filter"]')!
      const count = () => document.querySelector('.filter-bar .count')?.textContent
      const before = count()
      const t0 = performance.now()
      input.value = value
      input.dispatchEvent(new Event('input', { bubbles: true }))
      // frames until the count of matches shows the store's answer (at most 5 s)
      while (count() === before && performance.now() - t0 < 5000) await new Promise((r) => requestAnimationFrame(r))
      await new Promise((r) => requestAnimationFrame(r))
      return performance.now() - t0
    }, text)
    filterMs.push(ms)
  }

  // --- Compare view: 20 runs × 4 series × 1000 points
  const series = ['sgd/eg', 'ode/eg', 'sgd/Q[0,0]', 'sgd/v[0]']
  const drawMs: number[] = []
  for (let rep = 0; rep < 5; rep++) {
    await page.goto('about:blank') // a fresh page each time: what opening the view costs
    let lastData = 0
    const onResponse = (r: { url(): string }) => {
      if (r.url().includes('/api/call/')) lastData = Date.now() // any API answer: runs, names, series
    }
    page.on('response', onResponse)
    await page.goto(server.url + `#/compare?ids=${ids.join(',')}&series=${series.join(',')}&mode=series`)
    await page.waitForFunction((n) => (globalThis as unknown as Page).document.querySelectorAll('canvas').length >= n, 4, { timeout: 60_000 })
    // wait until no new series request has come for 500 ms, then for two frames
    for (;;) {
      const before = lastData
      await page.waitForTimeout(500)
      if (lastData === before && lastData > 0) break
    }
    const settled = await page.evaluate(() => {
      const { requestAnimationFrame } = globalThis as unknown as Page
      return new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(Date.now()))))
    })
    page.off('response', onResponse)
    // time from the last data to the frame after drawing, less the 500 ms quiet period waited
    drawMs.push(Math.max(0, settled - lastData - 500))
  }

  // --- a live run: chart refreshes per second
  const run = await lab.call('createRun', { spec: { engine: 'hmm', model: { N: 300, D: 150 }, train: { tMax: 3000, testSamples: 500 }, solve: ['sgd'] } })
  let fetches = 0
  page.on('request', (r) => {
    if (r.url().includes('/api/call/getSeries')) fetches++
  })
  await page.goto(server.url + `#/run/${run.id}`)
  await page.locator('canvas').first().waitFor()
  fetches = 0
  const windowS = 6
  await page.waitForTimeout(windowS * 1000)
  const refreshPerS = fetches / windowS
  await lab.call('cancelRun', { id: run.id })

  await browser.close()
  await server.close()
  await lab.close()

  const result = {
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, date: new Date().toISOString(), browser: 'Debian Chromium, headless, software rendering' },
    runsFilterMs: { samples: filterMs, median: median(filterMs), max: Math.max(...filterMs), target: 100 },
    compareDrawMs: { samples: drawMs, median: median(drawMs), target: 300, what: '20 runs × 4 series × 1000 points, small multiples' },
    liveRefreshPerSecond: { value: refreshPerS, target: 1 }
  }
  mkdirSync(join(root, 'bench', 'results'), { recursive: true })
  writeFileSync(join(root, 'bench', 'results', 'ui.json'), JSON.stringify(result, null, 2) + '\n')
  console.log(JSON.stringify(result, null, 2))
}

void main()
