// The bundle's plain parts, without a scheduler: shard lines round-trip every float64 exactly,
// a torn line is skipped, the best attempt is chosen as import needs, squeue's output is read,
// task indices compress to sbatch's --array syntax, the job script asks what the estimates say.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bestAttempt, decodeNumber, encodeNumber, recordLine, scanShards, shardFileName, ShardWriter, type RunAttempt } from '@main/cluster/shard'
import { indexRanges } from '@main/cluster/scheduler'
import { checkSlurmOptions, parseSqueue, slurmScript, slurmTime } from '@main/cluster/slurm'
import { pointsOfTask, type BundleInfo } from '@main/cluster/bundleFormat'
import { estimatePoint, taskRequest } from '@main/cluster/estimate'
import { readsBeforeRun } from '@main/cluster/bundleable'
import { parseRunSpec } from '@shared/validate'

const tmpDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))
const header = (run: string, attempt = 'a') => ({ run, index: 0, key: '{}', attempt, host: 'h', pid: 1, startedAt: '2026-01-01T00:00:00.000Z' })

describe('shard lines', () => {
  it('encode every float64 exactly, NaN, ±Infinity and −0 included', () => {
    const tricky = [0, -0, 1 / 3, Math.PI * 1e-300, 5e-324, Number.MAX_VALUE, -1.2345678901234567e89, NaN, Infinity, -Infinity]
    for (const v of tricky) {
      const back = decodeNumber(JSON.parse(JSON.stringify(encodeNumber(v))))
      expect(Object.is(back, v), String(v)).toBe(true)
    }
    expect(() => decodeNumber('7')).toThrow(/not a shard number/)
  })

  it('write points, artifacts and summaries that read back bit for bit', () => {
    const dir = tmpDir('lab-shard-')
    const w = new ShardWriter(join(dir, 'task-0.x.jsonl'))
    const data = Float64Array.from([1 / 7, -0, NaN, 2 ** -1074])
    w.header(header('r1'))
    w.write([
      recordLine('r1', { type: 'point', t: 0.5, values: { 'sgd/eg': 0.1 + 0.2, 'sgd/Q[0,0]': -0, bad: NaN } }),
      recordLine('r1', { type: 'artifact', name: 'F', shape: [2, 2], data }),
      recordLine('r1', { type: 'summary', values: { egFinal: 0.25, inf: Infinity } })
    ])
    w.end({ run: 'r1', status: 'completed', error: null, finishedAt: 'now' })
    w.close()
    const a = scanShards(dir).attempts.get('r1')![0]
    expect(a.end?.status).toBe('completed')
    expect(a.points[0].t).toBe(0.5)
    expect(a.points[0].values['sgd/eg']).toBe(0.1 + 0.2)
    expect(Object.is(a.points[0].values['sgd/Q[0,0]'], -0)).toBe(true)
    expect(a.points[0].values.bad).toBeNaN()
    expect(Buffer.from(a.artifacts[0].data.buffer).equals(Buffer.from(data.buffer))).toBe(true)
    expect(a.artifacts[0].shape).toEqual([2, 2])
    // as RunStore.mergeSummary stores it: non-finite numbers as strings
    expect(a.summary).toEqual({ egFinal: 0.25, inf: 'Infinity' })
  })

  it('skip a line torn by a kill, and a writer reopening the file starts on a fresh line', () => {
    const dir = tmpDir('lab-shard-')
    const file = join(dir, 'task-0.x.jsonl')
    const w = new ShardWriter(file)
    w.header(header('r1'))
    w.write([recordLine('r1', { type: 'point', t: 1, values: { a: 1 } })])
    w.close()
    writeFileSync(file, '{"type":"point","run":"r1","t":2,"val', { flag: 'a' }) // killed mid-line
    const again = new ShardWriter(file)
    again.header(header('r1', 'b'))
    again.end({ run: 'r1', status: 'completed', error: null, finishedAt: 'now' })
    again.close()
    const scan = scanShards(dir)
    expect(scan.damagedLines).toBe(1)
    const attempts = scan.attempts.get('r1')!
    expect(attempts.map((x) => [x.header.attempt, x.pointCount, x.end?.status ?? null])).toEqual([
      ['a', 1, null],
      ['b', 0, 'completed']
    ])
  })

  it('light scans count points without decoding them', () => {
    const dir = tmpDir('lab-shard-')
    const w = new ShardWriter(join(dir, 'task-0.x.jsonl'))
    w.header(header('r1'))
    w.write([1, 2, 3].map((t) => recordLine('r1', { type: 'point', t, values: { a: t } })))
    w.write([recordLine('r1', { type: 'progress', fraction: 0.5, t: 3 })])
    w.close()
    const a = scanShards(dir, { light: true }).attempts.get('r1')![0]
    expect(a.pointCount).toBe(3)
    expect(a.points).toEqual([])
    expect(a.progress).toEqual({ fraction: 0.5, t: 3 })
  })

  it("a task's scan reads only that task's files", () => {
    const dir = tmpDir('lab-shard-')
    for (const [task, run] of [[1, 'r1'], [11, 'r11'], [1, 'r1b']] as const) {
      const w = new ShardWriter(join(dir, shardFileName(task, `slurm-9_${task}/x ${run}`)))
      w.header(header(run))
      w.close()
    }
    expect(readdirSync(dir).sort()).toEqual(['task-1.slurm-9_1_x_r1.jsonl', 'task-1.slurm-9_1_x_r1b.jsonl', 'task-11.slurm-9_11_x_r11.jsonl'])
    expect([...scanShards(dir, { task: 1 }).attempts.keys()].sort()).toEqual(['r1', 'r1b'])
    expect([...scanShards(dir).attempts.keys()].sort()).toEqual(['r1', 'r11', 'r1b'])
  })

  it('lists a run\'s attempts in the order they started, not by file name (job 100 sorts before job 98)', () => {
    const dir = tmpDir('lab-shard-')
    for (const [attempt, startedAt] of [['slurm-100_0', '2026-01-02T00:00:00.000Z'], ['slurm-98_0', '2026-01-01T00:00:00.000Z']]) {
      const w = new ShardWriter(join(dir, shardFileName(0, attempt)))
      w.header({ ...header('r1', attempt), startedAt })
      w.close()
    }
    expect(scanShards(dir).attempts.get('r1')!.map((a) => a.header.attempt)).toEqual(['slurm-98_0', 'slurm-100_0'])
  })

  it('best attempt: completed, then diverged, then failed, then the longest cut short', () => {
    const at = (end: string | null, pointCount: number, name: string) =>
      ({ header: { attempt: name }, end: end ? { status: end } : null, pointCount }) as unknown as RunAttempt
    const pick = (...xs: RunAttempt[]) => bestAttempt(xs)!.header.attempt
    expect(pick(at(null, 50, 'cut'), at('completed', 10, 'ok'), at('failed', 60, 'bad'))).toBe('ok')
    expect(pick(at('failed', 60, 'bad'), at('diverged', 3, 'div'))).toBe('div')
    expect(pick(at(null, 50, 'cut'), at('failed', 1, 'bad'))).toBe('bad')
    expect(pick(at(null, 5, 'short'), at(null, 9, 'long'))).toBe('long')
    expect(bestAttempt([])).toBeUndefined()
  })
})

