// Result shards: what a task records, as JSON lines appended to a file only that task writes (no
// SQLite on a shared filesystem: parallel writers break it). One file per task attempt,
// shards/task-<t>.<attempt>.jsonl; for each run it holds, in order,
//
//   {"type":"header","format":"manifold-lab/shard","version":1,"run":id,"index":i,"key":…,"attempt":…,"host":…,"pid":…,"startedAt":…,"labVersion":…,"engineVersion":…}
//   {"type":"point","run":id,"t":…,"values":{"sgd/eg":…, …}}        the engine's records, in order
//   {"type":"progress","run":id,"fraction":…,"t":…,"phase":…}       at most one per flush
//   {"type":"artifact","run":id,"name":…,"shape":[…],"dtype":"f64le","base64":…}
//   {"type":"summary","run":id,"values":{…}}
//   {"type":"end","run":id,"status":"completed"|"diverged"|"failed","error":…,"finishedAt":…, …}
//
// A run with a header and no end was cut short (the task was killed): import keeps what it
// recorded and marks it interrupted. Numbers are exact: JSON's shortest round-trip decimals, and
// NaN, ±Infinity, −0 written as the strings "NaN", "Infinity", "-Infinity", "-0"; artifacts are
// little-endian float64 bytes in base64. A line torn by a kill is skipped on reading.
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { EngineRecord } from '@workers/records'

export const SHARD_FORMAT = 'manifold-lab/shard'
export const SHARD_VERSION = 1

export type EndStatus = 'completed' | 'diverged' | 'failed'

export interface HeaderLine {
  type: 'header'
  format: typeof SHARD_FORMAT
  version: number
  run: string
  index: number
  key: string
  attempt: string
  host: string
  pid: number
  startedAt: string
  /** provenance of the code that ran it (the worker's own, @shared/versions) */
  labVersion?: string
  engineVersion?: number
}

export interface EndLine {
  type: 'end'
  run: string
  status: EndStatus
  error: string | null
  finishedAt: string
  divergedAt?: number
  divergedSeries?: string
}

/** the shard file of one attempt at task t (the attempt name made safe for a file name) */
export const shardFileName = (task: number, attempt: string) => `task-${task}.${attempt.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100)}.jsonl`

/** A number as JSON: finite values as themselves, the rest (and −0) as strings. */
export function encodeNumber(v: number): number | string {
  return Number.isFinite(v) && !Object.is(v, -0) ? v : Object.is(v, -0) ? '-0' : String(v)
}
export function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity' || v === '-0') return Number(v)
  throw new Error(`not a shard number: ${JSON.stringify(v)}`)
}

function encodeValues(values: Record<string, number>): Record<string, number | string> {
  const out: Record<string, number | string> = {}
  for (const name in values) out[name] = encodeNumber(values[name])
  return out
}

/** the summary as the archive stores it (non-finite numbers as strings, as RunStore.mergeSummary does) */
const summaryReplacer = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)

/** One line of JSON per engine record (progress is thinned by the writer). */
export function recordLine(run: string, r: EngineRecord): string {
  switch (r.type) {
    case 'point':
      return JSON.stringify({ type: 'point', run, t: encodeNumber(r.t), values: encodeValues(r.values) })
    case 'progress':
      return JSON.stringify({ type: 'progress', run, fraction: r.fraction, t: r.t ?? null, phase: r.phase ?? null })
    case 'artifact': {
      const le = littleEndianBytes(r.data)
      return JSON.stringify({ type: 'artifact', run, name: r.name, shape: r.shape, dtype: 'f64le', base64: le.toString('base64') })
    }
    case 'summary':
      return JSON.stringify({ type: 'summary', run, values: r.values }, summaryReplacer)
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

function littleEndianBytes(data: Float64Array): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (LITTLE_ENDIAN) return Buffer.from(bytes)
  const out = Buffer.alloc(data.byteLength)
  for (let i = 0; i < data.length; i++) out.writeDoubleLE(data[i], i * 8)
  return out
}

function float64FromBase64(b64: string): Float64Array {
  const bytes = Buffer.from(b64, 'base64')
  const out = new Float64Array(bytes.byteLength / 8)
  for (let i = 0; i < out.length; i++) out[i] = bytes.readDoubleLE(i * 8)
  return out
}

/** Appends lines to one shard file; each write is whole lines, the end of a run is fsynced. */
export class ShardWriter {
  private readonly fd: number

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+')
    // a file left with a torn last line (a killed attempt of the same name) gets a newline first
    const size = fstatSync(this.fd).size
    if (size > 0) {
      const last = Buffer.alloc(1)
      readSync(this.fd, last, 0, 1, size - 1)
      if (last[0] !== 0x0a) writeSync(this.fd, '\n')
    }
  }

  write(lines: string[]): void {
    if (lines.length) writeSync(this.fd, lines.join('\n') + '\n')
  }

  header(h: Omit<HeaderLine, 'type' | 'format' | 'version'>): void {
    this.write([JSON.stringify({ type: 'header', format: SHARD_FORMAT, version: SHARD_VERSION, ...h })])
  }

  end(e: Omit<EndLine, 'type'>): void {
    this.write([JSON.stringify({ type: 'end', ...e })])
    fsyncSync(this.fd)
  }

  close(): void {
    closeSync(this.fd)
  }
}

