import { describe, expect, it } from 'vitest'
import { compareCsv, compareLines } from '@renderer/lib/compareLines'

const spec = (lr: number) => ({ engine: 'hmm', train: { lr } })
const runs = [
  { id: 'a', label: 'A', spec: spec(0.1), seed: 0 },
  { id: 'b', label: 'B', spec: spec(0.1), seed: 1 },
  { id: 'c', label: 'C', spec: spec(0.5), seed: 0 }
]
const data = (id: string, name: string) => ({ name, t: [0, 1], value: id === 'a' ? [1, 2] : id === 'b' ? [3, 4] : [5, 6] })

describe('compareLines', () => {
  const base = { runs, series: ['sgd/eg', 'ode/eg'], data, yLog: false, smoothing: 0, band: false, labelBy: 'both' as const, colorOf: (id: string) => 'abc'.indexOf(id) }
  it('draws one line per run and series, colour by run, dash by series; legends name the parameters that differ', () => {
    const lines = compareLines(base)
    const [a, b, c] = ['η = 0.1, seed = 0', 'η = 0.1, seed = 1', 'η = 0.5, seed = 0']
    expect(lines.map((l) => l.label)).toEqual([`${a} · ε_g^{SGD}`, `${b} · ε_g^{SGD}`, `${c} · ε_g^{SGD}`, `${a} · ε_g^{ODE}`, `${b} · ε_g^{ODE}`, `${c} · ε_g^{ODE}`])
    expect(lines.map((l) => l.dash)).toEqual(['solid', 'solid', 'solid', 'dashed', 'dashed', 'dashed'])
    expect(lines[2].colorIndex).toBe(2)
  })
  it('folds runs that differ only in seed into mean ± std, counting runs and distinct seeds', () => {
    const lines = compareLines({ ...base, series: ['sgd/eg'], band: true, labelBy: 'run' })
    expect(lines.map((l) => l.label)).toEqual(['η = 0.1 (mean ± std, 2 seeds)', 'η = 0.5'])
    expect(lines[0].curve.value).toEqual([2, 3])
    expect(lines[0].band!.lower[0]).toBeCloseTo(2 - Math.SQRT2, 12)
    const csv = compareCsv(lines)
    expect(csv.map((c) => c.name)).toEqual(['η = 0.1 (mean ± std, 2 seeds) mean', 'η = 0.1 (mean ± std, 2 seeds) mean-std', 'η = 0.1 (mean ± std, 2 seeds) mean+std', 'η = 0.5'])
    // two runs that share one seed are two runs, not two seeds
    const same = compareLines({ ...base, runs: [runs[0], { ...runs[1], seed: 0 }], series: ['sgd/eg'], band: true, labelBy: 'run' })
    expect(same.map((l) => l.label)).toEqual(['A (mean ± std, 2 runs, 1 seed)'])
  })
  it('pools any parameter with the seed: mean ± std over η and seeds, with the counts of each', () => {
    const lines = compareLines({ ...base, series: ['sgd/eg'], band: true, over: ['train.lr'], labelBy: 'run' })
    // a, b, c pooled: values 1, 3, 5 at t = 0 → mean 3, sample std 2
    expect(lines).toHaveLength(1)
    expect(lines[0].label).toBe('all runs (mean ± std, 3 runs, 2 seeds, 2 η)')
    expect(lines[0].curve.value).toEqual([3, 4])
    expect(lines[0].band!.upper[0]).toBeCloseTo(5, 12)
    expect(lines[0].n).toBe(3)
  })
  it('falls back to the run names when the specs do not differ', () => {
    const lines = compareLines({ ...base, runs: [runs[0], { ...runs[0], id: 'x', label: 'X' }], series: ['sgd/eg'], labelBy: 'run' })
    expect(lines.map((l) => l.label)).toEqual(['A', 'X'])
  })
  it('keeps the raw curve behind a smoothed one', () => {
    const lines = compareLines({ ...base, series: ['sgd/eg'], smoothing: 0.5, labelBy: 'run' })
    expect(lines[0].raw?.value).toEqual([1, 2])
    expect(lines[0].curve.value[1]).not.toBe(2)
  })
  it('draws a group whose other members are not loaded yet as the loaded run', () => {
    const partial = (id: string, name: string) => (id === 'a' ? undefined : data(id, name))
    const lines = compareLines({ ...base, data: partial, series: ['sgd/eg'], band: true, labelBy: 'run' })
    expect(lines.map((l) => l.label)).toEqual(['η = 0.1', 'η = 0.5'])
  })
})