describe('the SLURM writer', () => {
  it('reads squeue lines: one element per line, or a pending range not yet split', () => {
    const q = parseSqueue('12|3|RUNNING\n12|4|PENDING\n15|0-2,7%2|PENDING\n\n12|5|COMPLETING\n')
    expect([...q.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, { state: 'pending', attempt: 'slurm-15_0' }],
      [1, { state: 'pending', attempt: 'slurm-15_1' }],
      [2, { state: 'pending', attempt: 'slurm-15_2' }],
      [3, { state: 'running', attempt: 'slurm-12_3' }],
      [4, { state: 'pending', attempt: 'slurm-12_4' }],
      [5, { state: 'running', attempt: 'slurm-12_5' }],
      [7, { state: 'pending', attempt: 'slurm-15_7' }]
    ])
  })

  it('compresses task indices to --array ranges', () => {
    expect(indexRanges([9, 0, 1, 2, 3, 7, 10, 3])).toBe('0-3,7,9-10')
    expect(indexRanges([5])).toBe('5')
  })

  it('writes times as D-HH:MM:SS and refuses options sbatch would misread', () => {
    expect(slurmTime(59.2)).toBe('0-00:01:00')
    expect(slurmTime(90061)).toBe('1-01:01:01')
    expect(checkSlurmOptions({ time: '2-12:00:00', partition: 'gpu', account: 'lab_1' })).toEqual([])
    expect(checkSlurmOptions({ time: '2h', partition: 'a b', account: 'x;rm' }).map((i) => i.path)).toEqual(['time', 'partition', 'account'])
  })

  it('asks for the time and memory of the largest task, and the partition and account given', () => {
    const info = { id: 'abc123', sweep: { name: 'demo', spec: {} }, points: 5, perTask: 2, tasks: 3, estimate: { source: 'test', taskSeconds: 0, taskBytes: 0 } } as unknown as BundleInfo
    const text = slurmScript(info, { seconds: 3700, bytes: 3 * 2 ** 30 }, { partition: 'short', account: 'proj' })
    expect(text).toContain('#SBATCH --array=0-2\n')
    expect(text).toContain('#SBATCH --time=0-01:01:40\n')
    expect(text).toContain('#SBATCH --mem=3072M\n')
    expect(text).toContain('#SBATCH --partition=short\n')
    expect(text).toContain('#SBATCH --account=proj\n')
    expect(text).toContain('#SBATCH --job-name=lab-abc123\n')
    expect(text).toMatch(/exec "\$NODE" "\$BUNDLE\/worker.mjs" run "\$BUNDLE" --task "\$SLURM_ARRAY_TASK_ID"/)
    expect(slurmScript(info, { seconds: 10, bytes: 1 }, { time: '30' })).toContain('#SBATCH --time=30\n')
  })
})

