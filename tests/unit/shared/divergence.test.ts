// The per-solver divergence policy (src/shared/outputs/divergence.ts) on hand-made streams.
import { describe, expect, it } from 'vitest'
import { DivergenceTracker, divergenceMessage, solverOf } from '@shared/outputs/divergence'

describe('DivergenceTracker', () => {
  it('a solver alone: its first non-finite point is kept, the next point of it alone stops the run', () => {
    const d = new DivergenceTracker()
    expect(d.observe({ t: 0, values: { 'sgd/eg': 1 } })).toEqual({ point: { t: 0, values: { 'sgd/eg': 1 } }, stop: false })
    expect(d.observe({ t: 1, values: { 'sgd/eg': NaN, 'sgd/v[0]': 2 } }).stop).toBe(false)
    expect(d.first).toEqual({ divergedAt: 1, divergedSeries: 'sgd/eg' })
    expect(d.observe({ t: 2, values: { 'sgd/eg': NaN } })).toEqual({ point: null, stop: true })
  })

  it('interleaved solvers: a diverged one’s later values are dropped, the other goes on', () => {
    const d = new DivergenceTracker()
    d.observe({ t: 1, values: { 'ode/eg': Infinity, 'sgd/eg': 0.5 } })
    const next = d.observe({ t: 2, values: { 'ode/eg': 7, 'sgd/eg': 0.4 } })
    expect(next).toEqual({ point: { t: 2, values: { 'sgd/eg': 0.4 } }, stop: false })
    expect(d.solverTimes()).toEqual({ ode: 1 })
  })

  it('solvers recorded one after another: a diverged one’s late points are dropped while another still records', () => {
    const d = new DivergenceTracker()
    d.observe({ t: 0, values: { 'sgd/eg': 1 } })
    d.observe({ t: 1, values: { 'ode/eg': NaN } })
    expect(d.observe({ t: 2, values: { 'ode/eg': NaN } })).toEqual({ point: null, stop: false })
    expect(d.observe({ t: 2, values: { 'sgd/eg': 0.5 } }).stop).toBe(false)
  })

  it('the run’s first divergence is the smallest t, whatever order the solvers were recorded in', () => {
    const d = new DivergenceTracker()
    d.observe({ t: 40, values: { 'ode/eg': NaN } })
    d.observe({ t: 26, values: { 'sgd/eg': NaN } })
    expect(d.first).toEqual({ divergedAt: 26, divergedSeries: 'sgd/eg' })
    expect(d.solverTimes()).toEqual({ ode: 40, sgd: 26 })
  })

  it('names a solver by the part before the slash, and prints t to 4 significant digits', () => {
    expect(solverOf('dev/logratio')).toBe('dev')
    expect(solverOf('eg')).toBe('eg')
    expect(divergenceMessage({ divergedAt: 0.050143943324956794, divergedSeries: 'ode/eg' })).toBe('diverged at t = 0.05014: ode/eg is not finite')
  })
})
