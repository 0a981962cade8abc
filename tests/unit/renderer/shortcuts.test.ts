import { describe, expect, it, vi } from 'vitest'
import { SequenceMatcher, strokeId } from '@renderer/lib/shortcuts'
import { throttle } from '@renderer/lib/throttle'

describe('shortcuts', () => {
  it('normalises strokes', () => {
    expect(strokeId({ key: 'R' , shift: true })).toBe('R')
    expect(strokeId({ key: '1', ctrl: true })).toBe('mod+1')
    expect(strokeId({ key: '1', meta: true })).toBe('mod+1')
    expect(strokeId({ key: '?', shift: true })).toBe('?')
    expect(strokeId({ key: 'ArrowUp', shift: true })).toBe('shift+ArrowUp')
  })
  it('matches sequences within the timeout', () => {
    const m = new SequenceMatcher({ 'g r': 'runs', 'g c': 'compare', '/': 'filter', 'mod+1': 'runs' }, 1000)
    expect(m.feed({ key: 'g' }, 0)).toEqual({ action: null, pending: true })
    expect(m.feed({ key: 'r' }, 100)).toEqual({ action: 'runs', pending: false })
    expect(m.feed({ key: 'g' }, 200).pending).toBe(true)
    expect(m.feed({ key: 'c' }, 2000).action).toBeNull() // too late
    expect(m.feed({ key: '/' }, 2100).action).toBe('filter')
    expect(m.feed({ key: '1', ctrl: true }, 2200).action).toBe('runs')
    expect(m.feed({ key: 'Shift' }, 2300).action).toBeNull()
  })
  it('restarts a sequence on a wrong second key', () => {
    const m = new SequenceMatcher({ 'g r': 'runs' })
    m.feed({ key: 'g' }, 0)
    expect(m.feed({ key: 'g' }, 10).pending).toBe(true)
    expect(m.feed({ key: 'r' }, 20).action).toBe('runs')
  })
})

describe('throttle', () => {
  it('calls at once, then at most once per interval, keeping the last call', () => {
    vi.useFakeTimers()
    const calls: number[] = []
    const t = throttle((x: number) => calls.push(x), 1000)
    t(1)
    t(2)
    t(3)
    expect(calls).toEqual([1])
    vi.advanceTimersByTime(999)
    expect(calls).toEqual([1])
    vi.advanceTimersByTime(1)
    expect(calls).toEqual([1, 3])
    t(4)
    t.cancel()
    vi.advanceTimersByTime(5000)
    expect(calls).toEqual([1, 3])
    vi.useRealTimers()
  })
})
