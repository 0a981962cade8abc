// The hmm engine's progress bar measures work (models/twoLayer/progress.ts): the ODE takes the
// share of the run its estimated flops take (twoLayerFlops of @shared/cost), SGD the rest, and
// within SGD each record time counts its test-set evaluation beside the steps.
import { describe, expect, it } from 'vitest'
import { HmmRunSpec } from '@shared/spec'
import { hmmEngine } from '@engines/hmm/engine'
import { twoLayerWork } from '@models/twoLayer/progress'
import { recordTimes, type ProgressRecord } from '@workers/records'

const spec = HmmRunSpec.parse({ engine: 'hmm', seed: 1, model: { N: 100, D: 50, K: 3, M: 2 }, train: { lr: 0.2, tMax: 4, testSamples: 3000, points: 30 } })

describe('progress of the hmm engine', () => {
  const progress = [...hmmEngine(spec)].filter((r): r is ProgressRecord => r.type === 'progress')
  const times = recordTimes(spec.train.tMin, spec.train.tMax, spec.train.points)
  const { N, D, K, M } = spec.model
  const work = twoLayerWork({ N, D, K, M, tMax: spec.train.tMax, dt: spec.ode.dt, method: spec.ode.method, testSamples: spec.train.testSamples, records: times.length })
  const total = work.odeSetup + work.ode + work.sgd

  it('never goes back, and ends at 1', () => {
    for (let i = 1; i < progress.length; i++) expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction)
    expect(progress.at(-1)!.fraction).toBe(1)
  })

  it('gives the ODE its share of the estimated work (not a fixed 10 %)', () => {
    const odeEnd = progress.filter((p) => p.phase === 'ode').at(-1)!.fraction
    expect(odeEnd).toBeCloseTo((work.odeSetup + work.ode) / total, 12)
    expect(Math.abs(odeEnd - 0.1)).toBeGreaterThan(0.05) // this spec's ODE is far from a tenth of the work
  })

  it('counts the record times: SGD’s fraction at half its steps is past half when the early records cost more', () => {
    const sgd = progress.filter((p) => p.phase === 'sgd' && p.t !== undefined && p.t > 0)
    const odeEnd = (work.odeSetup + work.ode) / total
    const half = sgd.find((p) => p.t! >= spec.train.tMax / 2)!
    const own = (half.fraction - odeEnd) / (1 - odeEnd)
    // log-spaced records: most of them fall before t_max/2, each as costly as testSamples·K·N flops
    const before = times.filter((t) => t <= half.t!).length
    const stepsDone = Math.round(half.t! * N)
    const expected = (work.sgd - (Math.round(spec.train.tMax * N) - stepsDone) * (2 * N * D + 4 * K * N) - (times.length - before) * 2 * spec.train.testSamples * K * N) / work.sgd
    expect(own).toBeCloseTo(expected, 2)
    expect(own).toBeGreaterThan(half.t! / spec.train.tMax + 0.05)
  })
})
