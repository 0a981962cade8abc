// Issue 12 item 5 (figures ready for a paper) and the chart bits of item 9, in Chromium against
// `lab serve` and real runs: math names in legends and axes, log-axis labels that do not collide,
// a K = 6 legend with all its names, the figure panel's PNG/SVG/PDF of the chosen size (each
// opened: PNG header and size, SVG as XML with text boxes measured, PDF header, trailer and its
// text decoded), CSV parsed and its numbers the stored ones, the wheel scrolling the page, the
// tooltip's "t =" below the legend, Compare's per-run titles. Screenshots in both themes.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openSession, screenshot, type Session } from './harness'

// the page's globals inside page.evaluate (this project compiles without the DOM library)
declare const document: any
declare const window: any
declare const DOMParser: any
type HTMLElement = any

let s: Session
let runA = ''
let runB = ''
const base = (lr: number, name: string) => ({
  engine: 'hmm',
  name,
  seed: 1,
  model: { N: 200, D: 100, K: 6, M: 2 },
  train: { lr, tMax: 6, testSamples: 1000, points: 40 }
})

beforeAll(async () => {
  s = await openSession({ width: 1440, height: 900 })
  runA = (await s.lab.call('createRun', { spec: base(0.2, 'six units') })).id
  runB = (await s.lab.call('createRun', { spec: base(0.05, 'six units slow') })).id
  await s.lab.runner.drain()
})
afterAll(async () => {
  await s?.close()
})

/** what a chart shows, read through its ECharts instance (ChartPanel keeps it on the element) */
async function chartFacts(page: Page, index: number) {
  return page.evaluate((i) => {
    const el = document.querySelectorAll('.chart-panel .chart')[i] as HTMLElement & { __chart: any }
    const o = el.__chart.getOption()
    const legend = o.legend[0]
    return {
      legendType: legend.type as string,
      legendNames: (legend.data as string[]).map((n) => legend.formatter(n) as string),
      yName: o.yAxis[0].name as string,
      xName: o.xAxis[0].name as string,
      gridTop: Number(o.grid[0].top),
      zoom: o.dataZoom?.[0] ? [o.dataZoom[0].start, o.dataZoom[0].end] : null
    }
  }, index)
}

/** the concatenated text of rich-text tokens: '{m|ε}{sub|g}{sup|SGD}' → 'εgSGD' */
const richText = (r: string) => r.replace(/\{\w+\|([^}]*)\}/g, '$1')

/** text boxes of an SVG laid out in the page, and the pairs that overlap by more than a px each way */
async function svgTextCollisions(page: Page, svg: string) {
  return page.evaluate((markup) => {
    const host = document.createElement('div')
    host.innerHTML = markup
    document.body.appendChild(host)
    const boxes = [...host.querySelectorAll('text')]
      .filter((t) => (t.textContent ?? '').trim())
      .map((t) => ({ text: t.textContent!, r: t.getBoundingClientRect() }))
    const hits: string[] = []
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r
        const b = boxes[j].r
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left)
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
        if (w > 1.5 && h > 1.5) hits.push(`"${boxes[i].text}" × "${boxes[j].text}"`)
      }
    host.remove()
    return { count: boxes.length, hits, texts: boxes.map((b) => b.text) }
  }, svg)
}

/** the text of a jsPDF file: hex glyph strings decoded through the embedded font's ToUnicode map */
function pdfText(pdf: string): string {
  const map = new Map<string, string>()
  for (const block of pdf.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(m[1].toLowerCase().padStart(4, '0'), String.fromCodePoint(parseInt(m[2], 16)))
  for (const block of pdf.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const lo = parseInt(m[1], 16)
      for (let g = lo; g <= parseInt(m[2], 16); g++) map.set(g.toString(16).padStart(4, '0'), String.fromCodePoint(parseInt(m[3], 16) + g - lo))
    }
  let out = ''
  for (const m of pdf.matchAll(/<([0-9a-fA-F]{4,})>\s*Tj/g)) {
    for (let i = 0; i < m[1].length; i += 4) out += map.get(m[1].slice(i, i + 4).toLowerCase()) ?? '?'
    out += ' '
  }
  return out
}

/** RFC 4180 rows */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(cell), (cell = '')
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '')
    else if (c !== '\r') cell += c
  }
  if (cell || row.length) row.push(cell), rows.push(row)
  return rows
}

async function openRun(page: Page, id: string) {
  await page.goto(s.server.url + `#/run/${id}`)
  await page.locator('.chart-panel canvas').first().waitFor({ timeout: 30_000 })
  await page.waitForTimeout(300)
}

