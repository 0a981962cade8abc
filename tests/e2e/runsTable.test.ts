// The Runs table and the new-run form as a person sees them in Chromium (issue 12, items 7, 9 and
// 10): a column picked from the picker shows its header; the name column stays in view when the
// table scrolls sideways; sweep points read "η = …"; rows group by a parameter with counts; a plain
// click keeps the checkbox selection; a malformed filter is shown with its position; the new-run
// form speaks in words; the sidebar folds at 1024×700; the first page loads only what it draws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSession, screenshot, type Session } from './harness'
import { canonicalJson } from '@shared/sweep'

let s: Session
const assets: string[] = []

const tiny = { engine: 'hmm', model: { N: 40, D: 20 }, train: { tMax: 0.5, testSamples: 200, points: 5 } }
const gallery = { kind: 'lorentz', x0: 0, gamma: 1, standardize: 'sample', standardizeSamples: 100000 }

beforeAll(async () => {
  s = await openSession({ width: 1440, height: 900 })
  // a real sweep: η × seed, named by the store ("hmm · η = 0.05 · seed 1")
  await s.lab.call('createSweep', { sweep: { name: 'hmm', base: tiny, axes: [{ path: 'train.lr', values: [0.05, 0.1] }, { path: 'seed', values: [1, 2] }] } })
  await s.lab.runner.drain()
  // a gallery run stored before names were readable: raw JSON in its name, its coordinates in sweep_key
  s.lab.store.createRun({
    name: `Distribution gallery [latent=${canonicalJson(gallery)}]`.slice(0, 199) + '…',
    engine: 'hmm',
    seed: 0,
    spec: { ...tiny, latent: gallery },
    sweepKey: canonicalJson({ latent: gallery })
  })
  s.page.on('request', (r) => {
    const m = /\/assets\/([^/?]+\.js)/.exec(r.url())
    if (m) assets.push(m[1])
  })
})
afterAll(async () => {
  await s?.close()
})

const rows = () => s.page.locator('.runs-table .tr:not(.head):not(.group)')
const nameCells = () => rows().locator('.name-col .ellipsis')

