import { describe, expect, it } from 'vitest'
import { scrollTopFor, visibleWindow } from '@renderer/lib/virtualScroll'

describe('visibleWindow', () => {
  it('renders the rows in view plus overscan', () => {
    const w = visibleWindow({ scrollTop: 0, viewportHeight: 260, rowHeight: 26, count: 10_000, overscan: 5 })
    expect(w).toEqual({ start: 0, end: 16, offset: 0, totalHeight: 260_000 })
  })
  it('moves the window with the scroll position', () => {
    const w = visibleWindow({ scrollTop: 26 * 500 + 13, viewportHeight: 260, rowHeight: 26, count: 10_000, overscan: 5 })
    expect(w.start).toBe(495)
    expect(w.end).toBe(500 + 11 + 5)
    expect(w.offset).toBe(495 * 26)
  })
  it('clamps at the end and for overscroll', () => {
    const w = visibleWindow({ scrollTop: 1e9, viewportHeight: 260, rowHeight: 26, count: 100, overscan: 2 })
    expect(w.end).toBe(100)
    expect(w.start).toBe(100 - 10 - 2)
    const neg = visibleWindow({ scrollTop: -50, viewportHeight: 260, rowHeight: 26, count: 100, overscan: 2 })
    expect(neg.start).toBe(0)
  })
  it('handles empty lists and fewer rows than the viewport', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 26, count: 0 })).toEqual({ start: 0, end: 0, offset: 0, totalHeight: 0 })
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 26, count: 3 }).end).toBe(3)
  })
})

describe('scrollTopFor', () => {
  it('does not move when the row is visible', () => expect(scrollTopFor(5, 0, 260, 26)).toBe(0))
  it('scrolls up to a row above', () => expect(scrollTopFor(2, 260, 260, 26)).toBe(52))
  it('scrolls down just enough, under a sticky header', () => {
    // viewport 260 with a 28 px header shows 232 px of rows; row 10 ends at 286
    expect(scrollTopFor(10, 0, 260, 26, 28)).toBe(286 - 232)
  })
})
