import { describe, expect, it } from 'vitest'
import { groupSeries, matrixAt, nearestIndex, parseSeriesName, seriesStyle } from '@renderer/lib/seriesNames'

describe('series names', () => {
  it('parses source, quantity and indices', () => {
    expect(parseSeriesName('sgd/Q[0,1]')).toEqual({ name: 'sgd/Q[0,1]', source: 'sgd', quantity: 'Q', indices: [0, 1] })
    expect(parseSeriesName('sgd/v[0]')).toMatchObject({ quantity: 'v', indices: [0] })
    expect(parseSeriesName('dev/logratio')).toMatchObject({ source: 'dev', quantity: 'logratio', indices: [] })
  })
  it('groups into the Run view charts in order', () => {
    const groups = groupSeries(['sgd/Q[1,1]', 'dev/eg', 'ode/eg', 'sgd/eg', 'sgd/Q[0,0]', 'ode/Q[0,0]', 'sgd/v[0]', 'linear/eg', 'sgd/eg_analytic', 'foo/bar'])
    expect(groups.map((g) => g.id)).toEqual(['eg', 'v', 'Q', 'dev', 'bar'])
    expect(groups[0].names).toEqual(['sgd/eg', 'sgd/eg_analytic', 'ode/eg', 'linear/eg'])
    expect(groups[2].names).toEqual(['sgd/Q[0,0]', 'ode/Q[0,0]', 'sgd/Q[1,1]'])
    expect(groups[0].yLog).toBe(true)
    expect(groups[2].yLog).toBe(false)
  })
  it('draws SGD solid, ODE dashed, ε_g variants dotted; colours by entry', () => {
    expect(seriesStyle('ode/Q[0,1]', 'Q')).toEqual({ colorKey: '0,1', dash: 'dashed' })
    expect(seriesStyle('sgd/Q[0,1]', 'Q')).toEqual({ colorKey: '0,1', dash: 'solid' })
    expect(seriesStyle('sgd/eg_analytic', 'eg').dash).toBe('dotted')
  })
  it('builds matrices at a time, filling symmetric ones', () => {
    const s = (name: string, value: number[]) => ({ name, t: [0, 1, 10], value })
    const series = [s('sgd/Q[0,0]', [1, 2, 3]), s('sgd/Q[0,1]', [0.1, 0.2, 0.3]), s('sgd/Q[1,1]', [4, 5, 6]), s('sgd/R[1,0]', [7, 8, 9])]
    expect(matrixAt(series, 'sgd', 'Q', 1.2)).toEqual({ rows: 2, cols: 2, values: [[2, 0.2], [0.2, 5]] })
    expect(matrixAt(series, 'sgd', 'R', 100)).toEqual({ rows: 2, cols: 1, values: [[null], [9]] })
    expect(matrixAt(series, 'ode', 'Q', 1)).toBeNull()
    expect(nearestIndex([0, 0.01, 0.1, 1], 0.04)).toBe(1)
  })
})
