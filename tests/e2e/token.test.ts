// Issue #11 item 4 in a browser: the page opened from the URL `lab serve` prints keeps the token
// (every API call, the event socket and downloads carry it) and drops it from the address bar;
// a page opened without it gets no data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSession, type Session } from './harness'

let s: Session
beforeAll(async () => {
  s = await openSession()
})
afterAll(async () => {
  await s?.close()
})

describe('the token of lab serve in the page', () => {
  it('is kept by the page, sent with every call, and taken out of the address bar', async () => {
    await s.lab.call('createRun', { spec: { engine: 'linear', name: 'e2e token run', N: 20, P: 10, points: 20 } })
    await s.lab.runner.drain()
    const unauthorized: string[] = []
    s.page.on('response', (r) => r.status() === 401 && unauthorized.push(r.url()))
    expect(s.server.url).toContain('?token=')
    const socket = s.page.waitForEvent('websocket')
    await s.page.goto(s.server.url + '#/runs')
    expect((await socket).url()).toMatch(/\/api\/events\?token=[\w-]{32}$/)
    await s.page.getByText('e2e token run').first().waitFor({ timeout: 30_000 })
    expect(s.page.url()).not.toContain('token')
    expect(s.page.url()).toMatch(/#\/runs$/)
    // a reload finds the token again (kept in storage)
    await s.page.reload()
    await s.page.getByText('e2e token run').first().waitFor({ timeout: 30_000 })
    // live events arrive over the WebSocket, which carries the token in its URL
    await s.lab.call('createRun', { spec: { engine: 'linear', name: 'e2e live run', N: 20, P: 10, points: 20 } })
    await s.page.getByText('e2e live run').first().waitFor({ timeout: 30_000 })
    expect(unauthorized).toEqual([])
  })

  it('without the token a fresh page gets 401s and no runs', async () => {
    const context = await s.browser.newContext()
    const page = await context.newPage()
    const statuses: number[] = []
    page.on('response', (r) => r.url().includes('/api/') && statuses.push(r.status()))
    await page.goto(`http://127.0.0.1:${s.server.port}/#/runs`)
    await page.waitForResponse((r) => r.url().includes('/api/call/'), { timeout: 30_000 })
    expect(statuses.length).toBeGreaterThan(0)
    expect(statuses.every((st) => st === 401)).toBe(true)
    expect(await page.getByText('e2e token run').count()).toBe(0)
    await context.close()
  })
})
