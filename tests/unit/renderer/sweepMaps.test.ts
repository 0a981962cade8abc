import { describe, expect, it } from 'vitest'
import { canonicalJson, expandSweep } from '@shared/sweep'
import {
  canonical,
  cumulantGroups,
  defaultMapChoice,
  deviationMaps,
  errorCurves,
  latentLabel,
  mapsMax,
  runCoords,
  sweepAxes,
  sweepProgress,
  valueLabel,
  type RunLike
} from '@renderer/lib/sweepMaps'

const sweepSpec = {
  name: 'maps',
  base: { engine: 'hmm', model: { N: 40, D: 20 }, latent: { kind: 'mixture', m: 2, alpha: 1 } },
  axes: [
    { path: 'latent.m', values: [2, 4] },
    { path: 'latent.alpha', values: [0.5, 1, 2] },
    { path: 'latent.standardize', values: ['none', 'exact'] },
    { path: 'seed', values: [1, 2] }
  ]
}

/** runs of every point, metric = m·α (+ 0.01·seed), divided by 10 when standardised */
function runsOf(spec = sweepSpec): RunLike[] {
  return expandSweep(spec as never).map((p, i) => {
    const c = p.coords as { 'latent.m': number; 'latent.alpha': number; 'latent.standardize': string; seed: number }
    const v = (c['latent.m'] * c['latent.alpha'] + 0.01 * c.seed) / (c['latent.standardize'] === 'exact' ? 10 : 1)
    return { id: `r${i}`, status: 'completed', seed: c.seed, spec: p.spec as never, summary: { 'dev.v.meanLate': v }, sweepId: 's', sweepKey: p.key }
  })
}

describe('sweep maps', () => {
  it('reads axes and coordinates, and keys like src/shared/sweep.ts', () => {
    const axes = sweepAxes(sweepSpec)
    expect(axes.map((a) => a.path)).toEqual(['latent.m', 'latent.alpha', 'latent.standardize', 'seed'])
    expect(axes[1].labels).toEqual(['0.5', '1', '2'])
    const runs = runsOf()
    expect(runCoords(runs[0], axes)).toEqual({ 'latent.m': 2, 'latent.alpha': 0.5, 'latent.standardize': 'none', seed: 1 })
    // without a key, the coordinates come from the spec
    expect(runCoords({ ...runs[5], sweepKey: null }, axes)).toEqual(runCoords(runs[5], axes))
    const v = { b: [1, { d: 2, c: 3 }], a: 'x' }
    expect(canonical(v)).toBe(canonicalJson(v))
  })

  it('averages the metric over seeds on (m, α), one panel per standardisation', () => {
    const axes = sweepAxes(sweepSpec)
    const choice = defaultMapChoice(axes)
    expect(choice).toEqual({ x: 'latent.alpha', y: 'latent.m', split: 'latent.standardize', metric: 'dev.v.meanLate' })
    const panels = deviationMaps(runsOf(), axes, choice)
    expect(panels.map((p) => p.title)).toEqual(['latent.standardize = none', 'latent.standardize = exact'])
    expect(panels[0].rows).toEqual(['2', '4'])
    expect(panels[0].cols).toEqual(['0.5', '1', '2'])
    const cell = panels[0].cells[1][2] // m = 4, α = 2: mean of 8.01 and 8.02
    expect(cell.n).toBe(2)
    expect(cell.mean).toBeCloseTo(8.015, 12)
    expect(cell.se).toBeCloseTo(0.005, 12)
    expect(cell.runIds).toHaveLength(2)
    expect(panels[1].cells[1][2].mean).toBeCloseTo(0.8015, 12)
    expect(mapsMax(panels)).toBeCloseTo(8.015, 12)
  })

  it('leaves unfinished and non-finite runs out of the mean, counting them as pending', () => {
    const axes = sweepAxes(sweepSpec)
    const runs = runsOf()
    runs[0] = { ...runs[0], status: 'running' }
    runs[1] = { ...runs[1], summary: { 'dev.v.meanLate': NaN } }
    const [none] = deviationMaps(runs, axes, defaultMapChoice(axes))
    // runs 0 and 1 are (m=2, α=0.5, none, seed 1) and (…, seed 2)
    expect(none.cells[0][0]).toMatchObject({ mean: null, n: 0, pending: 2 })
  })

  it('labels latent objects, and lays a gallery sweep (axis `latent`) on one axis', () => {
    expect(latentLabel({ kind: 'mixture', m: 4, alpha: 1, standardize: 'exact' })).toBe('GM(4, 1) std')
    expect(valueLabel({ kind: 'beta', a: 2, b: 5, standardize: 'sample' })).toBe('beta(2, 5) std')
    expect(valueLabel({ kind: 'lorentz', x0: 0, gamma: 1, standardize: 'none' })).toBe('lorentz(0, 1)')
    const gallery = { name: 'g', base: { engine: 'hmm' }, axes: [{ path: 'latent', values: [{ kind: 'gaussian' }, { kind: 'uniform', a: 0, b: 1 }] }] }
    const axes = sweepAxes(gallery)
    const runs = expandSweep(gallery as never).map((p, i) => ({ id: `g${i}`, status: 'completed', seed: 0, spec: p.spec as never, summary: { m: i + 1 }, sweepId: 's', sweepKey: p.key }))
    const [panel] = deviationMaps(runs, axes, { x: 'latent', y: '', split: '', metric: 'm' })
    expect(panel.cols).toEqual(['gaussian', 'uniform(0, 1)'])
    expect(panel.cells[0].map((c) => c.mean)).toEqual([1, 2])
  })

  it('counts progress', () => {
    const p = sweepProgress([
      { ...runsOf()[0], status: 'completed' },
      { ...runsOf()[1], status: 'running', progress: 0.5 } as never,
      { ...runsOf()[2], status: 'queued' },
      { ...runsOf()[3], status: 'diverged' }
    ])
    expect(p).toEqual({ total: 4, completed: 1, running: 1, queued: 1, failed: 1, fraction: 2.5 / 4 })
  })

  it('pairs KL and cumulant series with their standard errors', () => {
    const s = (name: string, value: number[]) => ({ name, t: [0, 1, 2], value })
    const series = [s('kl/m=16', [0, 2, 4]), s('kl/m=2', [0, 1, 2]), s('kl/m=2/se', [0, 0.1, 0.2]), s('kl/m=16/se', [0, 0.3, 0.4])]
    const curves = errorCurves(series, 'kl/m=')
    expect(curves.map((c) => c.label)).toEqual(['2', '16'])
    expect(curves[0].se).toEqual([0, 0.1, 0.2])
    const cum = [s('Ef/relu/laplace(0,1)', [1, 2, 3]), s('Ef/relu/laplace(0,1)/se', [0.1, 0.1, 0.1]), s('Ef/relu/theory', [0.4, 0.4, 0.4]), s('Ezf/erf/gaussian', [1, 1, 1])]
    expect(errorCurves(cum, 'Ef/relu/').map((c) => c.label)).toEqual(['laplace(0,1)'])
    expect(cumulantGroups(cum.map((c) => c.name))).toEqual(['Ef/relu', 'Ezf/erf'])
  })
})
