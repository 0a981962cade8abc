// The pseudo-real data as a problem of the one SGD loop (engines/pseudoreal/problem.ts): the
// order parameters read from the weights through the ODE's model start where the ODE starts;
// the test-set moments Qtest, Rtest measure the data itself and agree with them at t = 0 to the
// Gaussian-equivalence level; centred inputs have per-pixel mean ≈ 0 on the test set.
import { describe, expect, it } from 'vitest'
import { PseudoRealRunSpec } from '@shared/pseudorealSpec'
import { fitPipeline } from '@engines/pseudoreal/pipeline'
import { pseudoRealEngine } from '@engines/pseudoreal/engine'
import type { ArtifactRecord, EngineInputs, EngineRecord, PointRecord, SummaryRecord } from '@workers/records'
import { templateDigits } from './helpers'

const digits = (count: number) => templateDigits(count, 4, 'test/sgd-digits')

const { pixels, labels } = digits(400)
const fit = Array.from(fitPipeline({ seed: 3, P: 300, D: 8, iterations: 40, teacher: { M: 2, iterations: 60, trainSamples: 1500, testSamples: 1500 } }, pixels, labels))
const s = (fit.find((r) => r.type === 'summary') as SummaryRecord).values as Record<string, number>
const art = (name: string) => (fit.find((r) => r.type === 'artifact' && r.name === name) as ArtifactRecord).data
const inputs: EngineInputs = {
  P: 300, D: 8, N: 64, M: 2, C: art('C'), F: art('F'), labels: art('labels'), teacherW: art('teacher/w'), teacherV: art('teacher/v'),
  teacherG: 'erf', f: 'tanh', bandwidth: s.bandwidth, mu1: s.mu1, mu2: s.mu2
}
const first = (records: EngineRecord[], prefix: string) => records.find((r): r is PointRecord => r.type === 'point' && Object.keys(r.values)[0].startsWith(prefix + '/'))!.values

describe('pseudo-real SGD through the one loop', () => {
  const spec = PseudoRealRunSpec.parse({ engine: 'pseudoreal', pipeline: 'fit', seed: 2, train: { tMax: 1, points: 5, testSamples: 20_000 }, ode: { correction: 'pixel' } })
  const records = Array.from(pseudoRealEngine(spec, inputs))
  const sgd0 = first(records, 'sgd')
  const ode0 = first(records, 'ode')

  it('t = 0: Q, R, W from the weights through the ODE’s model equal the ODE’s start (1e−9), and ε_g of them too', () => {
    for (const key of ['Q[0,0]', 'Q[0,1]', 'Q[1,1]', 'R[0,0]', 'R[1,1]', 'W[0,1]', 'Sigma[0,0]'])
      expect(Math.abs(sgd0[`sgd/${key}`] - ode0[`ode/${key}`])).toBeLessThan(1e-9 * Math.max(1, Math.abs(ode0[`ode/${key}`])))
    expect(Math.abs(sgd0['sgd/eg_analytic'] - ode0['ode/eg'])).toBeLessThan(1e-9)
  })

  it('t = 0: the test-set moments Qtest, Rtest are the data’s, within 10 % of the Gaussian-equivalent Q, R (not equal: another quantity)', () => {
    for (const [k, l] of [[0, 0], [1, 1]]) {
      const q = sgd0[`sgd/Q[${k},${l}]`]
      const qt = sgd0[`sgd/Qtest[${k},${l}]`]
      expect(Math.abs(qt / q - 1)).toBeLessThan(0.1)
      expect(qt).not.toBe(q)
    }
    const r = sgd0['sgd/R[0,0]']
    const rt = sgd0['sgd/Rtest[0,0]']
    expect(Math.abs(rt - r)).toBeLessThan(0.1 * Math.max(Math.abs(r), Math.sqrt(sgd0['sgd/Q[0,0]'])))
  })

  it('SGD alone, raw inputs, the pixel correction (no model at hand): ε_g, W, v and the test-set moments only', () => {
    const raw = Array.from(pseudoRealEngine(PseudoRealRunSpec.parse({ ...spec, solve: ['sgd'], inputs: 'raw' }), inputs))
    const keys = Object.keys(first(raw, 'sgd')).sort()
    expect(keys).toEqual(['sgd/Qtest[0,0]', 'sgd/Qtest[0,1]', 'sgd/Qtest[1,1]', 'sgd/Rtest[0,0]', 'sgd/Rtest[0,1]', 'sgd/Rtest[1,0]', 'sgd/Rtest[1,1]', 'sgd/W[0,0]', 'sgd/W[0,1]', 'sgd/W[1,1]', 'sgd/eg', 'sgd/eg_mom', 'sgd/eg_se', 'sgd/v[0]', 'sgd/v[1]'])
  })
})