describe('figures ready for a paper', () => {
  it('names series as math: the ε_g legend and axis, and a K = 6 legend with all 12 names, plain (no pages)', async () => {
    await openRun(s.page, runA)
    const titles = await s.page.locator('.chart-panel h3').allInnerTexts()
    const eg = titles.findIndex((t) => t.startsWith('Generalisation error'))
    const v = titles.findIndex((t) => t.startsWith('Second layer'))
    const egFacts = await chartFacts(s.page, eg)
    expect(egFacts.legendNames.map(richText)).toEqual(expect.arrayContaining(['εgSGD ± s.e.', 'εgODE', 'εgSGD from (Q,R,T), Gaussian formula']))
    expect(richText(egFacts.yName)).toBe('εg')
    expect(egFacts.legendNames.join(' ')).not.toMatch(/sgd\/|ode\//)
    const vFacts = await chartFacts(s.page, v)
    expect(vFacts.legendType).toBe('plain')
    const names = vFacts.legendNames.map(richText)
    for (let k = 1; k <= 6; k++) expect(names).toEqual(expect.arrayContaining([`v${k}SGD`, `v${k}ODE`]))
    // the legend wrapped onto rows and the plot starts below them
    expect(vFacts.gridTop).toBeGreaterThan(30)
    // the summary names its keys (μ₁, not mu1)
    const summary = await s.page.locator('.card', { hasText: 'Summary' }).innerText()
    expect(summary).toContain('μ1')
    expect(summary).not.toMatch(/\bmu1\b|dev\.logratio/)
    await screenshot(s.page, 'paper-run-light')
    // y log → linear and back: the axis is rebuilt, nothing of the log axis stays behind
    const panel = s.page.locator('.chart-panel').nth(eg)
    await panel.getByRole('button', { name: 'y log' }).click()
    const linear = await s.page.evaluate((i) => (document.querySelectorAll('.chart-panel .chart')[i] as HTMLElement & { __chart: any }).__chart.getOption().yAxis[0], eg)
    expect(linear.type).toBe('value')
    expect(linear.axisLabel.customValues).toBeUndefined()
    expect(linear.minorTick.show).toBe(false)
    await panel.getByRole('button', { name: 'y lin' }).click()
  })

  it('the mouse wheel over a chart scrolls the page and does not zoom', async () => {
    const { page } = s
    await openRun(page, runA)
    const chart = page.locator('.chart-panel .chart').nth(1)
    await chart.scrollIntoViewIfNeeded()
    const before = await page.evaluate(() => [...document.querySelectorAll('*')].reduce((n, e) => n + e.scrollTop, 0) + window.scrollY)
    const box = (await chart.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, 300)
    await page.waitForTimeout(300)
    const after = await page.evaluate(() => [...document.querySelectorAll('*')].reduce((n, e) => n + e.scrollTop, 0) + window.scrollY)
    expect(after).toBeGreaterThan(before)
    const facts = await chartFacts(page, 1)
    expect(facts.zoom).toEqual([0, 100])
  })

  it('the tooltip says "t = …" and stays below the legend', async () => {
    const { page } = s
    await openRun(page, runA)
    const titles = await page.locator('.chart-panel h3').allInnerTexts()
    const v = titles.findIndex((t) => t.startsWith('Second layer'))
    const chart = page.locator('.chart-panel .chart').nth(v)
    await chart.scrollIntoViewIfNeeded()
    const box = (await chart.boundingBox())!
    const facts = await chartFacts(page, v)
    await page.mouse.move(box.x + box.width * 0.5, box.y + facts.gridTop + 40)
    const tooltip = page.locator('body > div', { hasText: /^t = / }).first()
    await tooltip.waitFor({ timeout: 5000 })
    expect(await tooltip.innerText()).toMatch(/^t = \d/)
    const tip = (await tooltip.boundingBox())!
    // the legend occupies the chart's top down to the grid's top
    expect(tip.y).toBeGreaterThanOrEqual(box.y + facts.gridTop - 2)
  })

  it('the figure panel exports SVG, PNG and PDF of the chosen size, with labels that do not collide', async () => {
    const { page } = s
    await openRun(page, runA)
    // the one-click SVG (1600 × 1000, the export the issue saw 'ε_g' on top of the '1' tick in)
    await page.getByTitle('Export this chart').first().click()
    const [quick] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^SVG/ }).click()])
    const quickLayout = await svgTextCollisions(page, readFileSync((await quick.path())!, 'utf8'))
    expect(quickLayout.count).toBeGreaterThan(10)
    expect(quickLayout.hits).toEqual([])
    await page.getByTitle('Export this chart').first().click()
    await page.getByRole('menuitem', { name: /Figure for a paper/ }).click()
    const panel = page.locator('[data-test="figure-panel"]')
    await panel.waitFor()
    await panel.getByRole('button', { name: 'px', exact: true }).click()
    await panel.getByLabel('aspect ratio').selectOption('free')
    await panel.getByLabel('figure width').fill('900')
    await panel.getByLabel('figure height').fill('560')
    await panel.getByLabel('font size').fill('12')
    await page.waitForTimeout(300)
    await screenshot(page, 'paper-figure-panel')

    const download = async (test: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test="${test}"]`).click()])
      return readFileSync((await d.path())!)
    }
    // SVG: well-formed XML of the chosen size, its texts measured in the browser
    const svg = (await download('fig-svg')).toString('utf8')
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
      const err = doc.querySelector('parsererror')
      const root = doc.documentElement
      return { error: err?.textContent ?? null, width: root.getAttribute('width'), height: root.getAttribute('height') }
    }, svg)
    expect(parsed.error).toBeNull()
    expect([Number(parsed.width), Number(parsed.height)]).toEqual([900, 560])
    const layout = await svgTextCollisions(page, svg)
    expect(layout.count).toBeGreaterThan(10)
    expect(layout.hits).toEqual([])
    // log axis: the decade labels, in one format
    const ticks = layout.texts.filter((t) => /^(0\.0*1|1|10+|10)$/.test(t))
    expect(ticks.length).toBeGreaterThanOrEqual(2)
    expect(layout.texts.join('')).not.toMatch(/\de-\d/)

    // PNG: signature, and IHDR width × height = the chosen px (one pixel per px)
    const png = await download('fig-png')
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([900, 560])

    // PDF: header, trailer, a page of 900 × 560 px = 675 × 420 pt, and the figure's text in it
    const pdf = (await download('fig-pdf')).toString('latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true)
    const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)!
    expect(Number(mediaBox[1])).toBeCloseTo(675, 1)
    expect(Number(mediaBox[2])).toBeCloseTo(420, 1)
    const text = pdfText(pdf)
    for (const word of ['ε', 'SGD', 'ODE', 't', 'Generalisation']) expect(text, `PDF text: ${text.slice(0, 300)}`).toContain(word)
    await page.keyboard.press('Escape')
  })

  it('exports the chart data as CSV whose numbers are the stored ones', async () => {
    const { page, lab } = s
    await openRun(page, runA)
    await page.getByTitle('Export this chart').first().click()
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /CSV/ }).click()])
    const rows = parseCsv(readFileSync((await csv.path())!, 'utf8'))
    const header = rows[0]
    const stored = lab.store.getSeries(runA, ['sgd/eg'])[0]
    const col = header.indexOf('sgd/eg')
    expect(col).toBeGreaterThan(0)
    const byT = new Map(rows.slice(1).map((r) => [Number(r[0]), r[col]]))
    stored.t.forEach((t, i) => expect(Number(byT.get(t))).toBe(stored.value[i]))
  })

  it("Compare's per-run panels are titled by what sets each run apart", async () => {
    const { page } = s
    await page.goto(s.server.url + `#/compare?ids=${runA},${runB}&mode=run&series=sgd/eg,ode/eg`)
    await page.locator('.chart-panel canvas').first().waitFor({ timeout: 30_000 })
    await page.waitForTimeout(300)
    const titles = await page.locator('.chart-panel h3').allInnerTexts()
    expect(titles.length).toBe(2)
    expect(new Set(titles).size).toBe(2)
    for (const t of titles) expect(t).toMatch(/η = 0\.(2|05)/)
    await screenshot(page, 'paper-compare-light')
  })

  it('the KL figure marks the sampled α and says why values fall below 0', async () => {
    const { page, lab } = s
    // α = 0 is N(0, I) itself: the true KL is 0 and the estimate scatters around it
    const kl = await lab.call('createRun', { spec: { engine: 'kl', name: 'kl small', d: 8, components: [2, 4], alphas: [0, 0.5, 1, 2], samples: 300, repeats: 3 } })
    await lab.runner.drain()
    const stored = lab.store.getSeries(kl.id).filter((x) => /^kl\/m=\d+$/.test(x.name))
    const negative = stored.some((x) => x.value.some((v) => v !== null && v < 0))
    await page.goto(s.server.url + `#/sweeps?study=${kl.id}`)
    await page.locator('.chart-panel canvas').first().waitFor({ timeout: 30_000 })
    await page.waitForTimeout(300)
    const facts = await page.evaluate(() => {
      const o = (document.querySelector('.chart-panel .chart') as HTMLElement & { __chart: any }).__chart.getOption()
      const main = o.series.filter((x: any) => !x.stack)
      return { symbols: main.map((x: any) => x.showSymbol), points: main.map((x: any) => x.data.length), yName: o.yAxis[0].name as string, caption: JSON.stringify(o.graphic) }
    })
    expect(facts.symbols.length).toBe(2)
    expect(facts.symbols.every(Boolean)).toBe(true)
    expect(facts.points).toEqual([4, 4])
    expect(richText(facts.yName)).toContain('KL')
    // the caption explains negative estimates exactly when there are some
    expect(facts.caption.includes('bias of the k-NN KL estimator')).toBe(negative)
    await screenshot(page, 'paper-kl-light')
  })

  it('looks right in the dark theme: run view and compare', async () => {
    const { page } = s
    await page.goto(s.server.url + '#/runs')
    await page.getByRole('button', { name: /Dark/ }).click()
    await openRun(page, runA)
    await screenshot(page, 'paper-run-dark')
    await page.goto(s.server.url + `#/compare?ids=${runA},${runB}&series=sgd/eg,ode/eg`)
    await page.locator('.chart-panel canvas').first().waitFor({ timeout: 30_000 })
    await page.waitForTimeout(300)
    await screenshot(page, 'paper-compare-dark')
  })
})
