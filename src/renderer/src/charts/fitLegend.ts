// A plain legend wraps onto as many rows as its names need; the plot must start below it. The
// rows are known only after layout, so measure the legend ECharts drew and move the grid's top.
import type { echarts } from './echarts'

interface LayoutGroup {
  y: number
  getBoundingRect(): { y: number; height: number }
}
interface Internals {
  getModel(): { getComponent(type: string): { get(key: string): unknown } | undefined } | undefined
  getViewOfComponentModel(model: unknown): { group: LayoutGroup } | undefined
}

/** the bottom edge, in px from the chart's top, of the drawn legend (null without one) */
export function legendBottom(chart: echarts.ECharts): number | null {
  const c = chart as unknown as Internals
  const model = c.getModel?.()?.getComponent('legend')
  if (!model || model.get('show') === false) return null
  const view = c.getViewOfComponentModel?.(model)
  if (!view) return null
  const rect = view.group.getBoundingRect()
  if (!(rect.height > 0)) return null
  return view.group.y + rect.y + rect.height
}

/**
 * Move the grid's top below the legend (plus `gap` px) when the legend wrapped onto more rows.
 * Returns the grid's top it set (null without a legend), so a panel can grow by the rows added.
 */
export function fitLegend(chart: echarts.ECharts, gap = 10): number | null {
  const bottom = legendBottom(chart)
  if (bottom === null) return null
  const option = chart.getOption() as { grid?: { top?: unknown }[] }
  const top = Number(option.grid?.[0]?.top)
  const want = Math.ceil(bottom + gap)
  if (!Number.isFinite(top)) return null
  if (Math.abs(top - want) > 1) chart.setOption({ grid: [{ top: want }] })
  return want
}
