// Issue #11 items 4 and 9: the token of `lab serve`, data paths that must be regular files,
// bounded uploads, and the HTTP codes and headers of faults.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Lab } from '@main/api'
import { MAX_UPLOAD_FILES, uploadDir } from '@main/mnist/upload'
import { serve, type RunningServer } from '@main/server'
import { linearSpec, newLab, runCount, tmpDir } from '../helpers'

let lab: Lab
let server: RunningServer

beforeAll(async () => {
  lab = newLab({ threads: 1 })
  server = await serve(lab, { port: 0, rendererDir: tmpDir() })
})
afterAll(async () => {
  await server.close()
  await lab.close()
})

interface Reply {
  status: number
  body: string
  headers: Record<string, unknown>
}

/** A raw request: the path is sent as written (no URL normalisation). */
function http(path: string, options: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer; chunks?: number; chunk?: Buffer; port?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: options.port ?? server.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)))
    if (options.chunks) {
      let n = 0
      const write = () => {
        while (n < options.chunks!) {
          n++
          if (!req.write(options.chunk!)) return void req.once('drain', write)
        }
        req.end()
      }
      write()
      return
    }
    if (options.body) req.write(options.body)
    req.end()
  })
}

/** a GET with the request target exactly as written (node's client refuses some of them) */
function raw(target: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sock = connect(server.port, '127.0.0.1', () => sock.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`))
    let text = ''
    sock.on('data', (c) => (text += c))
    sock.on('end', () => {
      const [head, ...rest] = text.split('\r\n\r\n')
      // the body may be chunked: keep the JSON object in it
      const body = rest.join('\r\n\r\n')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body: body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1), headers: {} })
    })
    sock.on('error', reject)
  })
}

const withToken = (headers: Record<string, string | number> = {}) => ({ 'x-lab-token': server.token!, ...headers })
const call = (method: string, arg: unknown, headers: Record<string, string | number> = withToken()) =>
  http(`/api/call/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(arg) })
const envelope = (r: Reply) => JSON.parse(r.body) as { ok: boolean; value?: unknown; error?: { name: string; message: string; issues?: { path: string; message: string }[] } }

function wsStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { origin: `http://127.0.0.1:${server.port}` } })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(0))
  })
}

