// The `linear` engine end to end: the series and summary keys, gradient descent against
// the closed form for its own dataset within the spread over seeds, per-mode learning times,
// the frozen subspace, and the theory-only modes.
import { describe, expect, it } from 'vitest'
import { linearEngine, recordSteps } from '@engines/linear/engine'
import { parseRunSpec } from '@shared/validate'
import type { LinearRunSpec } from '@shared/specs/linear'
import type { ArtifactRecord, EngineRecord, PointRecord } from '@workers/records'

function run(input: Record<string, unknown>) {
  const spec = parseRunSpec({ engine: 'linear', ...input }) as LinearRunSpec
  const records: EngineRecord[] = [...linearEngine(spec)]
  const points = records.filter((r): r is PointRecord => r.type === 'point')
  const artifacts = new Map(records.filter((r): r is ArtifactRecord => r.type === 'artifact').map((a) => [a.name, a]))
  const summary = Object.assign({}, ...records.filter((r) => r.type === 'summary').map((r) => (r as { values: object }).values)) as Record<string, number>
  return { points, artifacts, summary, spec }
}

describe('linear engine', () => {
  it('records the issue’s series from t = 0 on a log grid of whole steps, and its summary keys; deterministic per seed', () => {
    const { points, summary, spec } = run({ N: 40, P: 60, lr: 0.05, tMax: 50, points: 40, seed: 1 })
    expect(points[0].t).toBe(0)
    expect(points.at(-1)!.t).toBeCloseTo(50, 12)
    for (const p of points) expect(Math.abs(p.t / spec.lr - Math.round(p.t / spec.lr))).toBeLessThan(1e-9)
    for (const name of ['gd/Eg', 'gd/Et', 'theory/Eg', 'theory/Et', 'typical/Eg', 'typical/Et', 'gd/mode[0]', 'theory/mode[4]']) expect(points[5].values).toHaveProperty([name])
    for (const key of ['typical.tOptimal', 'typical.EgOptimal', 'gd.EgFinal', 'theory.tOptimal', 'spectrum.ks', 'modes.medianLambdaT']) expect(typeof summary[key], key).toBe('number')
    expect(run({ N: 40, P: 60, lr: 0.05, tMax: 50, points: 40, seed: 1 }).points).toEqual(points)
    expect(run({ N: 40, P: 60, lr: 0.05, tMax: 50, points: 40, seed: 2 }).summary['gd.EgFinal']).not.toBe(summary['gd.EgFinal'])
  })

  it('record steps: 0, increasing whole numbers, ending at K', () => {
    expect(recordSteps(1000, 4)).toEqual([0, 1, 10, 100, 1000])
    expect(recordSteps(3, 10)).toEqual([0, 1, 2, 3])
    const steps = recordSteps(20_000, 30)
    expect(steps).toHaveLength(31)
    expect(steps.at(-1)).toBe(20_000)
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1])
  })

  it('gradient descent follows eq. 1 for its own dataset within the spread over seeds', () => {
    const seeds = 12
    const runs = Array.from({ length: seeds }, (_, s) => run({ N: 40, P: 60, sigmaW0: 0.3, sigmaEps: 0.5, lr: 0.02, tMax: 40, points: 30, seed: 100 + s }))
    const n = runs[0].points.length
    for (let i = 1; i < n; i += 4) {
      const diffs = runs.map((r) => r.points[i].values['gd/Eg'] - r.points[i].values['theory/Eg'])
      const mean = diffs.reduce((a, b) => a + b, 0) / seeds
      const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (seeds - 1))
      const theory = runs[0].points[i].values['theory/Eg']
      // the discrete step's bias (1 − ηλ)^k vs e^{−λt} is below 1% of E_g here
      expect(Math.abs(mean), `t = ${runs[0].points[i].t}: mean gd − theory ${mean}, sd ${sd}`).toBeLessThan((4 * sd) / Math.sqrt(seeds) + 0.01 * theory)
      // and one run's E_t sits within the spread of the training error's theory too
      const dEt = runs.map((r) => r.points[i].values['gd/Et'] - r.points[i].values['theory/Et'])
      const mEt = dEt.reduce((a, b) => a + b, 0) / seeds
      const sEt = Math.sqrt(dEt.reduce((a, b) => a + (b - mEt) ** 2, 0) / (seeds - 1))
      expect(Math.abs(mEt)).toBeLessThan((4 * sEt) / Math.sqrt(seeds) + 0.01 * runs[0].points[i].values['theory/Et'] + 1e-12)
    }
  })

  it('each eigenmode is learned at t ≈ τ/λ_i (λ_i t_i ≈ 1), and the quantile modes follow 1 − e^{−λt}', () => {
    const { points, artifacts, summary } = run({ N: 60, P: 120, lr: 0.01, tMax: 200, points: 300, seed: 3 })
    expect(Math.abs(summary['modes.medianLambdaT'] - 1)).toBeLessThan(0.02)
    const lambdas = artifacts.get('spectrum/eigenvalues')!.data
    const tLearn = artifacts.get('modes/learningTime')!.data
    for (let i = 0; i < lambdas.length; i++)
      if (Number.isFinite(tLearn[i])) expect(Math.abs(lambdas[i] * tLearn[i] - 1), `mode ${i}`).toBeLessThan(0.05)
    for (const p of points) for (let q = 0; q < 5; q++) expect(Math.abs(p.values[`gd/mode[${q}]`] - p.values[`theory/mode[${q}]`])).toBeLessThan(0.02)
  })

  it('P < N: the frozen subspace never moves and keeps (1 − α)(σ_w² + σ_w0²) of E_g on average', () => {
    const measured: number[] = []
    for (let s = 0; s < 10; s++) {
      const { points, summary } = run({ N: 60, P: 20, sigmaW0: 0.5, lr: 0.05, tMax: 200, points: 30, seed: s })
      expect(summary['frozen.dimension']).toBe(40)
      expect(summary['frozen.maxDrift']).toBeLessThan(1e-10)
      const frozen = points.map((p) => p.values['gd/frozen'])
      for (const f of frozen) expect(f).toBeCloseTo(frozen[0], 12)
      expect(summary['gd.EgFinal']).toBeGreaterThan(frozen[0])
      measured.push(summary['frozen.measured'])
    }
    const mean = measured.reduce((a, b) => a + b, 0) / measured.length
    const se = Math.sqrt(measured.reduce((a, b) => a + (b - mean) ** 2, 0) / (measured.length - 1) / measured.length)
    const theory = (1 - 20 / 60) * (1 + 0.25)
    expect(Math.abs(mean - theory), `${mean} ± ${se} vs ${theory}`).toBeLessThan(4 * se)
  })

  it('theory only or typical only: no gradient descent, no data for the typical curve', () => {
    const typical = run({ N: 4000, P: 40_000, points: 20, solve: ['typical'] })
    expect(typical.artifacts.size).toBe(0)
    expect(Object.keys(typical.points[3].values).sort()).toEqual(['typical/Eg', 'typical/Et'])
    expect(typical.summary['typical.EgInfinity']).toBeCloseTo((0.25 * 10) / 9, 12)
    const theory = run({ N: 30, P: 20, points: 20, solve: ['theory'] })
    expect(Object.keys(theory.points[3].values).sort()).toEqual(['theory/Eg', 'theory/Et'])
    expect(theory.artifacts.has('spectrum/histogram')).toBe(true)
  })
})
