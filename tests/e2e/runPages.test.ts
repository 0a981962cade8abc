// The Runs view over 10 000 runs in Chromium: the first page is drawn from one small request
// (not the whole archive), more rows arrive as the table scrolls, the store sorts and filters,
// and a malformed filter is shown with the column where it is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSession, screenshot, type Session } from './harness'

const RUNS = 10_000
let s: Session
const requests: { method: string; body: Record<string, unknown> }[] = []

beforeAll(async () => {
  s = await openSession()
  const { store } = s.lab
  store.db.transaction(() => {
    for (let i = 0; i < RUNS; i++)
      store.createRun({ name: `paged ${i}`, engine: 'hmm', seed: i, spec: { engine: 'hmm', model: { N: 100 + i, D: 50, K: 2 }, latent: { kind: 'gaussian' }, train: { lr: (i % 10) / 10 } } })
  })()
  s.page.on('request', (r) => {
    const m = /\/api\/call\/(\w+)$/.exec(r.url())
    if (m) requests.push({ method: m[1], body: JSON.parse(r.postData() ?? '{}') })
  })
})
afterAll(async () => {
  await s?.close()
})

const rowsShown = () => s.page.locator('.runs-table .tr:not(.head)').count()

describe(`the Runs view over ${RUNS} runs`, () => {
  it('draws the first page without loading the rest, and loads more as it scrolls', async () => {
    const { page, server } = s
    await page.goto(server.url + '#/runs')
    await page.getByText('10,000 runs').waitFor()
    await page.locator('.runs-table .tr:not(.head)').first().waitFor()
    expect(requests.some((r) => r.method === 'listRuns')).toBe(false) // the whole list is never asked for
    const pages = () => requests.filter((r) => r.method === 'pageRuns' && (r.body.limit as number) > 0)
    expect(pages().map((r) => r.body.offset)).toEqual([0])
    expect(pages()[0].body.limit).toBeLessThanOrEqual(200)
    expect(await rowsShown()).toBeLessThan(100) // virtualised
    // scroll to the end of what is loaded: the next page is asked for
    await page.locator('.runs-table').evaluate((el) => (el.scrollTop = el.scrollHeight))
    await expect.poll(() => pages().map((r) => r.body.offset)).toEqual([0, 200])
    await screenshot(page, 'runs-10000')
  })

  it('sorts and filters in the store', async () => {
    const { page } = s
    await page.getByRole('columnheader', { name: 'N', exact: true }).click() // numbers sort descending first
    await expect.poll(() => page.locator('.runs-table .tr:not(.head) .name').first().innerText()).toContain('paged 9999')
    const sorted = requests.filter((r) => r.method === 'pageRuns' && r.body.sort === 'N')
    expect(sorted.at(-1)?.body).toMatchObject({ dir: 'desc', offset: 0 })
    await page.getByPlaceholder(/^Filter/).fill('N<=105 eta>=0.2')
    await expect.poll(() => page.getByText('4 of 10,000 runs').count()).toBe(1)
    expect(await rowsShown()).toBe(4)
  })

  it('points at a malformed filter', async () => {
    const { page } = s
    await page.getByPlaceholder(/^Filter/).fill('N<=105 eta>')
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain("column 11: 'eta>' needs a value after '>'")
    await screenshot(page, 'runs-bad-filter')
    await page.getByPlaceholder(/^Filter/).fill('')
    await page.getByText('10,000 runs').waitFor()
  })

  it('opens a run without loading the archive', async () => {
    const { page } = s
    const first = page.locator('.runs-table .tr:not(.head)').first()
    const href = (await first.locator('a.open').getAttribute('href'))!
    await page.evaluate((h) => void ((globalThis as unknown as { location: { hash: string } }).location.hash = h), href) // the row's open link
    await page.waitForURL(/#\/run\//)
    await page.locator('.view-header').getByText(href.split('/').at(-1)!).waitFor() // the run's id in its header
    expect(requests.some((r) => r.method === 'listRuns')).toBe(false)
    expect(requests.filter((r) => r.method === 'getRun' || r.method === 'getRunSeries').length).toBeGreaterThan(0) // the run view reads the run with its series in one call
  })
})
