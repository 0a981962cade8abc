// The ODE's initial state leaves the lab in the same format the independent C++ integrator's
// fixture uses (../shared/fixtures/hmm-ode-reference-N400-D200.json, reproduced to 1e-4 in
// tests/unit/hmm/ode.test.ts), and a run started from an exported state reproduces the ODE
// curves of the run it came from: the chain lab → file → any integrator is closed.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { newLab } from './helpers'

const lab = newLab({ threads: 1 })
afterAll(() => lab.close())

function fixture() {
  const shared = resolve(__dirname, '../../../shared/fixtures/hmm-ode-reference-N400-D200.json')
  const copy = resolve(__dirname, '../fixtures/hmm-ode-reference-N400-D200.json')
  return JSON.parse(readFileSync(existsSync(shared) ? shared : copy, 'utf8'))
}

const shape = (x: unknown): number[] => (Array.isArray(x) ? [x.length, ...shape(x[0])] : [])

describe('export of the ODE state', () => {
  it('has the fixture format, and a run from it reproduces the original ODE curves', async () => {
    const spec = { engine: 'hmm', seed: 11, model: { N: 300, D: 150, K: 2, M: 2 }, train: { tMax: 10, testSamples: 500, points: 60 }, solve: ['sgd', 'ode'] }
    const original = await lab.call('createRun', { spec })
    await lab.runner.drain()
    const [file] = await lab.call('exportRun', { id: original.id, format: 'json' })
    const exported = JSON.parse(file.text!)
    const init = exported.odeInitialState
    const reference = fixture().initialState
    for (const key of Object.keys(reference)) expect(init, key).toHaveProperty(key)
    expect(shape(init.sigma)).toEqual([2, 2, 150])
    expect(shape(init.r)).toEqual([2, 2, 150])
    expect(shape(init.rho)).toEqual([150])
    expect(init.delta).toBe(0.5)
    expect(exported.odeFinalState.rho).toEqual(init.rho)

    const { delta: _d, mu1: _m1, mu2: _m2, ...state } = init
    const again = await lab.call('createRun', { spec: { ...spec, solve: ['ode'], ode: { initialState: state } } })
    await lab.runner.drain()
    expect(lab.store.getRun(again.id).status).toBe('completed')
    for (const name of ['ode/eg', 'ode/Q[0,1]', 'ode/R[1,0]']) {
      const [a] = lab.store.getSeries(original.id, [name])
      const [b] = lab.store.getSeries(again.id, [name])
      expect(b.t).toEqual(a.t)
      b.value.forEach((v, i) => expect(Math.abs(v! - a.value[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a.value[i]!))))
    }
  })
})