describe('the Runs table', () => {
  it('loads only the Runs view on the first page, the other views when shown', async () => {
    const { page, server } = s
    await page.goto(server.url + '#/runs')
    await rows().first().waitFor()
    const first = [...assets]
    console.info(`first page (#/runs) loads ${first.length} scripts: ${first.join(' ')}`)
    expect(first.some((a) => a.startsWith('RunsView-'))).toBe(true)
    for (const view of ['KernelsView-', 'CompareView-', 'SweepsView-', 'MnistView-', 'RunView-', 'echarts-']) expect(first.filter((a) => a.startsWith(view)), view).toEqual([])
    await page.goto(server.url + '#/kernels')
    await expect.poll(() => assets.some((a) => a.startsWith('KernelsView-'))).toBe(true)
    await page.goto(server.url + '#/runs')
    await rows().first().waitFor()
  })

  it('names sweep points in words, and labels old raw-JSON names readably', async () => {
    const names = await nameCells().allInnerTexts()
    expect(names).toEqual(expect.arrayContaining(['hmm · η = 0.05 · seed 1', 'hmm · η = 0.05 · seed 2', 'hmm · η = 0.1 · seed 1', 'hmm · η = 0.1 · seed 2']))
    expect(names).toContain('Distribution gallery · Lorentz · standardised')
    for (const n of names) expect(n).not.toMatch(/[{}"]/)
  })

  it('adds a column from the picker, and remembers it', async () => {
    const { page } = s
    await page.getByRole('button', { name: /^Columns/ }).click()
    const picker = page.getByRole('dialog', { name: 'columns' })
    await picker.getByRole('searchbox').fill('mu1')
    await picker.locator('[data-column-option="summary:mu1"]').check()
    await picker.getByRole('searchbox').fill('dt')
    await picker.locator('[data-column-option="spec:ode.dt"]').check()
    await page.keyboard.press('Escape')
    expect(await page.locator('[data-column="summary:mu1"]').innerText()).toBe('μ₁')
    expect(await page.locator('[data-column="spec:ode.dt"]').innerText()).toBe('dt')
    // a stored run's value shows in the new column (header and row cells line up one to one)
    const at = await page.locator('.tr.head > .td').evaluateAll((els) => els.findIndex((e) => e.getAttribute('data-column') === 'spec:ode.dt'))
    expect(await rows().filter({ hasText: 'hmm · η = 0.05 · seed 1' }).locator(':scope > .td').nth(at).innerText()).toBe('0.01')
    await page.reload()
    await rows().first().waitFor()
    expect(await page.locator('[data-column="spec:ode.dt"]').innerText()).toBe('dt')
  })

  it('keeps the name column in view when the table scrolls sideways', async () => {
    const { page } = s
    // every column of the table: wider than the window
    await page.getByRole('button', { name: /^Columns/ }).click()
    const picker = page.getByRole('dialog', { name: 'columns' })
    await picker.getByRole('searchbox').fill('')
    for (const key of ['engine', 'created', 'duration', 'D', 'M', 'P', 'm', 'egLinear', 'tags']) await picker.locator(`[data-column-option="${key}"]`).check()
    await page.keyboard.press('Escape')
    const table = page.locator('.runs-table')
    const overflow = await table.evaluate((el) => el.scrollWidth - el.clientWidth)
    expect(overflow).toBeGreaterThan(300)
    const box = (await table.boundingBox())!
    await table.evaluate((el) => (el.scrollLeft = el.scrollWidth))
    await expect.poll(() => table.evaluate((el) => el.scrollLeft)).toBeGreaterThan(300)
    const name = rows().first().locator('.name-col')
    const nb = (await name.boundingBox())!
    expect(nb.x).toBeGreaterThanOrEqual(box.x + 29)
    expect(nb.x).toBeLessThan(box.x + 40)
    expect(nb.width).toBeGreaterThan(150)
    // it is drawn on top, not scrolled under: the element at its centre is the name cell
    type Doc = { elementFromPoint(x: number, y: number): { closest(selector: string): unknown } | null }
    const hit = await page.evaluate(([x, y]) => ((globalThis as unknown as { document: Doc }).document.elementFromPoint(x, y)?.closest('.name-col') ?? null) !== null, [nb.x + nb.width / 2, nb.y + nb.height / 2])
    expect(hit).toBe(true)
    await screenshot(page, 'runs-table-scrolled')
    await table.evaluate((el) => (el.scrollLeft = 0))
    await page.getByRole('button', { name: /^Columns/ }).click()
    await page.getByRole('button', { name: 'Reset' }).click()
    await page.keyboard.press('Escape')
  })

  it('groups rows by a parameter, with counts, and collapses a group', async () => {
    const { page } = s
    await page.getByLabel('group by').selectOption({ label: 'η' })
    const headers = page.locator('.runs-table .tr.group')
    const texts = async () => (await headers.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())
    await expect.poll(texts, { timeout: 5000 }).toEqual(['▾ η = 0.05 2 runs', '▾ η = 0.1 2 runs', '▾ η: no value 1 run'])
    await screenshot(page, 'runs-grouped')
    await headers.first().click()
    await expect.poll(() => nameCells().allInnerTexts()).not.toContain('hmm · η = 0.05 · seed 1')
    expect(await headers.first().getAttribute('aria-expanded')).toBe('false')
    // the keyboard steps over the rows on screen: Home lands on the first row of the next group
    await page.locator('.runs-table').focus()
    await page.keyboard.press('Home')
    await expect.poll(() => page.locator('.runs-table .tr.focused .name-col .ellipsis').innerText()).toMatch(/^hmm · η = 0\.1 · seed \d$/)
    await headers.first().click()
    await page.getByLabel('group by').selectOption('')
    await expect.poll(() => headers.count()).toBe(0)
  })

  it('keeps the checkbox selection on a plain click, and inspects the clicked run', async () => {
    const { page } = s
    await page.getByRole('checkbox', { name: 'select hmm · η = 0.05 · seed 1' }).click()
    await page.getByRole('checkbox', { name: 'select hmm · η = 0.1 · seed 2' }).click()
    await page.locator('.selection-bar').getByText('selected').waitFor()
    expect(await page.locator('.selection-bar strong').innerText()).toBe('2')
    await rows().filter({ hasText: 'Distribution gallery' }).locator('.name-col').click()
    expect(await page.locator('.selection-bar strong').innerText()).toBe('2')
    expect(await page.getByRole('checkbox', { name: 'select hmm · η = 0.05 · seed 1' }).isChecked()).toBe(true)
    // Ctrl-click adds, as in a file manager
    await rows().filter({ hasText: 'hmm · η = 0.1 · seed 1' }).locator('.name-col').click({ modifiers: ['Control'] })
    expect(await page.locator('.selection-bar strong').innerText()).toBe('3')
    await page.getByRole('button', { name: 'Clear selection' }).click()
  })

  it('shows where a malformed filter is wrong', async () => {
    const { page } = s
    await page.getByPlaceholder(/^Filter/).fill('eta>0.05 N=')
    const alert = page.locator('#filter-error')
    await alert.waitFor()
    const text = await alert.innerText()
    expect(text).toContain("column 11: 'N=' needs a value after '='")
    // the caret sits under the column it names
    const lines = text.split('\n')
    expect(lines[0]).toBe('eta>0.05 N=')
    expect(lines[1].indexOf('^')).toBe(10)
    await screenshot(page, 'runs-filter-error')
    await page.getByPlaceholder(/^Filter/).fill('')
    await expect.poll(() => alert.count()).toBe(0)
  })
})

describe('the new-run form', () => {
  it('says what is wrong with a field in words, and derives nothing from it', async () => {
    const { page, server } = s
    await page.goto(server.url + '#/new')
    await page.getByRole('button', { name: 'hmm', exact: true }).click()
    await page.locator('#f-model-N').fill('abc')
    const field = page.locator('.field.invalid', { has: page.locator('#f-model-N') })
    await expect.poll(() => field.getByRole('alert').first().innerText()).toMatch(/^N must be a whole number ≥ 1 and ≤ [\d ]+, got 'abc'$/)
    await expect.poll(() => page.locator('.kv dd').first().innerText()).toBe('— (fix N)')
    await page.locator('#f-model-N').fill('-5')
    await expect.poll(() => field.getByRole('alert').first().innerText()).toMatch(/^N must be a whole number ≥ 1.*, got -5$/)
    expect(await page.locator('.kv').innerText()).not.toContain('-50')
    await page.locator('#f-model-N').fill('500')
  })

  it('names a grid sweep after the form', async () => {
    const { page } = s
    await page.locator('#f-name').fill('my study')
    await page.getByRole('button', { name: 'Grid sweep' }).click()
    await expect.poll(() => page.getByTestId('point-name').innerText()).toMatch(/^runs are named like \W?my study · η = 0\.1\W?$/)
    // one name: the grid's sweep name is the form's Name
    expect(await page.locator('#sweep-name').inputValue()).toBe('my study')
    await page.locator('#sweep-name').fill('lr scan')
    expect(await page.locator('#f-name').inputValue()).toBe('lr scan')
    await expect.poll(() => page.getByTestId('point-name').innerText()).toContain('lr scan · η = 0.1')
  })
})

describe('screenshots and the sidebar', () => {
  for (const theme of ['light', 'dark'] as const)
    for (const [width, height] of [
      [1440, 900],
      [1024, 700]
    ] as const)
      it(`runs view and new-run form, ${theme}, ${width}×${height}`, async () => {
        const t = await openSession({ theme, width, height })
        try {
          await t.lab.call('createSweep', { sweep: { name: 'hmm', base: tiny, axes: [{ path: 'train.lr', values: [0.05, 0.1] }, { path: 'seed', values: [1, 2] }] } })
          await t.lab.runner.drain()
          const { page, server } = t
          await page.goto(server.url + '#/runs')
          await page.locator('.runs-table .tr:not(.head)').first().waitFor()
          if (width === 1024) {
            // the sidebar folds to its icons, and stays folded
            const nav = page.locator('nav.nav')
            const wide = (await nav.boundingBox())!.width
            await page.getByRole('button', { name: 'collapse the sidebar' }).click()
            await expect.poll(async () => (await nav.boundingBox())!.width).toBeLessThan(60)
            expect(wide).toBeGreaterThan(150)
            await page.reload()
            await page.locator('.runs-table .tr:not(.head)').first().waitFor()
            expect((await nav.boundingBox())!.width).toBeLessThan(60)
            await page.getByRole('button', { name: 'expand the sidebar' }).waitFor()
          }
          await page.locator('.runs-table .tr:not(.head)').nth(1).locator('.name-col').click()
          await screenshot(page, `runs-table-${theme}-${width}`)
          await page.goto(server.url + '#/new')
          await page.getByRole('button', { name: 'hmm', exact: true }).click()
          await page.locator('#f-model-N').fill('abc')
          await page.locator('.field.invalid').first().waitFor()
          await screenshot(page, `new-run-${theme}-${width}`)
        } finally {
          await t.close()
        }
      })
})
