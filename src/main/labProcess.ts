// Entry of the Electron utility process that hosts the lab (archive + runner): started by
// index.ts with utilityProcess.fork, it opens the archive and serves the Lab over its parentPort
// (the protocol of labHost.ts). A big write or a run's records never block the window's process.
// Arguments: --db FILE [--threads N] [--root DIR] (root: where native/ holds Electron's build of better-sqlite3).
import { parseArgs } from 'node:util'
import { Lab } from './api'
import { hostLab, type FromHost, type Port, type ToHost } from './labHost'
import { nativeBindingFor } from './nativeBinding'

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
if (!parentPort) throw new Error('labProcess runs inside an Electron utility process (utilityProcess.fork)')

const port: Port<ToHost, FromHost> = {
  post: (message) => parentPort.postMessage(message),
  onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as ToHost))
}

const { values } = parseArgs({ args: process.argv.slice(2), options: { db: { type: 'string' }, threads: { type: 'string' }, root: { type: 'string' } }, strict: false })
try {
  const lab = new Lab({
    db: String(values.db),
    nativeBinding: typeof values.root === 'string' ? nativeBindingFor(values.root) : undefined,
    threads: typeof values.threads === 'string' ? Number(values.threads) : undefined
  })
  hostLab(lab, port, () => process.exit(0))
} catch (e) {
  port.post({ type: 'failed', message: (e as Error).message })
}