describe('the token of lab serve', () => {
  it('is random per start and printed in the URL', async () => {
    expect(server.token).toMatch(/^[\w-]{32}$/)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    const other = await serve(lab, { port: 0, rendererDir: tmpDir() })
    expect(other.token).not.toBe(server.token)
    await other.close()
  })

  it('is required by every API route, in the header or the query', async () => {
    expect((await call('listRuns', {}, {})).status).toBe(401)
    expect(envelope(await call('listRuns', {}, {})).error!.message).toMatch(/needs its token/)
    expect((await call('listRuns', {}, { 'x-lab-token': 'x'.repeat(32) })).status).toBe(401)
    expect((await call('listRuns', {})).status).toBe(200)
    expect((await http(`/api/call/listRuns?token=${server.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200)
    expect((await http('/api/export/abc?format=json')).status).toBe(401)
    expect((await http('/api/upload?name=x', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'x' })).status).toBe(401)
    expect(await wsStatus(`ws://127.0.0.1:${server.port}/api/events`)).toBe(401)
    expect(await wsStatus(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`)).toBe(101)
    // the page itself needs none (it holds no data): it reads the token from its address
    expect((await http('/')).status).toBe(503)
  })

  it('can be turned off (--no-token)', async () => {
    const open = await serve(lab, { port: 0, rendererDir: tmpDir(), token: null })
    try {
      expect(open.url).toBe(`http://127.0.0.1:${open.port}/`)
      expect((await http('/api/call/listRuns', { port: open.port, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200)
    } finally {
      await open.close()
    }
  })
})

describe('HTTP faults', () => {
  it('answers 400 to malformed percent-encodings', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/assets/%ZZ', `/api/export/%E0%A4%A?format=json&token=${server.token}`]) {
      const r = await http(path)
      expect(r.status, path).toBe(400)
      expect(envelope(r).error!.message).toMatch(/malformed percent-encoding/)
    }
  })

  it('answers 400 or 404 to odd paths, whatever route they look like, and keeps serving', async () => {
    const token = `token=${server.token}`
    const expected: [string, number][] = [
      ['//', 404], ['///', 404], ['//a', 404], ['//api/call/listRuns', 404], ['/api//call', 404], ['/api/call//', 404], ['/assets//x.js', 404],
      [`/api/events?${token}`, 404], [`/api/nope?${token}`, 404], [`/api/export//x?${token}`, 404],
      ['/..', 400], ['/a/../b', 400], ['/%2e%2e/etc/passwd', 400], ['/.', 400], ['/%00', 400], ['/a%00b', 400], ['/%5C', 400], ['//%', 400]
    ]
    for (const [path, status] of expected) {
      const r = await raw(path)
      expect(r.status, path).toBe(status)
      expect(envelope(r).error!.message.length, path).toBeGreaterThan(0)
    }
    for (const target of ['*', 'x', 'http://127.0.0.1/']) expect((await raw(target)).status, target).toBe(400)
    expect((await call('listRuns', {})).status).toBe(200)
  })

  it('answers 413 to a body over the limit, announced or streamed, and keeps serving', async () => {
    const announced = await http('/api/call/listRuns', { method: 'POST', headers: withToken({ 'content-type': 'application/json', 'content-length': 65 * 2 ** 20 }), body: '{}' })
    expect(announced.status).toBe(413)
    const streamed = await http('/api/call/listRuns', { method: 'POST', headers: withToken({ 'content-type': 'application/json' }), chunks: 65, chunk: Buffer.alloc(2 ** 20, 32) })
    expect(streamed.status).toBe(413)
    expect(envelope(streamed).error!.message).toMatch(/larger than 67108864 bytes/)
    expect((await call('listRuns', {})).status).toBe(200)
  })

  it('sends COOP and CORP on every answer', async () => {
    for (const r of [await http('/'), await call('listRuns', {}), await http('/%')]) {
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin')
      expect(r.headers['cross-origin-resource-policy']).toBe('same-origin')
    }
  })

  it('says that cancelling a finished run did nothing (409)', async () => {
    const run = envelope(await call('createRun', { spec: linearSpec(3) })).value as { id: string }
    await lab.runner.drain()
    const r = await call('cancelRun', { id: run.id })
    expect(r.status).toBe(409)
    expect(envelope(r).error).toEqual({ name: 'ConflictError', message: `run ${run.id} is already completed: nothing was cancelled` })
    expect(lab.store.getRun(run.id).status).toBe('completed')
  })
})

describe('data paths', () => {
  const fit = (images: string, labels: string) => call('createRun', { spec: { engine: 'mnist-fit', images, labels } })

  it('accepts only regular files: a FIFO, a directory, a non-IDX file are 400 naming the field, at once', async () => {
    const dir = tmpDir()
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const secret = join(dir, 'secret')
    writeFileSync(secret, 'S3CRET')
    const before = runCount(lab.store.db.name)
    // five at once used to exhaust the file-I/O pool and hang the server
    const replies = await Promise.all(Array.from({ length: 5 }, () => fit(fifo, fifo)))
    for (const r of replies) {
      expect(r.status).toBe(400)
      expect(envelope(r).error!.issues![0].message).toMatch(/not a regular file \(a FIFO\)/)
    }
    const d = envelope(await fit(join(dir, 'images.idx'), dir))
    expect(d.error!.issues![0]).toMatchObject({ path: 'labels', message: expect.stringMatching(/not a regular file \(a directory\)/) })
    const s = await fit(secret, secret)
    expect(s.status).toBe(400)
    expect(s.body).toMatch(/not an IDX file/)
    expect(s.body).not.toMatch(/0x53|S3CRET/)
    expect(runCount(lab.store.db.name)).toBe(before)
  })

  it("stores no sweep when a point's files cannot be read", async () => {
    const sweeps = (await lab.call('listSweeps', {})).length
    const r = await call('createSweep', { sweep: { name: 'fits', base: { engine: 'mnist-fit', images: '/nonexistent/i', labels: '/nonexistent/l' }, axes: [{ path: 'seed', values: [0, 1] }] } })
    expect(r.status).toBe(400)
    expect(envelope(r).error!.issues![0].path).toBe('labels')
    expect((await lab.call('listSweeps', {})).length).toBe(sweeps)
  })

  it('keeps at most 16 uploads and removes those older than a day', async () => {
    const dir = uploadDir(lab.store.db.name)
    const up = () => http('/api/upload?name=a.idx', { method: 'POST', headers: withToken({ 'content-type': 'application/octet-stream' }), body: 'bytes' })
    for (let i = 0; i < MAX_UPLOAD_FILES; i++) expect((await up()).status).toBe(200)
    const full = await up()
    expect(full.status).toBe(413)
    expect(envelope(full).error!.message).toMatch(/already holds 16 files/)
    // a day later the old ones are gone and uploads work again
    mkdirSync(dir, { recursive: true })
    const old = (Date.now() - 25 * 3600 * 1000) / 1000
    for (const f of readdirSync(dir)) utimesSync(join(dir, f), old, old)
    expect((await up()).status).toBe(200)
    expect(readdirSync(dir)).toHaveLength(1)
  })
})
