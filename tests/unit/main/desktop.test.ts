// The Electron wiring, tested with a stand-in for the electron module: security settings of
// the window, IPC arguments parsed by the same schemas as the CLI, navigation and new windows
// blocked, CSP on every response, the Electron build of better-sqlite3 chosen under Electron.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDesktop, isAppUrl, loadWindowState, WEB_PREFERENCES, type ElectronModule } from '@main/desktop'
import { electronBindingDir, nativeBindingFor } from '@main/nativeBinding'
import { CONTENT_SECURITY_POLICY } from '@shared/csp'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { newLab, tmpDir, linearSpec, waitFor } from '../../integration/helpers'
import type { Lab } from '@main/api'
import { connectLab, hostLab, type FromHost, type Port, type ToHost } from '@main/labHost'

type Handler = (...args: unknown[]) => unknown

function fakeElectron() {
  const handlers = new Map<string, Handler>()
  const appEvents = new Map<string, Handler>()
  const wcEvents = new Map<string, Handler>()
  const windows: { options: Record<string, unknown>; loaded?: string }[] = []
  let openHandler: Handler | null = null
  let headersHook: Handler | null = null
  let requestHook: Handler | null = null
  let permissionHook: Handler | null = null
  const sent: { channel: string; payload: unknown }[] = []
  const webContents = {
    on: (name: string, fn: Handler) => void wcEvents.set(name, fn),
    setWindowOpenHandler: (fn: Handler) => void (openHandler = fn),
    send: (channel: string, payload: unknown) => void sent.push({ channel, payload })
  }
  class BrowserWindow {
    webContents = webContents
    constructor(options: Record<string, unknown>) {
      windows.push({ options })
    }
    static getAllWindows = () => windows
    once() {}
    on() {}
    maximize() {}
    isDestroyed = () => false
    loadFile(file: string) {
      windows.at(-1)!.loaded = file
      return Promise.resolve()
    }
    loadURL(url: string) {
      windows.at(-1)!.loaded = url
      return Promise.resolve()
    }
  }
  const electron = {
    app: { on: (name: string, fn: Handler) => void appEvents.set(name, fn), quit: () => undefined },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Handler) => void handlers.set(channel, fn) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    dialog: {},
    shell: { openExternal: async () => undefined },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (fn: Handler) => void (headersHook = fn),
          onBeforeRequest: (fn: Handler) => void (requestHook = fn)
        },
        setPermissionRequestHandler: (fn: Handler) => void (permissionHook = fn)
      }
    }
  }
  return {
    electron: electron as unknown as ElectronModule,
    handlers,
    windows,
    wcEvents,
    sent,
    appEvents,
    openHandler: () => openHandler!,
    headersHook: () => headersHook!,
    requestHook: () => requestHook!,
    permissionHook: () => permissionHook!
  }
}

const renderer = { file: '/app/out/renderer/index.html' }
const fromApp = { senderFrame: { url: 'file:///app/out/renderer/index.html#/runs' } }
let lab: Lab | null = null
afterEach(async () => {
  await lab?.close()
  lab = null
})

function setup() {
  const fake = fakeElectron()
  lab = newLab()
  const desktop = createDesktop(fake.electron, { lab, preload: '/app/out/preload/index.cjs', renderer, stateFile: join(tmpDir(), 'w.json') })
  desktop.createWindow()
  return fake
}