/** One run's records from one shard file, from its header to its end (or to where it stops). */
export interface RunAttempt {
  file: string
  header: HeaderLine
  /** points in the order recorded */
  points: { t: number; values: Record<string, number> }[]
  pointCount: number
  artifacts: { name: string; shape: number[]; data: Float64Array }[]
  /** summary records merged in order */
  summary: Record<string, unknown>
  progress: { fraction: number; t: number | null } | null
  end: EndLine | null
}

export interface ShardScan {
  /** run id → its attempts, in the order they started */
  attempts: Map<string, RunAttempt[]>
  files: string[]
  /** unreadable lines skipped (a torn line where a task was killed) */
  damagedLines: number
}

/**
 * Read every shard of a bundle. light: keep only headers, progress and ends (status needs no
 * curves), counting points without decoding them. task: only that task's files (a worker needs
 * no other task's shards, which on a big bundle would be most of the reading).
 */
export function scanShards(shardDir: string, options: { light?: boolean; task?: number } = {}): ShardScan {
  const attempts = new Map<string, RunAttempt[]>()
  if (!existsSync(shardDir)) return { attempts, files: [], damagedLines: 0 }
  const files = readdirSync(shardDir)
    .filter((f) => f.endsWith('.jsonl') && (options.task === undefined || f.startsWith(shardFileName(options.task, '').slice(0, -'.jsonl'.length))))
    .sort()
  let damagedLines = 0
  for (const file of files) {
    const current = new Map<string, RunAttempt>()
    for (const line of readFileSync(join(shardDir, file), 'utf8').split('\n')) {
      if (line === '') continue
      if (options.light && (line.startsWith('{"type":"point"') || line.startsWith('{"type":"artifact"'))) {
        const m = /^\{"type":"(point|artifact)","run":"([^"]+)"/.exec(line)
        const a = m && current.get(m[2])
        if (a && m[1] === 'point') a.pointCount++
        continue
      }
      let rec: Record<string, unknown>
      try {
        rec = JSON.parse(line)
      } catch {
        damagedLines++
        continue
      }
      const run = rec.run as string
      if (rec.type === 'header') {
        const a: RunAttempt = { file, header: rec as unknown as HeaderLine, points: [], pointCount: 0, artifacts: [], summary: {}, progress: null, end: null }
        current.set(run, a)
        ;(attempts.get(run) ?? attempts.set(run, []).get(run)!).push(a)
        continue
      }
      const a = current.get(run)
      if (!a) {
        damagedLines++
        continue
      }
      switch (rec.type) {
        case 'point': {
          const raw = rec.values as Record<string, unknown>
          const values: Record<string, number> = {}
          for (const name in raw) values[name] = decodeNumber(raw[name])
          a.points.push({ t: decodeNumber(rec.t), values })
          a.pointCount++
          break
        }
        case 'artifact':
          a.artifacts.push({ name: rec.name as string, shape: rec.shape as number[], data: float64FromBase64(rec.base64 as string) })
          break
        case 'summary':
          Object.assign(a.summary, rec.values as Record<string, unknown>)
          break
        case 'progress':
          a.progress = { fraction: rec.fraction as number, t: (rec.t as number | null) ?? null }
          break
        case 'end':
          a.end = rec as unknown as EndLine
          current.delete(run)
          break
        default:
          damagedLines++
      }
    }
  }
  // in the order they started (file names sort job 100 before job 98)
  for (const list of attempts.values()) list.sort((a, b) => a.header.startedAt.localeCompare(b.header.startedAt))
  return { attempts, files, damagedLines }
}

/** finished for good: a rerun would give the same result (engines are pure functions of the spec) */
export const isDone = (a: RunAttempt | undefined) => a?.end?.status === 'completed' || a?.end?.status === 'diverged'

/**
 * The attempt to keep for a run: one that finished (completed, then diverged), else a failed one,
 * else the one cut short that recorded the most points.
 */
export function bestAttempt(list: RunAttempt[] | undefined): RunAttempt | undefined {
  if (!list?.length) return undefined
  const rank = (a: RunAttempt) => (a.end?.status === 'completed' ? 3 : a.end?.status === 'diverged' ? 2 : a.end ? 1 : 0)
  return [...list].sort((a, b) => rank(b) - rank(a) || b.pointCount - a.pointCount)[0]
}
