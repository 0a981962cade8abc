// Metric against parameter: the aggregation (mean ± sample std with n, lines per a second
// parameter, the rest averaged), the defaults (a metric that varies, never the seed as x when
// another parameter exists) and the parallel-coordinates rows, against hand-computed values.
import { describe, expect, it } from 'vitest'
import { aggregateMetric, defaultMetricChoice, meanStd, parallelData, sweepMetrics, sweptParams, type MetricRun } from '@renderer/lib/sweepMetrics'
import { canonical, defaultMapChoice, sweepAxes } from '@renderer/lib/sweepMaps'

/** a completed hmm run at (η, seed) with ε_g^SGD = eg and Δv = 0 (v not trained) */
function run(id: string, coords: Record<string, unknown>, summary: Record<string, unknown>, status = 'completed'): MetricRun {
  return { id, engine: 'hmm', status, seed: Number(coords.seed ?? 0), spec: {}, summary, sweepId: 's', sweepKey: canonical(coords) }
}
const etaSeed = sweepAxes({ axes: [{ path: 'train.lr', values: [0.01, 0.1, 1] }, { path: 'seed', values: [1, 2, 3] }] })
// ε_g^SGD(η, seed): hand-picked values, means and stds worked out below
const EG: Record<number, number[]> = { 0.01: [0.3, 0.5, 0.4], 0.1: [0.1, 0.2, 0.3], 1: [2, 2, 5] }
const runs: MetricRun[] = []
for (const lr of [0.01, 0.1, 1]) [1, 2, 3].forEach((seed, i) => runs.push(run(`r${lr}-${seed}`, { 'train.lr': lr, seed }, { mu1: 0.5, mu2: 0.6, delta: 0.5, 'sgd.egFinal': EG[lr][i], 'dev.v.meanLate': 0, 'dev.v.final': 0 })))

