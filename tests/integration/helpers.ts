import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Lab, type LabOptions } from '@main/api'
import type { Io } from '@main/cli'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import type { RunRow } from '@shared/api'

export const tmpDir = (prefix = 'lab-test-') => mkdtempSync(join(tmpdir(), prefix))
export const tmpDb = () => join(tmpDir(), 'lab.db')

export function newLab(options: Partial<LabOptions> = {}): Lab {
  return new Lab({ db: tmpDb(), threads: 2, ...options })
}

export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 30_000, everyMs = 20): Promise<T> {
  const start = Date.now()
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** an Io for the CLI's main that keeps what it prints */
export function capture(): Io & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', tty: false, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) }
  return io
}

/** runs stored in the archive db (0 if it does not exist) */
export function runCount(db: string): number {
  if (!existsSync(db)) return 0
  const store = new RunStore(openDatabase(db))
  const n = store.listRuns().length
  store.db.close()
  return n
}

export const isFinal = (r: RunRow) => !['queued', 'running'].includes(r.status)

/** A small, real, fast run of the linear engine's closed forms (eq. 1 on its dataset and the typical curve). */
export const linearSpec = (seed = 0, extra: Record<string, unknown> = {}) => ({ engine: 'linear', N: 20, P: 10, points: 30, solve: ['theory', 'typical'], seed, ...extra })

/** A real HMM run long enough to cancel or kill mid-way (minutes if left alone). */
export const longHmmSpec = (seed = 0) => ({
  engine: 'hmm',
  seed,
  model: { N: 300, D: 150, K: 2, M: 2 },
  train: { lr: 0.2, tMax: 20000, testSamples: 500, points: 400, tMin: 0.01 },
  solve: ['sgd']
})