describe('desktop wiring', () => {
  it('opens one isolated, sandboxed window without Node', () => {
    const fake = setup()
    const prefs = fake.windows[0].options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, webviewTag: false, preload: '/app/out/preload/index.cjs' })
    expect(WEB_PREFERENCES.sandbox).toBe(true)
    expect(fake.windows[0].loaded).toBe(renderer.file)
  })

  it('parses IPC arguments with the shared schemas and answers with the envelope', async () => {
    const fake = setup()
    const invoke = fake.handlers.get('lab:invoke')!
    const bad = (await invoke(fromApp, 'createRun', { spec: { engine: 'hmm', model: { K: 0 } } })) as { ok: false; error: { name: string; issues: { path: string }[] } }
    expect(bad.ok).toBe(false)
    expect(bad.error.name).toBe('ValidationError')
    expect(bad.error.issues.map((i) => i.path)).toContain('model.K')
    expect(await invoke(fromApp, 'renameRun', { id: 5 })).toMatchObject({ ok: false, error: { name: 'ValidationError' } })
    expect(await invoke(fromApp, 'constructor', {})).toMatchObject({ ok: false, error: { name: 'NotFoundError' } })
    expect(await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'listRuns', {})).toMatchObject({ ok: false, error: { name: 'Forbidden' } })
    expect(await invoke(fromApp, 'listRuns', {})).toEqual({ ok: true, value: [] })
  })

  it('blocks navigation away, new windows, webviews, permissions and remote requests; sets the CSP', () => {
    const fake = setup()
    const prevented: string[] = []
    fake.wcEvents.get('will-navigate')!({ preventDefault: () => prevented.push('nav') }, 'https://evil.example/')
    fake.wcEvents.get('will-navigate')!({ preventDefault: () => prevented.push('self') }, 'file:///app/out/renderer/index.html#/compare')
    expect(prevented).toEqual(['nav'])
    expect(fake.openHandler()({ url: 'https://example.org' })).toEqual({ action: 'deny' })
    let headers: Record<string, unknown> = {}
    fake.headersHook()({ responseHeaders: {} }, (r: { responseHeaders: Record<string, unknown> }) => (headers = r.responseHeaders))
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    let cancel: boolean | undefined
    fake.requestHook()({ url: 'https://cdn.example/x.js' }, (r: { cancel: boolean }) => (cancel = r.cancel))
    expect(cancel).toBe(true)
    fake.requestHook()({ url: 'file:///app/out/renderer/assets/a.js' }, (r: { cancel: boolean }) => (cancel = r.cancel))
    expect(cancel).toBe(false)
    let granted: boolean | undefined
    fake.permissionHook()(null, 'media', (g: boolean) => (granted = g))
    expect(granted).toBe(false)
  })

  it('recognises its own page only', () => {
    expect(isAppUrl('file:///app/out/renderer/index.html', renderer)).toBe(true)
    expect(isAppUrl('file:///elsewhere/index.html', renderer)).toBe(false)
    expect(isAppUrl('http://localhost:5173/#/runs', { url: 'http://localhost:5173' })).toBe(true)
    expect(isAppUrl('http://localhost:5174/', { url: 'http://localhost:5173' })).toBe(false)
  })

  it('remembers window bounds, ignoring nonsense', () => {
    const dir = tmpDir()
    const f = join(dir, 's.json')
    expect(loadWindowState(f)).toEqual({ width: 1400, height: 900 })
    writeFileSync(f, JSON.stringify({ width: 1000, height: 700, x: 5, y: 6 }))
    expect(loadWindowState(f)).toMatchObject({ width: 1000, height: 700, x: 5 })
    writeFileSync(f, '{"width": 5')
    expect(loadWindowState(f)).toEqual({ width: 1400, height: 900 })
  })
})

describe('native binding per runtime', () => {
  it('uses the node_modules build under Node and the Electron build under Electron', () => {
    const root = tmpDir()
    expect(nativeBindingFor(root, { modules: '115' })).toBeUndefined()
    expect(() => nativeBindingFor(root, { modules: '150', electron: '45.4.1' })).toThrow(/electron-native\.mjs/)
    const dir = electronBindingDir(root, '150')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'better_sqlite3.node'), '')
    expect(nativeBindingFor(root, { modules: '150', electron: '45.4.1' })).toBe(join(dir, 'better_sqlite3.node'))
  })
})

