// `lab serve`: the API over HTTP + WebSocket and the built renderer, on 127.0.0.1 only.
//   POST /api/call/<method>   body: the method's argument as JSON → the reply envelope
//   GET  /api/export/<id>?format=csv|json|npy → a file (npy: a zip of .npy files)
//   POST /api/upload?name=FILE  body: the file's bytes (application/octet-stream) → { path } under the archive's uploads/
//   WS   /api/events          → LabEvent messages
// Requests whose Host or Origin is not this loopback server are refused (DNS rebinding,
// cross-site requests from pages in the user's browser). Every /api request needs the token of
// this start (random, printed in the URL `lab serve` shows, like Jupyter's): as the header
// X-Lab-Token, or ?token= (the WebSocket and download links, which cannot set headers).
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { zipSync } from 'fflate'
import { WebSocketServer } from 'ws'
import { API_METHODS, type ApiMethod } from '@shared/api'
import { CONTENT_SECURITY_POLICY } from '@shared/csp'
import type { Lab } from './api'
import { parseJsonText } from './jsonFile'
import { readBytes, storeUpload, UploadTooLarge } from '@main/mnist/upload'

export interface ServeOptions {
  port?: number
  /** the API's credential: a string, null for none (`--no-token`), default a random one per start */
  token?: string | null
  /** folder with the built renderer (index.html) */
  rendererDir?: string
}

export interface RunningServer {
  /** the page's URL, with ?token=… when the server has one */
  url: string
  token: string | null
  port: number
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

const MAX_BODY = 64 * 1024 * 1024

class PayloadTooLarge extends Error {
  override readonly name = 'PayloadTooLarge'
}

export const newToken = () => randomBytes(24).toString('base64url')

/** Does the request carry the token (header X-Lab-Token or ?token=)? Compared in constant time. */
export function hasToken(req: IncomingMessage, url: URL, token: string | null): boolean {
  if (token === null) return true
  const header = req.headers['x-lab-token']
  const given = (typeof header === 'string' ? header : undefined) ?? url.searchParams.get('token') ?? ''
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

const STATUS: Record<string, number> = { ValidationError: 400, JsonFileError: 400, NotFoundError: 404, ConflictError: 409, PayloadTooLarge: 413, ArchiveError: 503 }
const statusOf = (name: string) => STATUS[name] ?? 500

export function defaultRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  // from the sources: src/main → out/renderer; from the bundle: out/main → out/renderer
  const candidates = [resolve(here, '../../out/renderer'), resolve(here, '../renderer')]
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0]
}

/** Is this Host header (or Origin's host) the loopback server itself? */
export function isLocalHost(host: string | undefined, port: number): boolean {
  if (!host) return false
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
  return allowed.includes(host.toLowerCase())
}

export function isLocalOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true // same-origin GETs and non-browser clients send none
  try {
    const u = new URL(origin)
    return u.protocol === 'http:' && isLocalHost(u.host, port)
  } catch {
    return false
  }
}

