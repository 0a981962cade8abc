// The desktop app's wiring: window, security, IPC ↔ the one API (forwarded to the lab's utility
// process), menus, dialogs, window state.
// It receives the electron module from index.ts (the only file that imports electron), so this
// wiring is unit-tested under plain Node with a stand-in.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as Electron from 'electron'
import { API_METHODS, type ApiMethod, type LabEvent } from '@shared/api'
import { CONTENT_SECURITY_POLICY } from '@shared/csp'
import type { LabEndpoint } from './labHost'

/** What the native menu can ask the page to do. */
export type MenuCommand = 'go-runs' | 'go-compare' | 'go-new' | 'go-sweeps' | 'go-mnist' | 'focus-filter' | 'help' | 'toggle-theme'

export type ElectronModule = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'Menu' | 'dialog' | 'session' | 'shell'>

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
    return u.protocol === 'file:' && decodeURIComponent(u.pathname).endsWith(renderer.file.replace(/\\/g, '/'))
  } catch {
    return false
  }
}

export function createDesktop(electron: ElectronModule, options: DesktopOptions) {
  const { app, BrowserWindow, ipcMain, Menu, dialog, session, shell } = electron
  const { lab, renderer } = options
  let win: Electron.BrowserWindow | null = null

  // Every response gets the CSP, whatever served it (file or dev server).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  // No camera, microphone, notifications, … and no remote content at all.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('file:') || details.url.startsWith('devtools:') || details.url.startsWith('data:') || details.url.startsWith('blob:') || ('url' in renderer && details.url.startsWith(new URL(renderer.url).origin))
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
  ipcMain.handle('lab:openFileDialog', async (event, opts: { title?: unknown; filters?: unknown }) => {
    if (!trusted(event) || !win) return []
    const filters = Array.isArray(opts?.filters) ? (opts.filters as Electron.FileFilter[]) : []
    const result = await dialog.showOpenDialog(win, { title: String(opts?.title ?? 'Open'), properties: ['openFile', 'multiSelections'], filters })
    return result.canceled ? [] : result.filePaths
  })
  ipcMain.handle('lab:saveFile', async (event, opts: { defaultPath?: unknown; base64?: unknown }) => {
    if (!trusted(event) || !win || typeof opts?.base64 !== 'string') return null
    const result = await dialog.showSaveDialog(win, { defaultPath: String(opts.defaultPath ?? 'export') })
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
        { role: 'toggleDevTools' }
      ]
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Keyboard Shortcuts', accelerator: 'Shift+/', click: menu('help') }, { label: 'About the Lab', click: () => void shell.openExternal('https://arxiv.org/abs/2405.00642') }] }
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
      webPreferences: { ...WEB_PREFERENCES, preload: options.preload }
    })
    if (state.maximized) win.maximize()
    win.once('ready-to-show', () => win?.show())
    // Navigation away from the app and new windows are blocked; http(s) links open outside.
    win.webContents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, renderer)) event.preventDefault()
    })
    win.webContents.on('will-attach-webview', (event) => event.preventDefault())
    win.webContents.setWindowOpenHandler(({ url }) => {
      if (/^https:\/\//.test(url)) void shell.openExternal(url)
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
    else void win.loadFile(renderer.file)
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
