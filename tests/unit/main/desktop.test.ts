// The Electron wiring, tested with a stand-in for the electron module: security settings of
// the window, IPC arguments parsed by the same schemas as the CLI, navigation and new windows
// blocked, CSP on every response, the Electron build of better-sqlite3 chosen under Electron.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appFileOf, createDesktop, DialogFilters, EXTERNAL_LINKS, isAppUrl, loadWindowState, openDialogOptions, WEB_PREFERENCES, type ElectronModule } from '@main/desktop'
import { electronBindingDir, nativeBindingFor } from '@main/nativeBinding'
import { CONTENT_SECURITY_POLICY } from '@shared/csp'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { newLab, tmpDir, linearSpec, waitFor } from '../../integration/helpers'
import type { Lab } from '@main/api'
import { connectLab, hostLab, type FromHost, type Port, type ToHost } from '@main/labHost'

type Handler = (...args: unknown[]) => unknown

function fakeElectron(options: { packaged?: boolean } = {}) {
  const handlers = new Map<string, Handler>()
  const appEvents = new Map<string, Handler>()
  const wcEvents = new Map<string, Handler>()
  const windows: { options: Record<string, unknown>; loaded?: string }[] = []
  let openHandler: Handler | null = null
  let headersHook: Handler | null = null
  let requestHook: Handler | null = null
  let permissionHook: Handler | null = null
  const sent: { channel: string; payload: unknown }[] = []
  let permissionCheck: Handler | null = null
  let appProtocol: Handler | null = null
  const fetched: string[] = []
  const opened: string[] = []
  const dialogs: unknown[] = []
  let menu: unknown = null
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
    app: { on: (name: string, fn: Handler) => void appEvents.set(name, fn), quit: () => undefined, isPackaged: options.packaged ?? false },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Handler) => void handlers.set(channel, fn) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (menu = m) },
    dialog: { showOpenDialog: async (_w: unknown, o: unknown) => (dialogs.push(o), { canceled: false, filePaths: ['/picked'] }) },
    shell: { openExternal: async (url: string) => void opened.push(url) },
    protocol: { handle: (scheme: string, fn: Handler) => void (scheme === 'app' && (appProtocol = fn)) },
    net: { fetch: async (url: string) => (fetched.push(url), new Response('file')) },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (fn: Handler) => void (headersHook = fn),
          onBeforeRequest: (fn: Handler) => void (requestHook = fn)
        },
        setPermissionRequestHandler: (fn: Handler) => void (permissionHook = fn),
        setPermissionCheckHandler: (fn: Handler) => void (permissionCheck = fn)
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
    permissionHook: () => permissionHook!,
    permissionCheck: () => permissionCheck!,
    appProtocol: () => appProtocol!,
    fetched,
    opened,
    dialogs,
    menu: () => menu as { label?: string; submenu?: { role?: string; label?: string; click?: () => void }[] }[]
  }
}

const renderer = { file: '/app/out/renderer/index.html' }
const fromApp = { senderFrame: { url: 'app://lab/index.html#/runs' } }
let lab: Lab | null = null
afterEach(async () => {
  await lab?.close()
  lab = null
})

