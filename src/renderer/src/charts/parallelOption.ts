// Parallel coordinates: one vertical axis per swept parameter (its symbol) and one for the
// metric, one polyline per run, coloured by the metric.
import type { ChartOption } from './echarts'
import type { Palette } from './palette'
import { axisLabel } from './lineOption'
import type { ParallelData } from '@renderer/lib/sweepMetrics'
import { richStyles, toRich } from '@renderer/lib/mathText'

export function parallelOption(data: ParallelData, palette: Palette, exporting = false, title?: string): ChartOption {
  const p = palette
  const font = exporting ? 20 : 11
  const metricDim = data.dims.length - 1
  const metric = data.rows.map((r) => r.values[metricDim] as number)
  const lo = metric.length ? Math.min(...metric) : 0
  const hi = metric.length ? Math.max(...metric) : 1
  const axisStyle = { color: p.muted, fontSize: font }
  return {
    animation: false,
    backgroundColor: exporting ? p.background : 'transparent',
    textStyle: { fontFamily: p.fontFamily, color: p.text },
    title: title && exporting ? { text: toRich(title), left: 'center', textStyle: { fontSize: font + 4, color: p.text, fontWeight: 500, rich: richStyles(font + 4, p.text, p.fontFamily) } } : { show: false },
    parallel: { left: exporting ? 80 : 40, right: exporting ? 160 : 90, top: exporting ? 110 : 40, bottom: exporting ? 60 : 24, parallelAxisDefault: { nameLocation: 'end', nameGap: 14 } },
    parallelAxis: data.dims.map((d, i) => ({
      dim: i,
      name: toRich(d.name),
      type: d.categories ? 'category' : d.log ? 'log' : 'value',
      data: d.categories,
      scale: true,
      nameTextStyle: { color: i === metricDim ? p.text : p.muted, fontSize: font + 1, rich: richStyles(font + 1, i === metricDim ? p.text : p.muted, p.fontFamily) },
      axisLine: { lineStyle: { color: p.axis } },
      axisTick: { lineStyle: { color: p.axis } },
      axisLabel: { ...axisStyle, formatter: d.categories ? undefined : (v: number) => axisLabel(v) }
    })),
    visualMap: {
      type: 'continuous',
      dimension: metricDim,
      min: lo,
      max: hi > lo ? hi : lo + 1,
      right: exporting ? 20 : 4,
      top: 'middle',
      itemHeight: exporting ? 300 : 120,
      itemWidth: exporting ? 20 : 10,
      calculable: false,
      precision: 3,
      textStyle: { color: p.muted, fontSize: font },
      inRange: { color: [p.diverging[0], p.axis, p.diverging[2]] }
    },
    tooltip: exporting ? undefined : { show: false },
    series: [{ type: 'parallel', lineStyle: { width: exporting ? 2.5 : 1.4, opacity: 0.7 }, emphasis: { disabled: true }, data: data.rows.map((r) => r.values) }]
  } as ChartOption
}
