// Typed outputs (src/shared/outputs): every engine's actual summary, from a tiny run, parses with
// its schema with no undeclared key (so a key renamed in an engine fails here and in the type
// check of its readers), its artifacts are among the declared names, and series names round-trip.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ENGINES, type EngineName } from '@shared/runSpec'
import { parseRunSpec } from '@shared/validate'
import { ENGINE_OUTPUTS, summaryOf } from '@shared/outputs/index'
import { isHeadline, parseSeriesName, seriesName, twoLayerSeries } from '@shared/outputs/series'
import { runEngine } from '@engines/index'
import type { ArtifactRecord, EngineInputs, EngineRecord, SummaryRecord } from '@workers/records'
import { templateDigits } from '../pseudoreal/helpers'

const digits = (count: number) => templateDigits(count, 1, 'test/outputs')

const fitSpec = {
  engine: 'mnist-fit', images: 'i', labels: 'l', seed: 2, P: 120, D: 6, iterations: 15,
  teacher: { M: 2, iterations: 20, trainSamples: 300, testSamples: 300, randomTeachers: 30, batches: 2 }
}
const fitRecords = Array.from(runEngine(parseRunSpec(fitSpec), digits(150)))
const summaryOfRecords = (rs: EngineRecord[]) => Object.assign({}, ...rs.filter((r): r is SummaryRecord => r.type === 'summary').map((r) => r.values)) as Record<string, unknown>
const artifact = (name: string) => (fitRecords.find((r) => r.type === 'artifact' && r.name === name) as ArtifactRecord).data

function pseudoRealInputs(): EngineInputs {
  const s = summaryOfRecords(fitRecords) as Record<string, number>
  return {
    P: 120, D: 6, N: 64, M: 2, C: artifact('C'), F: artifact('F'), labels: artifact('labels'),
    teacherW: artifact('teacher/w'), teacherV: artifact('teacher/v'), teacherG: 'erf', f: 'tanh', bandwidth: s.bandwidth, mu1: s.mu1, mu2: s.mu2
  }
}

/** tiny runs of each engine; the two-layer ones with both SGD and the ODE, so every optional key group appears */
const tiny: Record<EngineName, () => EngineRecord[]> = {
  hmm: () => Array.from(runEngine(parseRunSpec({ engine: 'hmm', seed: 1, model: { N: 40, D: 20 }, train: { tMax: 1.5, testSamples: 200, points: 6 } }))),
  pseudoreal: () => Array.from(runEngine(parseRunSpec({ engine: 'pseudoreal', pipeline: 'fit', seed: 1, train: { tMax: 1.5, testSamples: 200, points: 6 } }), pseudoRealInputs())),
  'mnist-fit': () => fitRecords,
  kl: () => Array.from(runEngine(parseRunSpec({ engine: 'kl', d: 2, components: [1, 2], alphas: [0.5, 1], samples: 200, repeats: 2 }))),
  cumulants: () => Array.from(runEngine(parseRunSpec({ engine: 'cumulants', dims: [2, 4], samples: 500, latents: [{ kind: 'gaussian' }, { kind: 'uniform' }] }))),
  linear: () => Array.from(runEngine(parseRunSpec({ engine: 'linear', N: 20, P: 10, tMax: 10, points: 5 }))),
  'le-sde': () => Array.from(runEngine(parseRunSpec({ engine: 'le-sde', n: 5, dt: 0.1, tMax: 2, points: 4 }))),
  'le-phase': () => Array.from(runEngine(parseRunSpec({ engine: 'le-phase', n: 5, as: [0.5, 1.5], cs: [1], tMaxes: [100], seeds: 2 }))),
  'le-collapse': () => Array.from(runEngine(parseRunSpec({ engine: 'le-collapse', Ks: [3, 4], tMax: 5, points: 4 }))),
  'le-train': () =>
    Array.from(runEngine(parseRunSpec({ engine: 'le-train', iterations: 200, points: 12, n: 5, network: { kind: 'mlp', hidden: [8] }, data: { kind: 'geomnist', size: 12, trainPerClass: 10, valPerClass: 5 }, estimator: { grid: 21 } }))),
  nngp: () => Array.from(runEngine(parseRunSpec({ engine: 'nngp', depth: 2, inputs: { kind: 'gaussian', n: 24, d: 3, seed: 1 } }))),
  'ntk-width': () => Array.from(runEngine(parseRunSpec({ engine: 'ntk-width', inputs: { kind: 'gaussian', n: 4, d: 3, seed: 1 }, widths: [8, 16, 32], networks: 2 }))),
  'ntk-train': () =>
    Array.from(runEngine(parseRunSpec({ engine: 'ntk-train', nTrain: 6, nTest: 6, width: 16, steps: 5, points: 3, scanWidths: [8, 16, 32], scanLrFactors: [0.5, 4], tracked: 1 }))),
  scaling: () =>
    Array.from(
      runEngine(
        parseRunSpec({
          engine: 'scaling',
          features: { kind: 'powerlaw', alphaK: 1, S: 64 },
          resolution: { D: [2, 4, 8], P: [2, 4, 8] },
          variance: { fixedD: 2, P: [8, 16, 32], fixedP: 2, D: [8, 16, 32] },
          trials: 2
        })
      )
    ),
  'linear-dd': () => Array.from(runEngine(parseRunSpec({ engine: 'linear-dd', N: 10, values: [0.5, 1, 2], snrs: [4], seeds: 2, tMax: 10 }))),
  'linear-relu': () => Array.from(runEngine(parseRunSpec({ engine: 'linear-relu', Ni: 5, P: 10, hidden: [5, 20], seeds: 2, lr: 0.05, tMax: 5 })))
}

