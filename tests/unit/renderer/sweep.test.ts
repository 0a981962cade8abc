import { describe, expect, it } from 'vitest'
import { gridSize, parseAxisValues } from '@renderer/lib/sweepAxes'
import { checkSweep } from '@renderer/lib/sweepCheck'
import { parseRunSpec, ValidationError } from '@shared/validate'

const validate = (spec: unknown) => {
  try {
    parseRunSpec(spec)
    return []
  } catch (e) {
    return (e as ValidationError).issues
  }
}

describe('parseAxisValues', () => {
  it('parses lists of numbers, strings and booleans', () => {
    expect(parseAxisValues('0.1, 0.2,0.5')).toEqual({ ok: true, values: [0.1, 0.2, 0.5] })
    expect(parseAxisValues('gaussian, mixture, "1"')).toEqual({ ok: true, values: ['gaussian', 'mixture', '1'] })
    expect(parseAxisValues('true,false')).toEqual({ ok: true, values: [true, false] })
  })
  it('expands lin, log and range', () => {
    expect(parseAxisValues('lin(0, 1, 5)')).toEqual({ ok: true, values: [0, 0.25, 0.5, 0.75, 1] })
    expect(parseAxisValues('log(0.01, 1, 3)')).toEqual({ ok: true, values: [0.01, 0.1, 1] })
    expect(parseAxisValues('range(0, 5)')).toEqual({ ok: true, values: [0, 1, 2, 3, 4] })
    expect(parseAxisValues('range(0, 1, 0.25)')).toEqual({ ok: true, values: [0, 0.25, 0.5, 0.75] })
  })
  it('explains bad input', () => {
    expect(parseAxisValues('')).toMatchObject({ ok: false })
    expect(parseAxisValues('1,,2')).toMatchObject({ ok: false, error: 'empty value between commas' })
    expect(parseAxisValues('1, 1')).toMatchObject({ ok: false, error: 'a value is repeated' })
    expect(parseAxisValues('log(0, 1, 3)')).toMatchObject({ ok: false })
    expect(parseAxisValues('lin(0, 1)')).toMatchObject({ ok: false })
  })
  it('counts grid points', () => {
    expect(gridSize([{ values: [1, 2] }, { values: [1, 2, 3] }])).toBe(6)
    expect(gridSize([])).toBe(0)
  })
})

describe('checkSweep', () => {
  const base = { engine: 'hmm', model: { N: 200, D: 100 }, train: { tMax: 10 } }
  it('accepts a valid grid', () => {
    const r = checkSweep(base, [{ path: 'train.lr', text: '0.1, 0.2' }, { path: 'seed', text: 'range(0, 3)' }], validate)
    expect(r).toMatchObject({ ok: true, size: 6 })
  })
  it('reports the first invalid point at its axis', () => {
    const r = checkSweep(base, [{ path: 'model.K', text: '2, 0' }], validate)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.pointError).toMatch(/model\.K=0/)
      expect(r.axisErrors.get(0)).toMatch(/model\.K=0/)
    }
  })
  it('reports bad axes', () => {
    const r = checkSweep(base, [{ path: '', text: '1' }, { path: 'seed', text: '' }], validate)
    expect(r.ok).toBe(false)
    if (!r.ok) expect([...r.axisErrors.keys()]).toEqual([0, 1])
    expect(checkSweep(base, [], validate)).toMatchObject({ ok: false, pointError: 'add at least one axis' })
  })
})
