// The desktop app's wiring: window, security, IPC ↔ the one API (forwarded to the lab's utility
// process), menus, dialogs, window state.
// It receives the electron module from index.ts (the only file that imports electron), so this
// wiring is unit-tested under plain Node with a stand-in.
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as Electron from 'electron'
import { z } from 'zod'
import { API_METHODS, type ApiMethod, type LabEvent } from '@shared/api'
import { CONTENT_SECURITY_POLICY } from '@shared/csp'
import type { LabEndpoint } from './labHost'

/** What the native menu can ask the page to do. */
export type MenuCommand = 'go-runs' | 'go-compare' | 'go-new' | 'go-sweeps' | 'go-mnist' | 'focus-filter' | 'help' | 'toggle-theme'

export type ElectronModule = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'Menu' | 'dialog' | 'session' | 'shell' | 'protocol' | 'net'>

/**
 * The renderer is served from this privileged scheme (app://lab/index.html), not file://: a
 * file:// page may read any local file its links name and shares one origin with every other
 * file. Electron's security checklist, item 18.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'lab'

/** Call before the app is ready (index.ts does, at load). */
export function registerAppScheme(protocol: Pick<typeof Electron.protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Largest file the page may ask to save (base64 characters: 1 GiB of data). */
const MAX_SAVE_BASE64 = Math.ceil((2 ** 30 * 4) / 3)

/** The only links the app opens in the system browser: the ones it shows itself (About). */
export const EXTERNAL_LINKS: readonly string[] = ['https://arxiv.org/abs/2405.00642', 'https://arxiv.org/abs/1909.11500']

export const isExternalLink = (url: string) => EXTERNAL_LINKS.includes(url)

/** File-dialog options from the renderer: a title and a few extension filters, nothing else. */
export const DialogFilters = z
  .array(z.strictObject({ name: z.string().min(1).max(100), extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9_-]{1,20})$/)).min(1).max(20) }))
  .max(10)
const OpenDialogOptions = z.strictObject({ title: z.string().max(200).optional(), filters: DialogFilters.optional() })

/** Parsed dialog options, or null when the renderer sent anything else. */
export function openDialogOptions(raw: unknown): { title: string; filters: Electron.FileFilter[] } | null {
  const parsed = OpenDialogOptions.safeParse(raw ?? {})
  if (!parsed.success) return null
  return { title: parsed.data.title ?? 'Open', filters: parsed.data.filters ?? [] }
}

export interface DesktopOptions {
  /** the lab: in the app, the utility process's (connectLab in labHost.ts); in tests, a Lab */
  lab: LabEndpoint
  /** out/preload/index.cjs */
  preload: string
  /** out/renderer/index.html, or the dev server's URL */
  renderer: { file: string } | { url: string }
  /** where the window's bounds are remembered */
  stateFile: string
}

/** Security settings of the one window: isolated, sandboxed, no Node in the page. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false
} as const

interface WindowState {
  width: number
  height: number
  x?: number
  y?: number
  maximized?: boolean
}

export function loadWindowState(file: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as WindowState
    if (Number.isFinite(s.width) && Number.isFinite(s.height) && s.width >= 400 && s.height >= 300) return s
  } catch {
    /* first start */
  }
  return { width: 1400, height: 900 }
}

/** Is this URL the app's own page (the only one allowed to call the API)? */
export function isAppUrl(url: string, renderer: DesktopOptions['renderer']): boolean {
  try {
    const u = new URL(url)
    if ('url' in renderer) return u.origin === new URL(renderer.url).origin
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST
  } catch {
    return false
  }
}

/** The app:// URL of the renderer's entry file. */
export const appUrlOf = (file: string) => `${APP_SCHEME}://${APP_HOST}/${encodeURIComponent(basename(file))}`

/**
 * The file behind an app://lab/… request: inside the renderer's folder, or null (refused).
 */
