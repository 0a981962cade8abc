// The Electron entry: the only file that imports electron. Everything it wires lives in
// desktop.ts (tested under Node); the Lab below is the same API the CLI and server use.
import * as electron from 'electron'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Lab } from './api'
import { createDesktop, registerAppScheme, stateFileIn } from './desktop'
import { nativeBindingFor } from './nativeBinding'
import { appDataDir, defaultDbPath } from '@main/store/database'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const { values } = parseArgs({ args: process.argv.slice(electron.app.isPackaged ? 1 : 2), options: { db: { type: 'string' }, threads: { type: 'string' } }, strict: false })

electron.app.setName('Manifold Lab')
registerAppScheme(electron.protocol)
if (!electron.app.requestSingleInstanceLock()) electron.app.quit()

void electron.app.whenReady().then(() => {
  try {
    const lab = new Lab({
      db: defaultDbPath(typeof values.db === 'string' ? values.db : undefined),
      nativeBinding: nativeBindingFor(root),
      threads: typeof values.threads === 'string' ? Number(values.threads) : undefined
    })
    const devUrl = process.env.ELECTRON_RENDERER_URL
    const desktop = createDesktop(electron, {
      lab,
      preload: join(here, '../preload/index.cjs'),
      renderer: !electron.app.isPackaged && devUrl ? { url: devUrl } : { file: join(here, '../renderer/index.html') },
      stateFile: stateFileIn(appDataDir())
    })
    desktop.createWindow()
    electron.app.on('second-instance', () => desktop.window?.focus())
  } catch (e) {
    electron.dialog.showErrorBox('Manifold Lab could not start', (e as Error).message)
    electron.app.exit(1)
  }
})