describe('what can run from a bundle', () => {
  it('points that read files or the archive before they run are named by field; the rest pass', () => {
    expect(readsBeforeRun(parseRunSpec({ engine: 'hmm' }))).toBeNull()
    expect(readsBeforeRun(parseRunSpec({ engine: 'nngp' }))).toBeNull()
    expect(readsBeforeRun(parseRunSpec({ engine: 'nngp', inputs: { kind: 'idx', images: '/x/images.idx' } }))?.path).toBe('inputs.images')
    expect(readsBeforeRun(parseRunSpec({ engine: 'pseudoreal', pipeline: 'abc' }))?.path).toBe('pipeline')
  })
})

describe('tasks and estimates', () => {
  it('task t holds points t·K … t·K + K − 1, the last one fewer', () => {
    expect([0, 1, 2].map((t) => pointsOfTask(t, { perTask: 2, points: 5 }))).toEqual([[0, 1], [2, 3], [4]])
  })

  it('the hmm estimate grows with N·D·tMax, and a task asks twice its sum (at least five minutes)', () => {
    // SGD dominant (small test set, no ODE): tMax·N steps of 2DN flops, so ∝ tMax·N³ at D = N/2
    const spec = (N: number, tMax: number) => parseRunSpec({ engine: 'hmm', model: { N, D: N / 2 }, train: { tMax, testSamples: 100, points: 10 }, solve: ['sgd'] })
    const a = estimatePoint(spec(100, 100))
    const b = estimatePoint(spec(200, 100))
    const c = estimatePoint(spec(200, 200))
    expect(b.seconds / a.seconds).toBeGreaterThan(7.5)
    expect(b.seconds / a.seconds).toBeLessThan(8)
    expect(c.seconds / b.seconds).toBeGreaterThan(1.95)
    expect(c.seconds / b.seconds).toBeLessThan(2)
    expect(b.bytes).toBeGreaterThan(a.bytes)
    expect(taskRequest([{ seconds: 1000, bytes: 10 }, { seconds: 500, bytes: 30 }])).toEqual({ seconds: 3120, bytes: 45 })
    expect(taskRequest([{ seconds: 1, bytes: 1 }]).seconds).toBe(300)
  })
})

