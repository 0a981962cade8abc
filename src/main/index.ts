// The Electron entry: the only file that imports electron. The lab (archive + runner) runs in a
// utility process (labProcess.ts); this process keeps the window and forwards IPC to it
// (labHost.ts's protocol). Everything it wires lives in desktop.ts (tested under Node).
import * as electron from 'electron'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createDesktop, registerAppScheme, stateFileIn } from './desktop'
import { connectLab, type FromHost } from './labHost'
import { appDataDir, defaultDbPath } from './paths'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const { values } = parseArgs({ args: process.argv.slice(electron.app.isPackaged ? 1 : 2), options: { db: { type: 'string' }, threads: { type: 'string' } }, strict: false })

electron.app.setName('Manifold Lab')
registerAppScheme(electron.protocol)
if (!electron.app.requestSingleInstanceLock()) electron.app.quit()

function startLab() {
  const args = ['--db', defaultDbPath(typeof values.db === 'string' ? values.db : undefined), '--root', root]
  if (typeof values.threads === 'string') args.push('--threads', values.threads)
  const child = electron.utilityProcess.fork(join(here, 'labProcess.js'), args, { serviceName: 'Manifold Lab archive', stdio: 'inherit' })
  const lab = connectLab({
    post: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromHost))
  })
  child.on('exit', (code) => lab.hostExited(`exit code ${code}`))
  return { lab, child }
}

void electron.app.whenReady().then(async () => {
  const { lab, child } = startLab()
  try {
    await lab.ready
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
    child.kill()
    electron.dialog.showErrorBox('Manifold Lab could not start', (e as Error).message)
    electron.app.exit(1)
  }
})