describe('each engine’s summary and artifacts against its schema', () => {
  for (const engine of ENGINES)
    it(engine, () => {
      const records = tiny[engine]()
      const { summary: schema, artifacts } = ENGINE_OUTPUTS[engine]
      const summary = summaryOfRecords(records)
      expect(Object.keys(summary).length).toBeGreaterThan(0)
      // every key declared (strict), every declared required key present with its type
      const strict = z.strictObject(schema.shape).safeParse(summary)
      expect(strict.success ? [] : strict.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([])
      // and after a JSON round trip, as the store keeps it (NaN → null)
      expect(schema.safeParse(JSON.parse(JSON.stringify(summary))).success).toBe(true)
      for (const r of records) if (r.type === 'artifact') expect(artifacts.safeParse(r.name).success, r.name).toBe(true)
    }, 60_000)

  it('a summary missing a required key or with a wrong type fails', () => {
    expect(ENGINE_OUTPUTS.hmm.summary.safeParse({ mu1: 0.1, mu2: 1 }).success).toBe(false)
    expect(ENGINE_OUTPUTS.linear.summary.safeParse({ alpha: 'x', egFinal: 1, egMpFinal: 1, egEarlyStopped: 1, tEarlyStopped: 1, lambdaMax: 1 }).success).toBe(false)
  })
})

describe('summaryOf: how views read a summary', () => {
  it('a running run (keys missing) reads as what it has; unknown keys dropped; a wrong type reads as {}', () => {
    expect(summaryOf('hmm', { mu1: 0.5, extra: 1 })).toEqual({ mu1: 0.5 })
    expect(summaryOf('hmm', undefined)).toEqual({})
    expect(summaryOf('pseudoreal', { inputs: 'sideways' })).toEqual({})
    // NaN stored as null stays readable
    expect(summaryOf('hmm', { 'dev.eg.final': null })).toEqual({ 'dev.eg.final': null })
  })
})

describe('series names', () => {
  it('build and parse back', () => {
    expect(twoLayerSeries('sgd', 'Q', 0, 1)).toBe('sgd/Q[0,1]')
    expect(twoLayerSeries('ode', 'v', 2)).toBe('ode/v[2]')
    expect(parseSeriesName('sgd/Rtest[1,0]')).toEqual({ name: 'sgd/Rtest[1,0]', source: 'sgd', quantity: 'Rtest', indices: [1, 0] })
    expect(parseSeriesName('kl/m=4/se')).toEqual({ name: 'kl/m=4/se', source: 'kl', quantity: 'm=4/se', indices: [] })
    expect(parseSeriesName('noslash')).toEqual({ name: 'noslash', source: '', quantity: 'noslash', indices: [] })
    for (const name of ['dev/eg', 'sgd/W[3,4]', 'fit/loss']) {
      const p = parseSeriesName(name)
      expect(seriesName(p.source, p.quantity, ...p.indices)).toBe(name)
    }
  })

  it('headline curves: what the runner’s former regex picked (the linear student’s E_g since its rebuild)', () => {
    const old = /^(sgd|ode|dev)\/(eg|v\[0\])$|^(gd|theory|typical)\/Eg$|^fit\/loss$|^kl\//
    const names = ['sgd/eg', 'ode/eg', 'dev/eg', 'gd/Eg', 'typical/Eg', 'theory/Et', 'gd/mode[0]', 'sgd/v[0]', 'sgd/v[1]', 'sgd/eg_se', 'sgd/Q[0,0]', 'fit/loss', 'fit/recon', 'kl/m=2', 'kl/m=2/se', 'teacher/loss', 'dev/v', 'E/erf/gaussian']
    for (const n of names) expect(isHeadline(n), n).toBe(old.test(n))
  })
})
