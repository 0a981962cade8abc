// Where the Piscina worker lives: the bundled task.js next to the built main process, or the
// TypeScript source loaded through tsx when running from a clone (CLI, server, tests).
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface WorkerEntry {
  filename: string
  execArgv?: string[]
}

export function workerEntry(here: string = dirname(fileURLToPath(import.meta.url))): WorkerEntry {
  // bundled: out/main/index.js and out/main/task.js side by side
  const bundled = join(here, 'task.js')
  if (existsSync(bundled)) return { filename: bundled }
  // source: src/main/runner → src/workers/dev-entry.mjs, which loads task.ts through tsx
  const source = resolve(here, '../../workers/dev-entry.mjs')
  if (existsSync(source)) return { filename: source }
  throw new Error(`cannot find the engine worker (looked for ${bundled} and ${source})`)
}