describe('sweep metrics', () => {
  it('reads the summary through the hmm schema and marks constant metrics', () => {
    const m = sweepMetrics(runs)
    const by = Object.fromEntries(m.map((x) => [x.key, x]))
    expect(by['sgd.egFinal']).toMatchObject({ n: 9, varies: true, label: 'ε_g^{SGD}(t_{max})' })
    expect(by['dev.v.meanLate']).toMatchObject({ n: 9, varies: false })
    expect(by.mu1.varies).toBe(false)
    // a running run and a key outside the schema count for nothing
    const extra = sweepMetrics([...runs, run('q', { 'train.lr': 0.01, seed: 4 }, { 'sgd.egFinal': 99, bogus: 3 }, 'running')])
    expect(extra.find((x) => x.key === 'sgd.egFinal')!.n).toBe(9)
    expect(extra.some((x) => x.key === 'bogus')).toBe(false)
  })

  it('defaults: x = η (not the seed), no lines, a metric that varies (not Δv = 0)', () => {
    const params = sweptParams(etaSeed, runs)
    expect(params.map((p) => [p.symbol, p.distinct, p.log])).toEqual([['η', 3, true], ['seed', 3, false]])
    expect(defaultMetricChoice(params, sweepMetrics(runs))).toEqual({ metric: 'sgd.egFinal', x: 'train.lr', lines: '' })
    // seed first in the sweep: still η as x
    const flipped = sweepAxes({ axes: [etaSeed[1], etaSeed[0]] })
    expect(defaultMetricChoice(sweptParams(flipped, runs), sweepMetrics(runs)).x).toBe('train.lr')
    // only the seed varies: the seed is x; nothing varies: no metric
    const seedOnly = sweepAxes({ axes: [{ path: 'seed', values: [1, 2] }] })
    const flat = [run('a', { seed: 1 }, { 'sgd.egFinal': 1 }), run('b', { seed: 2 }, { 'sgd.egFinal': 1 })]
    expect(defaultMetricChoice(sweptParams(seedOnly, flat), sweepMetrics(flat))).toEqual({ metric: '', x: 'seed', lines: '' })
  })

  it('mean ± sample std with n over the seeds at each η', () => {
    const agg = aggregateMetric(runs, etaSeed, { metric: 'sgd.egFinal', x: 'train.lr', lines: '' })
    expect(agg.averagedOver).toEqual(['seed'])
    expect(agg.lines).toHaveLength(1)
    const [a, b, c] = agg.lines[0].points
    // η = 0.01: mean 0.4, std sqrt((0.01 + 0.01 + 0) / 2) = 0.1
    expect(a.mean).toBeCloseTo(0.4, 12)
    expect(a.std).toBeCloseTo(0.1, 12)
    expect(a.n).toBe(3)
    expect(b.mean).toBeCloseTo(0.2, 12)
    expect(b.std).toBeCloseTo(0.1, 12)
    // η = 1: mean 3, std sqrt((1 + 1 + 4) / 2) = √3
    expect(c.mean).toBeCloseTo(3, 12)
    expect(c.std).toBeCloseTo(Math.sqrt(3), 12)
    expect(c.xLabel).toBe('1')
    expect(meanStd([7]).std).toBeNull()
  })

  it('lines per a second parameter, the third averaged; unfinished runs not counted', () => {
    const axes = sweepAxes({ axes: [{ path: 'train.lr', values: [0.1, 0.2] }, { path: 'model.K', values: [1, 2] }, { path: 'seed', values: [0, 1] }] })
    const rs: MetricRun[] = []
    // ε = η·K + seed/10
    for (const lr of [0.1, 0.2]) for (const K of [1, 2]) for (const seed of [0, 1]) rs.push(run(`${lr}-${K}-${seed}`, { 'train.lr': lr, 'model.K': K, seed }, { 'sgd.egFinal': lr * K + seed / 10 }))
    rs.push(run('q', { 'train.lr': 0.1, 'model.K': 1, seed: 2 }, {}, 'queued'))
    const agg = aggregateMetric(rs, axes, { metric: 'sgd.egFinal', x: 'train.lr', lines: 'model.K' })
    expect(agg.lines.map((l) => l.label)).toEqual(['K = 1', 'K = 2'])
    expect(agg.averagedOver).toEqual(['seed'])
    expect(agg.missing).toBe(1)
    // K = 2, η = 0.2: values 0.4, 0.5 → mean 0.45, std √(2·0.05²/1) = 0.0707…
    const p = agg.lines[1].points[1]
    expect(p.mean).toBeCloseTo(0.45, 12)
    expect(p.std).toBeCloseTo(Math.SQRT2 * 0.05, 12)
    expect(p.n).toBe(2)
    expect(p.runIds.sort()).toEqual(['0.2-2-0', '0.2-2-1'])
  })

  it('parallel coordinates: one dimension per swept parameter and the metric, one row per run', () => {
    const data = parallelData(runs, etaSeed, sweptParams(etaSeed, runs), 'sgd.egFinal')
    expect(data.dims.map((d) => d.name)).toEqual(['η', 'seed', 'ε_g^{SGD}(t_{max})'])
    expect(data.rows).toHaveLength(9)
    expect(data.dims[1].categories).toEqual(['1', '2', '3'])
    expect(data.rows.find((r) => r.id === 'r1-3')!.values).toEqual([1, '3', 5])
  })

  it('deviation maps: mean Δv only when it varies, axes never the seed when another exists', () => {
    const varying = new Set(sweepMetrics(runs).filter((m) => m.varies).map((m) => m.key))
    // no deviation metric varies here (only ε_g does): the preferred one stays, the maps are hidden for one swept parameter anyway
    expect(defaultMapChoice(etaSeed, varying)).toEqual({ x: 'train.lr', y: '', split: '', metric: 'dev.v.meanLate' })
    expect(defaultMapChoice(etaSeed, new Set(['dev.eg.final'])).metric).toBe('dev.eg.final')
    expect(defaultMapChoice(etaSeed, new Set(['dev.v.meanLate', 'dev.eg.final'])).metric).toBe('dev.v.meanLate')
    expect(defaultMapChoice(etaSeed, new Set(['dev.logratio.final'])).metric).toBe('dev.logratio.final')
  })
})
