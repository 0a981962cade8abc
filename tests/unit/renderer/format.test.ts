import { describe, expect, it } from 'vitest'
import { fmtDuration, fmtEta, fmtNum, runDurationMs } from '@renderer/lib/format'
import { clampForLog, toPoints } from '@renderer/lib/chartData'

describe('format', () => {
  it('formats numbers densely', () => {
    expect(fmtNum(0.0123456)).toBe('0.01235')
    expect(fmtNum(1.23e-5)).toBe('1.230e-5')
    expect(fmtNum(500)).toBe('500')
    expect(fmtNum(123456.7)).toBe('1.235e+5')
    expect(fmtNum(undefined)).toBe('—')
    expect(fmtNum(NaN)).toBe('NaN')
    expect(fmtNum('relu')).toBe('relu')
  })
  it('formats durations and ETAs', () => {
    expect(fmtDuration(1234)).toBe('1.2s')
    expect(fmtDuration(42_000)).toBe('42s')
    expect(fmtDuration(424_000)).toBe('7m 04s')
    expect(fmtDuration(2 * 3600_000 + 5 * 60_000)).toBe('2h 05m')
    expect(fmtDuration(null)).toBe('—')
    expect(fmtEta(0.2)).toBe('<1s')
    expect(runDurationMs('2025-01-01T00:00:00Z', null, Date.parse('2025-01-01T00:00:10Z'))).toBe(10_000)
  })
})

describe('chart points', () => {
  it('drops t ≤ 0 on a log x axis and non-positive values on a log y axis', () => {
    expect(toPoints([0, 1, 2], [1, -1, null], true, true)).toEqual([[1, null], [2, null]])
    expect(toPoints([0, 1], [1, -1], false, false)).toEqual([[0, 1], [1, -1]])
  })
  it('keeps band edges positive on a log axis', () => {
    expect(clampForLog([-1, 0.5, null], [1, 1, 1], true)).toEqual([0.1, 0.5, null])
    expect(clampForLog([-1], [1], false)).toEqual([-1])
  })
})
