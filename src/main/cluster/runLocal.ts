// `lab cluster run-local DIR --jobs N`: the bundle run here by the very worker a scheduler would
// run (DIR/worker.mjs, as a child process per task, at most N at a time), writing the same shards.
// Tasks whose points are all done are left out, so it also finishes a bundle a cluster left
// incomplete.
import { spawn } from 'node:child_process'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { BUNDLE_FILES, readBundleInfo, readManifest } from './bundleFormat'
import { bestAttempt, isDone, scanShards } from './shard'

export interface LocalTaskResult {
  task: number
  exitCode: number | null
  signal: NodeJS.Signals | null
}

export async function runLocal(dir: string, jobs: number, onOutput: (task: number, text: string) => void = () => undefined, signal?: AbortSignal): Promise<LocalTaskResult[]> {
  const info = readBundleInfo(dir)
  const manifest = readManifest(dir, info)
  const scan = scanShards(join(dir, BUNDLE_FILES.shards), { light: true })
  const todo = [...new Set(manifest.filter((l) => !isDone(bestAttempt(scan.attempts.get(l.runId)))).map((l) => Math.floor(l.index / info.perTask)))]
  const results: LocalTaskResult[] = []
  let next = 0
  const worker = async () => {
    while (next < todo.length && !signal?.aborted) {
      const task = todo[next++]
      const attempt = `local-${hostname()}-${process.pid}-${task}-${Date.now().toString(36)}`
      const child = spawn(process.execPath, [join(dir, info.worker.file), 'run', dir, '--task', String(task), '--attempt', attempt], { stdio: ['ignore', 'pipe', 'pipe'] })
      const kill = () => child.kill('SIGTERM')
      signal?.addEventListener('abort', kill)
      child.stdout.on('data', (b: Buffer) => onOutput(task, b.toString()))
      child.stderr.on('data', (b: Buffer) => onOutput(task, b.toString()))
      const [exitCode, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])))
      signal?.removeEventListener('abort', kill)
      results.push({ task, exitCode, signal: sig })
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, todo.length)) }, worker))
  return results.sort((a, b) => a.task - b.task)
}
