// The arithmetic of a fixed-row-height virtual scroller: which rows to render for a scroll
// position, and where to scroll so that a row is visible.

export interface WindowInput {
  scrollTop: number
  viewportHeight: number
  rowHeight: number
  count: number
  /** extra rows rendered above and below the viewport */
  overscan?: number
}

export interface RowWindow {
  /** first rendered row (inclusive) */
  start: number
  /** last rendered row (exclusive) */
  end: number
  /** translateY of the first rendered row */
  offset: number
  /** height of the whole (virtual) list */
  totalHeight: number
}

export function visibleWindow({ scrollTop, viewportHeight, rowHeight, count, overscan = 6 }: WindowInput): RowWindow {
  const totalHeight = Math.max(0, count * rowHeight)
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, totalHeight }
  const maxScroll = Math.max(0, totalHeight - viewportHeight)
  const top = Math.min(Math.max(0, scrollTop), maxScroll)
  const first = Math.floor(top / rowHeight)
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1
  const start = Math.max(0, first - overscan)
  const end = Math.min(count, first + visible + overscan)
  return { start, end, offset: start * rowHeight, totalHeight }
}

/**
 * The scrollTop that makes row `index` fully visible, changing as little as possible;
 * `headerHeight` is a sticky header covering the top of the viewport.
 */
export function scrollTopFor(index: number, scrollTop: number, viewportHeight: number, rowHeight: number, headerHeight = 0): number {
  const rowTop = index * rowHeight
  const rowBottom = rowTop + rowHeight
  const visibleTop = scrollTop
  const visibleBottom = scrollTop + viewportHeight - headerHeight
  if (rowTop < visibleTop) return rowTop
  if (rowBottom > visibleBottom) return Math.max(0, rowBottom - (viewportHeight - headerHeight))
  return scrollTop
}
