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
  it('draws one line per run and series, colour by run, dash by series', () => {
    const lines = compareLines(base)
    expect(lines.map((l) => l.label)).toEqual(['A · sgd/eg', 'B · sgd/eg', 'C · sgd/eg', 'A · ode/eg', 'B · ode/eg', 'C · ode/eg'])
    expect(lines.map((l) => l.dash)).toEqual(['solid', 'solid', 'solid', 'dashed', 'dashed', 'dashed'])
    expect(lines[2].colorIndex).toBe(2)
  })
  it('folds runs that differ only in seed into mean ± std', () => {
    const lines = compareLines({ ...base, series: ['sgd/eg'], band: true, labelBy: 'run' })
    expect(lines.map((l) => l.label)).toEqual(['A (2 seeds)', 'C'])
    expect(lines[0].curve.value).toEqual([2, 3])
    expect(lines[0].band!.lower[0]).toBeCloseTo(2 - Math.SQRT2, 12)
    const csv = compareCsv(lines)
    expect(csv.map((c) => c.name)).toEqual(['A (2 seeds) mean', 'A (2 seeds) mean-std', 'A (2 seeds) mean+std', 'C'])
  })
  it('keeps the raw curve behind a smoothed one', () => {
    const lines = compareLines({ ...base, series: ['sgd/eg'], smoothing: 0.5, labelBy: 'run' })
    expect(lines[0].raw?.value).toEqual([1, 2])
    expect(lines[0].curve.value[1]).not.toBe(2)
  })
  it('draws a group whose other members are not loaded yet as the loaded run', () => {
    const partial = (id: string, name: string) => (id === 'a' ? undefined : data(id, name))
    const lines = compareLines({ ...base, data: partial, series: ['sgd/eg'], band: true, labelBy: 'run' })
    expect(lines.map((l) => l.label)).toEqual(['B', 'C'])
  })
})