export function appFileOf(url: string, rendererDir: string): string | null {
  let u: URL
  let path: string
  try {
    u = new URL(url)
    path = decodeURIComponent(u.pathname)
  } catch {
    return null
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null
  const root = resolve(rendererDir)
  const file = resolve(root, '.' + (path === '/' ? '/index.html' : path))
  return file.startsWith(root + sep) ? file : null
}

export function createDesktop(electron: ElectronModule, options: DesktopOptions) {
  const { app, BrowserWindow, ipcMain, Menu, dialog, session, shell, protocol, net } = electron
  const { lab, renderer } = options
  let win: Electron.BrowserWindow | null = null

  // the built renderer, from its folder only
  if ('file' in renderer) {
    const dir = dirname(renderer.file)
    protocol.handle(APP_SCHEME, (request) => {
      const file = appFileOf(request.url, dir)
      if (!file) return new Response('not found', { status: 404 })
      return net.fetch(pathToFileURL(file).toString())
    })
  }

  // Every response gets the CSP, whatever served it (file or dev server).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  // No camera, microphone, notifications, … and no remote content at all.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith(`${APP_SCHEME}://${APP_HOST}/`) || details.url.startsWith('devtools:') || details.url.startsWith('data:') || details.url.startsWith('blob:') || ('url' in renderer && details.url.startsWith(new URL(renderer.url).origin))
    callback({ cancel: !allowed })
  })

  const trusted = (event: Electron.IpcMainInvokeEvent) => isAppUrl(event.senderFrame?.url ?? '', renderer)

  // One handler for the whole API: the method name is checked and the argument parsed by the
  // same schema the CLI and the server use (Lab.callEnvelope).
  ipcMain.handle('lab:invoke', async (event, method: unknown, arg: unknown) => {
    if (!trusted(event)) return { ok: false, error: { name: 'Forbidden', message: 'untrusted sender' } }
    if (typeof method !== 'string' || !API_METHODS.includes(method as ApiMethod)) return { ok: false, error: { name: 'NotFoundError', message: `no API method '${String(method)}'` } }
    return lab.callEnvelope(method, arg)
  })
  ipcMain.handle('lab:openFileDialog', async (event, opts: unknown) => {
    if (!trusted(event) || !win) return []
    const parsed = openDialogOptions(opts)
    if (!parsed) return []
    const result = await dialog.showOpenDialog(win, { title: parsed.title, properties: ['openFile', 'multiSelections'], filters: parsed.filters })
    return result.canceled ? [] : result.filePaths
  })
  ipcMain.handle('lab:saveFile', async (event, opts: { defaultPath?: unknown; base64?: unknown }) => {
    if (!trusted(event) || !win || typeof opts?.base64 !== 'string' || opts.base64.length > MAX_SAVE_BASE64) return null
    // a suggested file name only: the user picks the folder
    const suggested = typeof opts.defaultPath === 'string' ? basename(opts.defaultPath).slice(0, 200) : 'export'
    const result = await dialog.showSaveDialog(win, { defaultPath: suggested || 'export' })
    if (result.canceled || !result.filePath) return null
    writeFileSync(result.filePath, Buffer.from(opts.base64, 'base64'))
    return result.filePath
  })

  const unsubscribe = lab.subscribe((event: LabEvent) => {
    if (win && !win.isDestroyed()) win.webContents.send('lab:event', event)
  })

  // command names the renderer's onMenu handler understands (src/renderer/src/App.vue)
  const menu = (command: MenuCommand) => () => win?.webContents.send('lab:menu', command)
  const template: Electron.MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Run…', accelerator: 'CmdOrCtrl+N', click: menu('go-new') },
        { label: 'MNIST Pipeline…', accelerator: 'CmdOrCtrl+O', click: menu('go-mnist') },
        { type: 'separator' },
        { role: process.platform === 'darwin' ? 'close' : 'quit' }
      ]
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Runs', accelerator: 'CmdOrCtrl+1', click: menu('go-runs') },
        { label: 'Compare', accelerator: 'CmdOrCtrl+2', click: menu('go-compare') },
        { label: 'New Run', accelerator: 'CmdOrCtrl+3', click: menu('go-new') },
        { label: 'Sweeps', accelerator: 'CmdOrCtrl+4', click: menu('go-sweeps') },
        { label: 'Filter Runs', accelerator: 'CmdOrCtrl+F', click: menu('focus-filter') },
        { type: 'separator' },
        { label: 'Toggle Dark Theme', accelerator: 'CmdOrCtrl+Shift+D', click: menu('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        // developer tools only in development builds
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }])
      ]
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Keyboard Shortcuts', accelerator: 'Shift+/', click: menu('help') }, { label: 'About the Lab', click: () => void shell.openExternal(EXTERNAL_LINKS[0]) }] }
  ]

  function createWindow(): Electron.BrowserWindow {
    const state = loadWindowState(options.stateFile)
    win = new BrowserWindow({
      width: state.width,
      height: state.height,
      x: state.x,
      y: state.y,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Manifold Lab',
      backgroundColor: '#1b1d22',
      webPreferences: { ...WEB_PREFERENCES, devTools: !app.isPackaged, preload: options.preload }
    })
    if (state.maximized) win.maximize()
    win.once('ready-to-show', () => win?.show())
    // Navigation away from the app and new windows are blocked; the app's own links open outside.
    win.webContents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, renderer)) event.preventDefault()
    })
    win.webContents.on('will-attach-webview', (event) => event.preventDefault())
    win.webContents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
    win.on('close', () => {
      if (!win) return
      const b = win.getNormalBounds()
      writeFileSync(options.stateFile, JSON.stringify({ ...b, maximized: win.isMaximized() }))
    })
    win.on('closed', () => {
      win = null
    })
    if ('url' in renderer) void win.loadURL(renderer.url)
    else void win.loadURL(appUrlOf(renderer.file))
    return win
  }

  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    unsubscribe()
    void lab.close().finally(() => app.quit())
  })

  return { createWindow, get window() { return win } }
}

export const stateFileIn = (dir: string) => join(dir, 'window-state.json')
