// Charts of the infinite-width engines (nngp, ntk-width, ntk-train, scaling; MATH.md §9):
// curves with their fitted power laws on log–log axes, and kernel matrices as heatmaps.
import type { SeriesData } from '@shared/api'
import type { ChartOption } from './echarts'
import type { ChartBuilder } from './exportChart'
import { lineOption, type LineInput } from './lineOption'
import { heatmapPanelsOption } from './heatmapPanels'
import { toPoints } from '@renderer/lib/chartData'
import { fmtNum } from '@renderer/lib/format'

export { decodeFloat64, poolMatrix, withInterval } from '@renderer/lib/kernelMatrix'

export interface CurveSpec {
  /** series name in the run */
  series: string
  /** legend label (math in Unicode) */
  label: string
  /** the fitted line's series (drawn dashed, same colour) */
  fit?: string
  fitLabel?: string
  /** colour index in the palette */
  color?: number
  dash?: 'solid' | 'dashed' | 'dotted'
}

export interface CurvesChart {
  curves: CurveSpec[]
  xName: string
  yName: string
  xLog: boolean
  yLog: boolean
  title?: string
}

/** A line chart of named series of one run, each with its optional fitted line. */
export function curvesBuilder(chart: CurvesChart, series: () => SeriesData[]): ChartBuilder {
  return ({ palette, exporting }): ChartOption => {
    const byName = new Map(series().map((s) => [s.name, s]))
    const lines: LineInput[] = []
    chart.curves.forEach((c, i) => {
      const color = palette.series[(c.color ?? i) % palette.series.length]
      const s = byName.get(c.series)
      if (s) lines.push({ name: c.label, points: toPoints(s.t, s.value, chart.xLog, chart.yLog), color, dash: c.dash })
      const f = c.fit ? byName.get(c.fit) : undefined
      if (f) lines.push({ name: c.fitLabel ?? `${c.label} (fit)`, points: toPoints(f.t, f.value, chart.xLog, chart.yLog), color, dash: 'dashed', width: 1.5 })
    })
    return lineOption({ lines, xLog: chart.xLog, yLog: chart.yLog, xName: chart.xName, yName: chart.yName, palette, exporting, legend: true, title: chart.title })
  }
}

export interface KernelPanel {
  title: string
  values: number[][]
  block: number
}

/** Kernel matrices side by side, each on its own range (NNGP and NTK differ in scale by ~depth). */
export function kernelHeatmapBuilder(panels: () => KernelPanel[], title: string): ChartBuilder {
  return ({ palette, exporting }): ChartOption => {
    const ps = panels()
    let lo = Infinity
    let hi = -Infinity
    // one colour scale over the panels, each normalised by its own diagonal mean: K/K̄_xx
    const normed = ps.map((p) => {
      let diag = 0
      p.values.forEach((row, i) => (diag += row[i]))
      diag /= Math.max(1, p.values.length)
      const v = p.values.map((row) => row.map((x) => x / (diag || 1)))
      for (const row of v) for (const x of row) ((lo = Math.min(lo, x)), (hi = Math.max(hi, x)))
      return v
    })
    if (!Number.isFinite(lo)) ((lo = 0), (hi = 1))
    const idx = (n: number, block: number) => Array.from({ length: n }, (_, j) => String(j * block))
    return heatmapPanelsOption({
      titles: ps.map((p) => `${p.title} / mean diagonal`),
      title,
      palette,
      exporting,
      // room for the second panel's y tick labels and name (they ran into the first panel at 1024 px)
      left: 6,
      right: exporting ? 10 : 9,
      gap: 10,
      top: exporting ? 10 : 22,
      topPercent: true,
      bottom: 26,
      titleTop: 2,
      axes: ps.map((p) => ({ x: idx(p.values.length, p.block), xName: 'x′', y: idx(p.values.length, p.block), yName: 'x' })),
      nameGap: () => 18,
      axis: (y) => ({ inverse: y }),
      tooltip: {
        formatter: (item: { seriesName: string; value: [number, number, number] }) => `${item.seriesName}<br/>block (${item.value[1]}, ${item.value[0]}): <b>${fmtNum(item.value[2], 4)}</b>`
      },
      visualMap: { min: lo, max: hi, right: 4, text: [fmtNum(hi, 3), fmtNum(lo, 3)], textGap: 6, inRange: { color: palette.diverging } },
      scaleHeight: 110,
      series: normed.map((v, k) => ({
        name: `${ps[k].title} / mean diagonal`,
        data: v.flatMap((row, r) => row.map((x, c) => [c, r, x])),
        label: { show: false },
        extra: { emphasis: { disabled: true } }
      }))
    })
  }
}