/** The lab behind a Node MessageChannel, as labProcess.ts serves it behind Electron's parentPort. */
function portOf<In, Out>(port: MessagePort): Port<In, Out> {
  return { post: (m) => port.postMessage(m), onMessage: (l) => void port.on('message', (m: In) => l(m)) }
}

describe('the lab in its own process (utility process stand-in)', () => {
  const channels: MessageChannel[] = []
  afterEach(() => {
    for (const c of channels.splice(0)) {
      c.port1.close()
      c.port2.close()
    }
  })
  function remote() {
    const channel = new MessageChannel()
    channels.push(channel)
    const hosted = newLab()
    let hostClosed = false
    hostLab(hosted, portOf<ToHost, FromHost>(channel.port1), () => (hostClosed = true))
    const client = connectLab(portOf<FromHost, ToHost>(channel.port2))
    return { hosted, client, closed: () => hostClosed }
  }

  it('forwards IPC calls to the hosted lab and answers with its envelopes', async () => {
    const { hosted, client } = remote()
    lab = hosted
    await client.ready
    const fake = fakeElectron()
    createDesktop(fake.electron, { lab: client, preload: '/p.cjs', renderer, stateFile: join(tmpDir(), 'w.json') }).createWindow()
    const invoke = fake.handlers.get('lab:invoke')!
    const bad = (await invoke(fromApp, 'createRun', { spec: { engine: 'hmm', model: { K: 0 } } })) as { ok: false; error: { name: string; issues: { path: string }[] } }
    expect(bad.error.name).toBe('ValidationError')
    expect(bad.error.issues.map((i) => i.path)).toContain('model.K')
    expect(await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'listRuns', {})).toMatchObject({ ok: false, error: { name: 'Forbidden' } })
    const created = (await invoke(fromApp, 'createRun', { spec: linearSpec(3) })) as { ok: true; value: { id: string } }
    expect(created.ok).toBe(true)
    // the run's events reach the window through the forwarding process
    const statuses = () => fake.sent.filter((m) => m.channel === 'lab:event').map((m) => m.payload as { type: string; runId: string; status?: string })
    await waitFor(() => statuses().some((e) => e.type === 'status' && e.runId === created.value.id && e.status === 'completed'))
    expect(statuses().find((e) => e.type === 'created')?.runId).toBe(created.value.id)
    expect(await invoke(fromApp, 'getRun', { id: created.value.id })).toMatchObject({ ok: true, value: { status: 'completed' } })
    expect(hosted.store.getRun(created.value.id).status).toBe('completed')
  })

  it('closes the hosted lab when the app quits, then refuses calls', async () => {
    const { client, closed } = remote()
    await client.ready
    const fake = fakeElectron()
    createDesktop(fake.electron, { lab: client, preload: '/p.cjs', renderer, stateFile: join(tmpDir(), 'w.json') })
    let prevented = false
    fake.appEvents.get('before-quit')!({ preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    await waitFor(() => closed())
    await client.close()
    expect(await client.callEnvelope('listRuns', {})).toMatchObject({ ok: false, error: { name: 'LabUnavailable' } })
  })

  it('answers pending calls with an error when the host process dies, and reports a host that cannot start', async () => {
    const channel = new MessageChannel()
    channels.push(channel)
    const client = connectLab(portOf<FromHost, ToHost>(channel.port2))
    const pending = client.callEnvelope('listRuns', {})
    client.hostExited('exit code 9')
    expect(await pending).toEqual({ ok: false, error: { name: 'LabUnavailable', message: "the lab's process stopped: exit code 9" } })
    await expect(client.ready).rejects.toThrow(/exit code 9/)

    const other = new MessageChannel()
    channels.push(other)
    const failing = connectLab(portOf<FromHost, ToHost>(other.port2))
    other.port1.postMessage({ type: 'failed', message: 'this archive has migration 9' } satisfies FromHost)
    await expect(failing.ready).rejects.toThrow('this archive has migration 9')
  })
})