function send(res: ServerResponse, status: number, body: string | Uint8Array, type = 'application/json', extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    // no other origin may open this page in its browsing context group or embed its responses
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...extra
  })
  res.end(body)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const tooLarge = () => new PayloadTooLarge(`the request body is larger than ${MAX_BODY} bytes`)
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function serve(lab: Lab, options: ServeOptions = {}): Promise<RunningServer> {
  const rendererDir = options.rendererDir ?? defaultRendererDir()
  let port = options.port ?? 5178
  const token = options.token === undefined ? newToken() : options.token
  const unauthorized = (res: ServerResponse) =>
    send(res, 401, JSON.stringify({ ok: false, error: { name: 'Unauthorized', message: 'this lab server needs its token: open the URL `lab serve` printed (…/?token=…), or start it with --no-token' } }))

  const server = createServer((req, res) => {
    // every fault of a request ends in an answer, never in an unhandled rejection of this handler
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: { name: 'Error', message: (e as Error)?.message ?? String(e) } }))
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!isLocalHost(req.headers.host, port) || !isLocalOrigin(req.headers.origin, port)) {
      return send(res, 403, JSON.stringify({ ok: false, error: { name: 'Forbidden', message: 'only local pages may use the lab server' } }))
    }
    const odd = oddPath(req.url)
    if (odd) return send(res, odd.status, JSON.stringify({ ok: false, error: { name: odd.status === 404 ? 'NotFoundError' : 'BadRequest', message: odd.message } }))
    // the request target is a path: parsed against a fixed origin, '//host/…' is a path, not an authority
    let url: URL
    try {
      url = new URL(`http://lab${req.url}`)
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { name: 'BadRequest', message: 'malformed request URL' } }))
    }
    try {
      decodeURIComponent(url.pathname) // a malformed percent-encoding is a 400 on every route (URIError below)
      if (url.pathname.startsWith('/api/') && !hasToken(req, url, token)) return unauthorized(res)
      if (url.pathname.startsWith('/api/call/')) {
        if (req.method !== 'POST') return send(res, 405, JSON.stringify({ ok: false, error: { name: 'MethodNotAllowed', message: 'use POST' } }))
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
          return send(res, 415, JSON.stringify({ ok: false, error: { name: 'UnsupportedMediaType', message: 'send application/json' } }))
        const method = url.pathname.slice('/api/call/'.length)
        const text = await readBody(req)
        let arg: unknown
        try {
          arg = text.trim() === '' ? undefined : parseJsonText(text, 'request body')
        } catch (e) {
          return send(res, 400, JSON.stringify({ ok: false, error: { name: 'ValidationError', message: (e as Error).message, issues: [] } }))
        }
        if (!API_METHODS.includes(method as ApiMethod)) return send(res, 404, JSON.stringify({ ok: false, error: { name: 'NotFoundError', message: `no API method '${method}'` } }))
        const envelope = await lab.callEnvelope(method, arg)
        const status = envelope.ok ? 200 : statusOf(envelope.error.name)
        return send(res, status, JSON.stringify(envelope))
      }
      if (url.pathname.startsWith('/api/export/') && req.method === 'GET') {
        const id = decodeURIComponent(url.pathname.slice('/api/export/'.length))
        const format = url.searchParams.get('format') ?? 'json'
        const envelope = await lab.callEnvelope('exportRun', { id, format })
        if (!envelope.ok) return send(res, statusOf(envelope.error.name), JSON.stringify(envelope))
        const files = envelope.value as { name: string; mime: string; text?: string; base64?: string }[]
        const bytesOf = (f: (typeof files)[number]) => (f.base64 !== undefined ? Buffer.from(f.base64, 'base64') : Buffer.from(f.text ?? '', 'utf8'))
        if (files.length === 1) return send(res, 200, bytesOf(files[0]), files[0].mime, { 'Content-Disposition': `attachment; filename="${files[0].name}"` })
        const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, new Uint8Array(bytesOf(f))])), { level: 0 })
        return send(res, 200, zip, 'application/zip', { 'Content-Disposition': `attachment; filename="run-${id}-${format}.zip"` })
      }
      if (url.pathname === '/api/upload') {
        if (req.method !== 'POST') return send(res, 405, JSON.stringify({ ok: false, error: { name: 'MethodNotAllowed', message: 'use POST' } }))
        if (!String(req.headers['content-type'] ?? '').startsWith('application/octet-stream'))
          return send(res, 415, JSON.stringify({ ok: false, error: { name: 'UnsupportedMediaType', message: 'send application/octet-stream' } }))
        try {
          const bytes = await readBytes(req)
          const path = await storeUpload(lab.store.db.name, url.searchParams.get('name') ?? 'upload', bytes)
          return send(res, 200, JSON.stringify({ ok: true, value: { path, bytes: bytes.length } }))
        } catch (e) {
          if (e instanceof UploadTooLarge) return send(res, 413, JSON.stringify({ ok: false, error: { name: e.name, message: e.message } }))
          throw e
        }
      }
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return send(res, 404, JSON.stringify({ ok: false, error: { name: 'NotFoundError', message: `no API route ${JSON.stringify(url.pathname.slice(0, 200))}` } }))
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', 'text/plain')
      return await serveStatic(rendererDir, url.pathname, res)
    } catch (e) {
      if (e instanceof URIError)
        return send(res, 400, JSON.stringify({ ok: false, error: { name: 'BadRequest', message: `malformed percent-encoding in ${JSON.stringify(req.url?.slice(0, 200))}` } }))
      if (e instanceof PayloadTooLarge) {
        res.setHeader('Connection', 'close')
        return send(res, 413, JSON.stringify({ ok: false, error: { name: e.name, message: e.message } }))
      }
      return send(res, 500, JSON.stringify({ ok: false, error: { name: 'Error', message: (e as Error).message } }))
    }
  }

  // clients only listen: a message from one is at most a ping's worth
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  server.on('upgrade', (req, socket, head) => {
    let url: URL | null = null
    try {
      url = new URL(req.url ?? '/', 'http://localhost')
    } catch {
      /* refused below */
    }
    if (!url || url.pathname !== '/api/events' || !isLocalHost(req.headers.host, port) || !isLocalOrigin(req.headers.origin, port) || !hasToken(req, url, token)) {
      socket.write(url && url.pathname === '/api/events' && isLocalHost(req.headers.host, port) && isLocalOrigin(req.headers.origin, port) ? 'HTTP/1.1 401 Unauthorized\r\n\r\n' : 'HTTP/1.1 403 Forbidden\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = lab.subscribe((event) => ws.send(JSON.stringify(event)))
      ws.on('close', unsubscribe)
      ws.on('error', unsubscribe)
    })
  })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolveListen())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/${token ? `?token=${token}` : ''}`,
    token,
    port,
    close: () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}

/**
 * A request target this server never serves, with its answer: not a path ('*', an absolute URL),
 * a malformed percent-encoding, NUL, a backslash, '.' or '..' segments (400); an empty segment
 * ('//', '/api//call': 404). null for an ordinary path.
 */
export function oddPath(target: string | undefined): { status: 400 | 404; message: string } | null {
  const shown = JSON.stringify((target ?? '').slice(0, 200))
  if (!target || !target.startsWith('/')) return { status: 400, message: `the request target ${shown} is not a path` }
  const path = target.split(/[?#]/, 1)[0]
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return { status: 400, message: `malformed percent-encoding in ${shown}` }
  }
  if (/[\0\\]/.test(decoded)) return { status: 400, message: `the path ${shown} holds a NUL or a backslash` }
  const segments = decoded.split('/').slice(1)
  if (segments.some((x) => x === '.' || x === '..')) return { status: 400, message: `the path ${shown} has '.' or '..' segments` }
  if (segments.slice(0, -1).some((x) => x === '')) return { status: 404, message: `no such path ${shown}` }
  return null
}

async function serveStatic(root: string, pathname: string, res: ServerResponse) {
  if (!existsSync(join(root, 'index.html')))
    return send(res, 503, `The interface is not built yet: run \`npm run build\` (looked in ${root}).\n`, 'text/plain; charset=utf-8')
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '')
  const file = resolve(root, relative === '' ? 'index.html' : relative)
  if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden', 'text/plain')
  const target = (await stat(file).catch(() => null))?.isFile() ? file : join(root, 'index.html')
  const body = await readFile(target)
  return send(res, 200, body, MIME[extname(target)] ?? 'application/octet-stream', target.endsWith('index.html') ? {} : { 'Cache-Control': 'public, max-age=3600' })
}
