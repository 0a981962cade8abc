// The pool of a single `lab run` (src/main/runner/inlinePool.ts): tasks on the calling thread, one
// at a time, cancelled like Piscina's; and the task's yielding loop (src/workers/task.ts), which
// lets the event loop run between batches and stops at an aborted signal with its records sent.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { describe, expect, it, vi } from 'vitest'
import { InlinePool, inlineChannel } from '@main/runner/inlinePool'
import { startRunPool } from '@main/runner/earlyPool'
import { runTask, runTaskYielding, type TaskMessage } from '@workers/task'
import { parseRunSpec } from '@shared/validate'
import { tmpDir } from '../../integration/helpers'

/**
 * A task module: `inline` (and `default`) note their start and end in input.log (the input itself:
 * nothing is copied on the calling thread), wait for input.gate, and report the thread and whether
 * a signal came.
 */
function taskModule(withInline: boolean): string {
  const file = join(tmpDir('inline-pool-'), 'task.mjs')
  const body = `const { threadId } = await import('node:worker_threads')
const work = (kind) => async (input, signal) => {
  input.log?.push('start ' + input.id)
  await input.gate
  input.log?.push('end ' + input.id)
  return { kind, threadId, id: input.id, signal: signal instanceof AbortSignal }
}
export default work('default')
${withInline ? "export const inline = work('inline')" : ''}
export function preview(input) { return { kind: 'preview', id: input.id } }
`
  writeFileSync(file, body)
  return file
}

describe('InlinePool', () => {
  it('runs the module\'s inline task on the calling thread with the signal; a named task by its export', async () => {
    const pool = new InlinePool(taskModule(true))
    expect(pool.maxThreads).toBe(1)
    const controller = new AbortController()
    expect(await pool.run({ id: 'a' }, { signal: controller.signal })).toEqual({ kind: 'inline', threadId, id: 'a', signal: true })
    expect(await pool.run({ id: 'b' }, { name: 'preview' })).toEqual({ kind: 'preview', id: 'b' })
    await pool.destroy()
  })

  it('runs `default` for a module without an inline task (a plain Piscina task module)', async () => {
    const pool = new InlinePool(taskModule(false))
    expect(await pool.run({ id: 'a' })).toMatchObject({ kind: 'default', threadId })
  })

  it('runs one task at a time, in order; a queued task cancelled while it waits ends at once, without jumping the queue', async () => {
    const pool = new InlinePool(taskModule(true))
    const log: string[] = []
    let open: () => void = () => undefined
    const gate = new Promise<void>((r) => (open = r))
    const first = pool.run({ id: 'a', gate, log })
    const controller = new AbortController()
    const cancelled = pool.run({ id: 'b', log }, { signal: controller.signal })
    const third = pool.run({ id: 'c', log })
    await vi.waitFor(() => expect(log).toEqual(['start a']), { timeout: 10_000 })
    controller.abort(new Error('cancelled while queued'))
    await expect(cancelled).rejects.toThrow('cancelled while queued')
    expect(log).toEqual(['start a']) // 'a' still runs, 'c' waits for it
    open()
    await Promise.all([first, third])
    expect(log).toEqual(['start a', 'end a', 'start c', 'end c'])
  })

  it('refuses a task whose signal is already aborted', async () => {
    const pool = new InlinePool(taskModule(true))
    await expect(pool.run({ id: 'a' }, { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late')
  })

  it('reports a task module that cannot be loaded on the run that needs it', async () => {
    const pool = new InlinePool(join(tmpDir(), 'missing.mjs'))
    await expect(pool.run({ id: 'a' })).rejects.toThrow(/missing\.mjs|Cannot find/)
  })
})

describe('inlineChannel', () => {
  it('hands each message to port1\'s listeners within postMessage (the same object), and none after close', () => {
    const { port1, port2, transfer } = inlineChannel()
    const heard: TaskMessage[] = []
    port1.on('message', (m) => heard.push(m))
    const msg: TaskMessage = { type: 'records', records: [{ type: 'point', t: 0, values: { 'x/eg': 1 } }] }
    port2.postMessage(msg)
    expect(heard).toHaveLength(1)
    expect(heard[0]).toBe(msg)
    port1.close()
    port2.postMessage({ type: 'end' })
    expect(heard).toHaveLength(1)
    expect(transfer).toEqual([])
  })
})

describe('startRunPool (a `lab run <spec.json>`)', () => {
  it('runs one thread\'s run on the calling thread', async () => {
    const pool = await startRunPool(1)
    expect(pool).toBeInstanceOf(InlinePool)
    await pool.destroy()
  })
})

/** a port that keeps the messages */
function keeper() {
  const messages: TaskMessage[] = []
  return { messages, port: { postMessage: (m: TaskMessage) => void messages.push(m), close: () => undefined } }
}

const hmm = (tMax: number) =>
  parseRunSpec({ engine: 'hmm', seed: 3, model: { N: 60, D: 30, K: 2, M: 2 }, train: { lr: 0.2, tMax, testSamples: 200, points: 20 }, solve: ['sgd', 'ode'] })

describe('the task loop, run to its end or yielding between batches', () => {
  it('sends the same records either way', async () => {
    const spec = hmm(2)
    const plain = keeper()
    const yielding = keeper()
    expect(runTask({ runId: 'x', spec, port: plain.port })).toEqual({ status: 'completed' })
    expect(await runTaskYielding({ runId: 'x', spec, port: yielding.port })).toEqual({ status: 'completed' })
    const records = (ms: TaskMessage[]) => ms.flatMap((m) => (m.type === 'records' ? m.records : []))
    expect(records(yielding.messages)).toEqual(records(plain.messages))
    expect(records(plain.messages).filter((r) => r.type === 'point').length).toBeGreaterThan(20)
    expect(yielding.messages[0]).toEqual({ type: 'started' })
    expect(yielding.messages.at(-1)).toEqual({ type: 'end' })
  })

  it('gives the event loop a turn after a batch, and ends at an aborted signal: its records sent, then end', async () => {
    // ~20 s if left alone: a loop that never yielded would run to its end, resolve, and fail the test
    const spec = hmm(20_000)
    const controller = new AbortController()
    const { messages, port } = keeper()
    const reason = new Error('cancelled')
    const watching = {
      postMessage(m: TaskMessage) {
        port.postMessage(m)
        // an event-loop callback: it runs only if the loop yields while the engine is mid-run
        if (m.type === 'records') setImmediate(() => controller.abort(reason))
      },
      close: port.close
    }
    await expect(runTaskYielding({ runId: 'x', spec, port: watching }, controller.signal)).rejects.toBe(reason)
    const batches = messages.filter((m) => m.type === 'records')
    expect(batches.length).toBeGreaterThanOrEqual(1)
    expect(messages.at(-1)).toEqual({ type: 'end' })
    expect(messages.filter((m) => m.type === 'end')).toHaveLength(1)
  })
})
