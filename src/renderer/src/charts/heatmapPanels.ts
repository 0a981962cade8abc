// Heatmap panels side by side on one colour scale: the frame shared by heatmapOption (Q, R)
// and deviationMapOption (sweep maps). Each builder gives its layout, axes' data, tooltip,
// colour scale and cell data; this places the grids, titles and axes and draws the cells.
import type { ChartOption } from './echarts'
import type { Palette } from './palette'
import { richStyles, toRich } from '@renderer/lib/mathText'

export interface HeatmapPanelsInput {
  /** panel titles, one per panel */
  titles: string[]
  /** the chart's title (drawn when exporting) */
  title?: string
  palette: Palette
  exporting: boolean
  /** layout in % of the width: margins left and right (colour scale), gap between panels */
  left: number
  right: number
  gap: number
  /** grid top (% when exporting, else px; see topPercent) and bottom */
  top: number
  topPercent?: boolean
  bottom: number | string
  /** panel titles' top when not exporting (px) */
  titleTop: number
  axes: { x: string[]; xName: string; y: string[]; yName: string }[]
  /** name gap of an axis (when not exporting) */
  nameGap: (y: boolean) => number
  /** more axis settings */
  axis?: (y: boolean, gridIndex: number) => Record<string, unknown>
  tooltip: Record<string, unknown>
  /** the colour scale: min, max, right, text, inRange, …; its height when not exporting (px) */
  visualMap: Record<string, unknown>
  scaleHeight: number
  /** one heatmap series a panel: its name, data [col, row, value | '-'] and more settings */
  series: { name: string; data: (number | string)[][]; label: Record<string, unknown>; extra: Record<string, unknown> }[]
}

export function heatmapPanelsOption(input: HeatmapPanelsInput): ChartOption {
  const { palette: p, exporting, left, right, gap, top } = input
  const font = exporting ? 20 : 11
  const n = Math.max(1, input.titles.length)
  const width = (100 - left - right - gap * (n - 1)) / n
  const titles = input.titles.map((text, i) => ({
    text,
    left: `${left + i * (width + gap) + width / 2}%`,
    top: exporting ? `${top - 7}%` : input.titleTop,
    textAlign: 'center',
    textStyle: { fontSize: font, color: p.text, fontWeight: 500 }
  }))
  if (input.title && exporting) titles.push({ text: input.title, left: '50%', top: '2%', textAlign: 'center', textStyle: { fontSize: font + 4, color: p.text, fontWeight: 500 } })
  const axis = (data: string[], name: string, gridIndex: number, y: boolean) => {
    const more = input.axis?.(y, gridIndex) ?? {}
    return {
      type: 'category',
      data,
      gridIndex,
      name: toRich(name),
      nameLocation: 'middle',
      nameGap: exporting ? 40 : input.nameGap(y),
      ...more,
      nameTextStyle: { color: p.muted, fontSize: font, rich: richStyles(font, p.muted, p.fontFamily) },
      axisLabel: { color: p.muted, fontSize: font, ...(more.axisLabel as object | undefined) },
      axisLine: { lineStyle: { color: p.axis } },
      axisTick: { show: false },
      splitArea: { show: false }
    }
  }
  return {
    animation: false,
    backgroundColor: exporting ? p.background : 'transparent',
    textStyle: { fontFamily: p.fontFamily, color: p.text },
    title: titles,
    tooltip: exporting ? undefined : { ...input.tooltip, backgroundColor: p.tooltipBackground, borderColor: p.tooltipBorder, textStyle: { color: p.text, fontSize: 11 } },
    grid: input.titles.map((_, i) => ({ left: `${left + i * (width + gap)}%`, width: `${width}%`, top: exporting || input.topPercent ? `${top}%` : top, bottom: input.bottom, containLabel: false })),
    xAxis: input.axes.map((a, i) => axis(a.x, a.xName, i, false)),
    yAxis: input.axes.map((a, i) => axis(a.y, a.yName, i, true)),
    visualMap: {
      type: 'continuous',
      calculable: false,
      orient: 'vertical',
      top: 'middle',
      itemHeight: exporting ? 400 : input.scaleHeight,
      itemWidth: exporting ? 24 : 10,
      precision: 3,
      ...input.visualMap,
      textStyle: { color: p.muted, fontSize: font },
      seriesIndex: input.titles.map((_, i) => i)
    },
    series: input.series.map((s, i) => ({
      type: 'heatmap',
      name: s.name,
      xAxisIndex: i,
      yAxisIndex: i,
      data: s.data,
      label: { fontSize: exporting ? 18 : 10, color: p.text, ...s.label },
      itemStyle: { borderColor: exporting ? p.background : p.split, borderWidth: 1 },
      ...s.extra
    }))
  } as ChartOption
}
