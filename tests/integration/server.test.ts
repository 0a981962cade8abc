import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Lab } from '@main/api'
import { isLocalHost, isLocalOrigin, serve, type RunningServer } from '@main/server'
import { linearSpec, newLab, tmpDir } from './helpers'

let lab: Lab
let server: RunningServer

beforeAll(async () => {
  lab = newLab()
  server = await serve(lab, { port: 0, rendererDir: tmpDir() })
})
afterAll(async () => {
  await server.close()
  await lab.close()
})

function http(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: { 'x-lab-token': server.token ?? '', ...options.headers } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    if (options.body) req.write(options.body)
    req.end()
  })
}

const call = (method: string, arg: unknown, headers: Record<string, string> = {}) =>
  http(`/api/call/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(arg) })

describe('lab serve', () => {
  it('listens on loopback only and answers API calls with envelopes', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/)
    const created = JSON.parse((await call('createRun', { spec: linearSpec(9) })).body)
    expect(created.ok).toBe(true)
    await lab.runner.drain()
    const got = JSON.parse((await call('getRun', { id: created.value.id })).body)
    expect(got.value.status).toBe('completed')
    const listed = JSON.parse((await call('listRuns', {})).body)
    expect(listed.value.map((r: { id: string }) => r.id)).toContain(created.value.id)
  })

  it('returns validation errors with field paths and status 400', async () => {
    const res = await call('createRun', { spec: { engine: 'hmm', model: { K: 0 } } })
    expect(res.status).toBe(400)
    const body = JSON.parse(res.body)
    expect(body.error.name).toBe('ValidationError')
    expect(body.error.issues.map((i: { path: string }) => i.path)).toContain('model.K')
    expect((await call('renameRun', { id: 'x' })).status).toBe(400)
    expect((await call('noSuchMethod', {})).status).toBe(404)
  })

  it('refuses a foreign Origin or Host', async () => {
    expect((await call('listRuns', {}, { origin: 'http://evil.example' })).status).toBe(403)
    expect((await call('listRuns', {}, { host: 'evil.example' })).status).toBe(403)
    expect((await http('/', { headers: { host: `attacker.test:${server.port}` } })).status).toBe(403)
    expect((await call('listRuns', {}, { origin: `http://localhost:${server.port}` })).status).toBe(200)
    expect(isLocalHost('127.0.0.1:80', 80)).toBe(true)
    expect(isLocalHost('127.0.0.1.evil.com:80', 80)).toBe(false)
    expect(isLocalOrigin('https://127.0.0.1:80', 80)).toBe(false)
    expect(isLocalOrigin('null', 80)).toBe(false)
  })

  it('refuses a WebSocket from a foreign origin and streams events to a local one', async () => {
    const foreign = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: { origin: 'http://evil.example' } })
    const refused = await new Promise<boolean>((resolve) => {
      foreign.on('open', () => resolve(false))
      foreign.on('error', () => resolve(true))
    })
    expect(refused).toBe(true)
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`, { headers: { origin: `http://127.0.0.1:${server.port}` } })
    await new Promise((r) => ws.on('open', r))
    const events: string[] = []
    ws.on('message', (m) => events.push(JSON.parse(String(m)).type))
    await call('createRun', { spec: linearSpec(10) })
    await lab.runner.drain()
    await new Promise((r) => setTimeout(r, 100))
    ws.close()
    expect(events).toContain('created')
    expect(events).toContain('status')
  })

  it('sends the CSP and explains when the interface is not built', async () => {
    const res = await http('/')
    expect(res.status).toBe(503)
    expect(res.body).toMatch(/npm run build/)
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'")
  })
})
