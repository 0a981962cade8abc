// Per-solver divergence in the two-layer engines (src/shared/outputs/divergence.ts): a solver
// that diverges stops and is marked, the other goes on recording, and the run is still marked
// diverged with what it recorded.
//
// The case: a linear network (g = teacher g = f = linear) at η = 0.5, with the ODE integrated
// by Euler at dt = 1. Online SGD at this η stays finite to t = 50, while Euler's step of 1 is
// beyond the stability of the ODE's linear flow: the ODE's values blow up (t ≈ 32). At η = 1.5
// both diverge, SGD first.
import { describe, expect, it } from 'vitest'
import { HmmRunSpec } from '@shared/spec'
import { hmmEngine } from '@engines/hmm/engine'
import { runTask, type TaskMessage } from '@workers/task'
import type { EngineRecord, PointRecord, SummaryRecord } from '@workers/records'
import { recordTimes } from '@workers/records'

const spec = (lr: number) =>
  HmmRunSpec.parse({
    engine: 'hmm',
    seed: 1,
    model: { N: 100, D: 50, g: 'linear', teacherG: 'linear', f: 'linear' },
    ode: { dt: 1, method: 'euler' },
    train: { lr, tMax: 50, testSamples: 200, points: 40 }
  })

const finite = (p: PointRecord) => Object.values(p.values).every(Number.isFinite)

function split(records: EngineRecord[]) {
  const pts = records.filter((r): r is PointRecord => r.type === 'point')
  const of = (prefix: string) => pts.filter((p) => Object.keys(p.values)[0].startsWith(prefix + '/'))
  const summary = (records.find((r) => r.type === 'summary') as SummaryRecord | undefined)?.values ?? {}
  return { ode: of('ode'), sgd: of('sgd'), dev: of('dev'), summary, artifacts: records.filter((r) => r.type === 'artifact').map((r) => (r as { name: string }).name) }
}

/** runTask with a port that keeps its messages */
function task(s: HmmRunSpec) {
  const messages: TaskMessage[] = []
  const result = runTask({ runId: 'x', spec: s, port: { postMessage: (m: TaskMessage) => void messages.push(m), close: () => undefined } })
  const records = messages.flatMap((m) => (m.type === 'records' ? m.records : []))
  return { result, ...split(records) }
}

describe('the ODE diverges, SGD does not (η = 0.5, Euler dt = 1)', () => {
  const s = spec(0.5)
  const times = recordTimes(s.train.tMin, s.train.tMax, s.train.points)
  const r = split([...hmmEngine(s)])
  const tOde = r.ode.at(-1)!.t

  it('the ODE stops at its first non-finite point, which is kept; earlier ODE points are finite', () => {
    expect(finite(r.ode.at(-1)!)).toBe(false)
    expect(r.ode.slice(0, -1).every(finite)).toBe(true)
    expect(tOde).toBeGreaterThan(1)
    expect(tOde).toBeLessThan(s.train.tMax)
    expect(r.ode.length).toBe(times.filter((t) => t <= tOde).length)
  })

  it('SGD goes on recording every record time to t_max, all finite', () => {
    expect(r.sgd.map((p) => p.t)).toEqual(times)
    expect(r.sgd.every(finite)).toBe(true)
  })

  it('the deviation exists only where both have finite values', () => {
    expect(r.dev.length).toBeGreaterThan(0)
    expect(r.dev.every((p) => p.t < tOde)).toBe(true)
    expect(r.dev.every(finite)).toBe(true)
  })

  it('the summary marks the ODE diverged, SGD not, and the run diverged at the ODE’s t', () => {
    expect(r.summary).toMatchObject({ 'ode.diverged': true, 'sgd.diverged': false, divergedAt: tOde })
    expect(String(r.summary.divergedSeries)).toMatch(/^ode\//)
    expect(Number.isFinite(r.summary['sgd.egFinal'] as number)).toBe(true)
    // no final state of an ODE that did not reach t_max
    expect(r.artifacts.some((n) => n.startsWith('ode/final/'))).toBe(false)
    expect(r.artifacts).toContain('ode/initial/W')
  })

  it('through the worker: the run is diverged, solver ode at its t, and every SGD point is stored', () => {
    const w = task(s)
    expect(w.result).toMatchObject({ status: 'diverged', divergence: { divergedAt: tOde }, solvers: { ode: tOde } })
    expect(Object.keys((w.result as { solvers: object }).solvers)).toEqual(['ode'])
    expect(w.sgd.length).toBe(times.length)
    expect(w.summary['ode.diverged']).toBe(true)
  })
})

describe('both diverge (η = 1.5): SGD first', () => {
  const s = spec(1.5)
  const w = task(s)
  const tSgd = w.sgd.at(-1)!.t
  const tOde = w.ode.at(-1)!.t

  it('each stops at its own first non-finite point, and the run at the earlier one', () => {
    expect(finite(w.sgd.at(-1)!)).toBe(false)
    expect(finite(w.ode.at(-1)!)).toBe(false)
    expect(tSgd).toBeLessThan(tOde) // the ODE ran first and is kept to its own divergence
    expect(w.result).toMatchObject({ status: 'diverged', divergence: { divergedAt: tSgd } })
    expect((w.result as { solvers: Record<string, number> }).solvers).toMatchObject({ ode: tOde, sgd: tSgd })
    expect(w.summary).toMatchObject({ 'ode.diverged': true, 'sgd.diverged': true, divergedAt: tSgd })
  })
})
