// The bundle's worker: the program every scheduler runs, once per task index.
//
//     node worker.mjs run <bundle dir> --task t [--attempt name]
//
// It runs the points of task t (bundleFormat.ts) one after the other through the same runTask the
// lab's Piscina pool uses, and appends every record to its own shard (shard.ts). Points that a
// shard already records as finished are skipped, so a resubmitted task only does what is missing.
// Bundled by esbuild into one ES module (workerBuild.ts): engines, zod, no SQLite, no native module.
// Exit code: 0 when every point of the task finished (completed or diverged), 1 when one failed,
// 2 on bad arguments or a broken bundle.
import { mkdirSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { runTask, type TaskMessage, type TaskPort } from '@workers/task'
import type { EngineName } from '@shared/runSpec'
import { parseRunSpec } from '@shared/validate'
import { provenanceOf } from '@shared/versions'
import { divergenceMessage } from '@shared/outputs/divergence'
import { BUNDLE_FILES, pointsOfTask, readBundleInfo, readManifest, type ManifestLine } from './bundleFormat'
import { bestAttempt, isDone, recordLine, scanShards, shardFileName, ShardWriter, type EndLine } from './shard'

export interface TaskOutcome {
  task: number
  shard: string
  ran: { index: number; status: EndLine['status'] }[]
  skipped: number[]
}

/** Run one point, streaming its records into the shard; returns how it ended. */
export function runPoint(line: ManifestLine, writer: ShardWriter): Omit<EndLine, 'type' | 'run' | 'finishedAt'> {
  const port: TaskPort = {
    postMessage(msg: TaskMessage) {
      if (msg.type !== 'records') return
      // keep the last progress record of a batch: status needs no more
      const lastProgress = msg.records.findLastIndex((r) => r.type === 'progress')
      const lines: string[] = []
      msg.records.forEach((r, i) => {
        if (r.type !== 'progress' || i === lastProgress) lines.push(recordLine(line.runId, r))
      })
      writer.write(lines)
    },
    close() {}
  }
  try {
    const result = runTask({ runId: line.runId, spec: parseRunSpec(line.spec), port })
    if (result.status === 'diverged') {
      const { divergedAt, divergedSeries } = result.divergence
      // the runner's message and summary keys for a diverged run
      return { status: 'diverged', error: divergenceMessage(result.divergence), divergedAt, divergedSeries }
    }
    return { status: 'completed', error: null }
  } catch (e) {
    // the same message the runner stores for a failed run
    return { status: 'failed', error: e instanceof Error ? `${e.name === 'Error' ? '' : e.name + ': '}${e.message}` : String(e) }
  }
}

export function runBundleTask(dir: string, task: number, attempt: string, log: (s: string) => void = () => undefined): TaskOutcome {
  const info = readBundleInfo(dir)
  if (!Number.isInteger(task) || task < 0 || task >= info.tasks) throw new RangeError(`--task must be 0..${info.tasks - 1}, got ${task}`)
  const manifest = readManifest(dir, info)
  const shardDir = join(dir, BUNDLE_FILES.shards)
  mkdirSync(shardDir, { recursive: true })
  const done = scanShards(shardDir, { light: true, task })
  const shard = join(shardDir, shardFileName(task, attempt))
  const outcome: TaskOutcome = { task, shard, ran: [], skipped: [] }
  const writer = new ShardWriter(shard)
  try {
    for (const index of pointsOfTask(task, info)) {
      const line = manifest[index]
      if (isDone(bestAttempt(done.attempts.get(line.runId)))) {
        outcome.skipped.push(index)
        log(`point ${index} (run ${line.runId}): already done, skipped`)
        continue
      }
      const started = Date.now()
      const provenance = provenanceOf((line.spec as { engine: EngineName }).engine)
      writer.header({ run: line.runId, index, key: line.key, attempt, host: hostname(), pid: process.pid, startedAt: new Date(started).toISOString(), ...provenance })
      const end = runPoint(line, writer)
      writer.end({ run: line.runId, ...end, finishedAt: new Date().toISOString() })
      outcome.ran.push({ index, status: end.status })
      log(`point ${index} (run ${line.runId}): ${end.status} in ${((Date.now() - started) / 1000).toFixed(1)} s${end.error ? `: ${end.error}` : ''}`)
    }
  } finally {
    writer.close()
  }
  return outcome
}

const USAGE = 'usage: node worker.mjs run <bundle dir> --task t [--attempt name]'

export function workerMain(argv: string[]): number {
  const [command, dir, ...rest] = argv
  if (command !== 'run' || !dir) {
    process.stderr.write(USAGE + '\n')
    return 2
  }
  let task: number | undefined
  let attempt = `local-${hostname()}-${process.pid}`
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--task') task = Number(rest[++i])
    else if (rest[i] === '--attempt') attempt = rest[++i] ?? attempt
    else {
      process.stderr.write(`worker: unknown argument '${rest[i]}'\n${USAGE}\n`)
      return 2
    }
  }
  if (task === undefined || !Number.isInteger(task)) {
    process.stderr.write(`worker: --task needs a whole number\n${USAGE}\n`)
    return 2
  }
  try {
    const out = runBundleTask(dir, task, attempt, (s) => process.stdout.write(`[task ${task}] ${s}\n`))
    return out.ran.some((r) => r.status === 'failed') ? 1 : 0
  } catch (e) {
    process.stderr.write(`worker: ${e instanceof Error ? e.message : String(e)}\n`)
    return 2
  }
}
