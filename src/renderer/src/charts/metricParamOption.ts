// A summary metric against a swept parameter: one line per value of a second parameter, each
// point the mean over the remaining runs (seeds, …) with a ± std error bar, markers at the
// sampled values; a log x axis where the parameter spans decades, categories for non-numbers.
import type { ChartOption } from './echarts'
import { axisLabel } from './lineOption'
import type { Palette } from './palette'
import { fmtNum } from '@renderer/lib/format'
import { richStyles, toHtml, toRich } from '@renderer/lib/mathText'
import type { MetricLine } from '@renderer/lib/sweepMetrics'

export interface MetricParamInput {
  lines: MetricLine[]
  /** x axis: 'log' | 'value' for numbers, 'category' with its labels otherwise */
  xType: 'log' | 'value' | 'category'
  categories?: string[]
  xName: string
  yName: string
  yLog: boolean
  /** legend name of a single line, e.g. "mean ± std over seed" */
  singleName: string
  palette: Palette
  exporting?: boolean
  title?: string
}

export function metricParamOption(input: MetricParamInput): ChartOption {
  const { palette: p, exporting = false, xType, yLog } = input
  const font = exporting ? 22 : 11
  const xOf = (pt: MetricLine['points'][number]) => (xType === 'category' ? pt.xi : (pt.x as number))
  const ok = (y: number) => Number.isFinite(y) && (!yLog || y > 0)
  const series: unknown[] = []
  input.lines.forEach((line, i) => {
    const color = p.series[i % p.series.length]
    const name = line.label || input.singleName
    series.push({
      type: 'line',
      name,
      color,
      data: line.points.filter((pt) => ok(pt.mean)).map((pt) => ({ value: [xOf(pt), pt.mean], pt })),
      symbol: 'circle',
      symbolSize: exporting ? 10 : 6,
      // categories (latent kinds, …) have no order between them: markers only, no joining line
      lineStyle: { width: exporting ? 3 : 1.6, color, opacity: xType === 'category' ? 0 : 1 },
      emphasis: { disabled: true },
      z: 3
    })
    // error bars: a vertical segment mean − std … mean + std at each x, nulls between them
    const bars: (number | null)[][] = []
    for (const pt of line.points) {
      if (pt.std === null) continue
      const lo = yLog && pt.mean - pt.std <= 0 ? pt.mean / 10 : pt.mean - pt.std
      if (!ok(lo) || !ok(pt.mean + pt.std)) continue
      bars.push([xOf(pt), lo], [xOf(pt), pt.mean + pt.std], [xOf(pt), null])
    }
    series.push({ type: 'line', name, color, data: bars, symbol: 'none', connectNulls: false, silent: true, tooltip: { show: false }, lineStyle: { width: exporting ? 2 : 1, color, opacity: 0.75 }, emphasis: { disabled: true }, z: 2 })
  })
  const rich = richStyles(font + 1, p.muted, p.fontFamily)
  const axisCommon = {
    nameTextStyle: { color: p.muted, fontSize: font + 1, rich },
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { lineStyle: { color: p.axis } },
    splitLine: { show: true, lineStyle: { color: p.split } }
  }
  return {
    animation: false,
    backgroundColor: exporting ? p.background : 'transparent',
    textStyle: { fontFamily: p.fontFamily, color: p.text },
    title: !input.lines.length
      ? { text: 'no completed run recorded this metric', left: 'center', top: 'middle', textStyle: { fontSize: font + 1, color: p.muted, fontWeight: 400 } }
      : input.title && exporting
        ? { text: toRich(input.title), left: 'center', textStyle: { fontSize: font + 4, color: p.text, fontWeight: 500, rich: richStyles(font + 4, p.text, p.fontFamily) } }
        : { show: false },
    grid: { left: exporting ? 40 : 12, right: exporting ? 40 : 24, top: (exporting ? 80 : 34) + (input.title && exporting ? 40 : 0), bottom: exporting ? 40 : 6, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    legend: {
      type: 'plain',
      top: input.title && exporting ? 44 : 2,
      left: exporting ? 'center' : 8,
      right: 8,
      textStyle: { color: p.text, fontSize: font, rich: richStyles(font, p.text, p.fontFamily) },
      formatter: (name: string) => toRich(name),
      data: [...new Set(input.lines.map((l) => l.label || input.singleName))]
    },
    tooltip: exporting
      ? undefined
      : {
          trigger: 'item',
          confine: true,
          backgroundColor: p.tooltipBackground,
          borderColor: p.tooltipBorder,
          textStyle: { color: p.text, fontSize: 11 },
          formatter: (item: { seriesName: string; data: { pt?: MetricLine['points'][number] } }) => {
            const pt = item.data?.pt
            if (!pt) return ''
            const std = pt.std === null ? '' : ` ± ${fmtNum(pt.std, 3)}`
            return `${toHtml(item.seriesName)}<br/>${toHtml(input.xName)} = ${toHtml(pt.xLabel)}<br/>${toHtml(input.yName)}: <b>${fmtNum(pt.mean)}</b>${std} (n = ${pt.n})`
          }
        },
    xAxis: {
      ...axisCommon,
      type: xType,
      logBase: 10,
      data: xType === 'category' ? input.categories : undefined,
      name: toRich(input.xName),
      nameLocation: 'middle',
      nameGap: exporting ? 44 : 26,
      scale: xType === 'value',
      axisLabel: { color: p.muted, fontSize: font, hideOverlap: true, formatter: xType === 'category' ? undefined : (v: number) => axisLabel(v) },
      minorTick: { show: xType === 'log' },
      minorSplitLine: { show: false }
    },
    yAxis: {
      ...axisCommon,
      type: yLog ? 'log' : 'value',
      logBase: 10,
      scale: true,
      // the name runs along the axis, left of the tick labels (the legend owns the top)
      name: toRich(input.yName),
      nameLocation: 'middle',
      nameRotate: 90,
      nameGap: Math.round(font * 0.9),
      nameMoveOverlap: true,
      nameTextStyle: { color: p.muted, fontSize: font + 1, rich },
      axisLabel: { color: p.muted, fontSize: font, hideOverlap: true, formatter: (v: number) => axisLabel(v) }
    },
    series
  } as ChartOption
}