function setup(options: { packaged?: boolean } = {}) {
  const fake = fakeElectron(options)
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
    expect(fake.windows[0].loaded).toBe('app://lab/index.html')
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
    fake.wcEvents.get('will-navigate')!({ preventDefault: () => prevented.push('self') }, 'app://lab/index.html#/compare')
    expect(prevented).toEqual(['nav'])
    expect(fake.openHandler()({ url: 'https://example.org' })).toEqual({ action: 'deny' })
    let headers: Record<string, unknown> = {}
    fake.headersHook()({ responseHeaders: {} }, (r: { responseHeaders: Record<string, unknown> }) => (headers = r.responseHeaders))
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    let cancel: boolean | undefined
    fake.requestHook()({ url: 'https://cdn.example/x.js' }, (r: { cancel: boolean }) => (cancel = r.cancel))
    expect(cancel).toBe(true)
    fake.requestHook()({ url: 'app://lab/assets/a.js' }, (r: { cancel: boolean }) => (cancel = r.cancel))
    expect(cancel).toBe(false)
    fake.requestHook()({ url: 'file:///etc/passwd' }, (r: { cancel: boolean }) => (cancel = r.cancel))
    expect(cancel).toBe(true)
    let granted: boolean | undefined
    fake.permissionHook()(null, 'media', (g: boolean) => (granted = g))
    expect(granted).toBe(false)
  })

  it('recognises its own page only', () => {
    expect(isAppUrl('app://lab/index.html', renderer)).toBe(true)
    expect(isAppUrl('file:///app/out/renderer/index.html', renderer)).toBe(false)
    expect(isAppUrl('app://other/index.html', renderer)).toBe(false)
    expect(isAppUrl('http://localhost:5173/#/runs', { url: 'http://localhost:5173' })).toBe(true)
    expect(isAppUrl('http://localhost:5174/', { url: 'http://localhost:5173' })).toBe(false)
  })

  it('serves the renderer from app://lab/ out of its folder only (not file://)', async () => {
    const fake = setup()
    const handler = fake.appProtocol()
    expect(await (handler({ url: 'app://lab/assets/a.js' }) as Promise<Response>).then((r) => r.status)).toBe(200)
    expect(fake.fetched).toEqual(['file:///app/out/renderer/assets/a.js'])
    for (const url of ['app://lab/..%2f..%2fetc/passwd', 'app://lab/%2F..%2F..%2Fetc%2Fpasswd', 'app://other/index.html', 'app://lab/%E0%A4%A'])
      expect((await (handler({ url }) as Promise<Response> | Response)).status, url).toBe(404)
    // literal dots are resolved by the URL parser, inside the folder
    expect(appFileOf('app://lab/../../etc/passwd', '/app/out/renderer')).toBe('/app/out/renderer/etc/passwd')
    expect(fake.fetched).toHaveLength(1)
    expect(appFileOf('app://lab/', '/app/out/renderer')).toBe('/app/out/renderer/index.html')
  })

  it('refuses every permission check, not only requests', () => {
    const fake = setup()
    for (const p of ['media', 'clipboard-read', 'notifications', 'geolocation']) expect(fake.permissionCheck()(null, p, 'app://lab')).toBe(false)
  })

  it('keeps DevTools out of a packaged build (menu and window) and in a development build', () => {
    const roles = (fake: ReturnType<typeof setup>) => fake.menu().flatMap((m) => (m.submenu ?? []).map((i) => i.role))
    const packaged = setup({ packaged: true })
    expect(roles(packaged)).not.toContain('toggleDevTools')
    expect((packaged.windows[0].options.webPreferences as Record<string, unknown>).devTools).toBe(false)
    const dev = setup()
    expect(roles(dev)).toContain('toggleDevTools')
  })

  it('opens in the system browser only the links the app shows', () => {
    const fake = setup()
    expect(fake.openHandler()({ url: EXTERNAL_LINKS[0] })).toEqual({ action: 'deny' })
    fake.openHandler()({ url: 'https://evil.example/' })
    fake.openHandler()({ url: 'file:///etc/passwd' })
    fake.openHandler()({ url: `${EXTERNAL_LINKS[0]}/../../evil` })
    expect(fake.opened).toEqual([EXTERNAL_LINKS[0]])
  })

  it('validates the file-dialog filters the renderer sends', async () => {
    const fake = setup()
    expect(openDialogOptions({ title: 'IDX', filters: [{ name: 'IDX files', extensions: ['gz', 'idx3-ubyte'] }, { name: 'All', extensions: ['*'] }] })).toEqual({
      title: 'IDX',
      filters: [{ name: 'IDX files', extensions: ['gz', 'idx3-ubyte'] }, { name: 'All', extensions: ['*'] }]
    })
    for (const bad of [
      { filters: 'gz' },
      { filters: [{ name: 'x', extensions: ['../../x'] }] },
      { filters: [{ name: 'x', extensions: ['*.exe;rm -rf'] }] },
      { filters: [{ name: 'x', extensions: [] }] },
      { filters: [{ name: 'x', extensions: ['gz'], extra: 1 }] },
      { filters: Array.from({ length: 11 }, () => ({ name: 'x', extensions: ['gz'] })) },
      { title: 'x'.repeat(201) },
      { title: { toString: 'boom' } }
    ])
      expect(openDialogOptions(bad), JSON.stringify(bad).slice(0, 60)).toBeNull()
    expect(DialogFilters.safeParse([{ name: 'x', extensions: ['gz'] }]).success).toBe(true)
    // the window exists after setup: a bad call never reaches the native dialog
    const open = fake.handlers.get('lab:openFileDialog')!
    expect(await open(fromApp, { filters: [{ name: 'x', extensions: ['a/b'] }] })).toEqual([])
    expect(fake.dialogs).toEqual([])
    expect(await open(fromApp, { title: 'Pick', filters: [{ name: 'x', extensions: ['gz'] }] })).toEqual(['/picked'])
    expect(fake.dialogs).toHaveLength(1)
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
