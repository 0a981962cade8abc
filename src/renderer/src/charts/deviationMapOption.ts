// Deviation maps of a sweep: heatmaps of a non-negative deviation over two axes, one panel per
// value of a split axis (e.g. unstandardised | standardised), side by side with ONE colour scale
// so the panels compare cell by cell.
import type { ChartOption } from './echarts'
import { fmtNum } from '../lib/format'
import type { DeviationPanel } from '../lib/sweepMaps'
import type { Palette } from './palette'

export interface DeviationMapInput {
  panels: DeviationPanel[]
  xName: string
  yName: string
  metricLabel: string
  /** top of the colour scale (shared by the panels) */
  max: number
  palette: Palette
  exporting?: boolean
  title?: string
}

export function deviationMapOption(input: DeviationMapInput): ChartOption {
  const { panels, palette: p, exporting = false } = input
  const font = exporting ? 20 : 11
  const n = Math.max(1, panels.length)
  const left = exporting ? 6 : 5
  const right = exporting ? 12 : 10
  const gap = 5
  const width = (100 - left - right - gap * (n - 1)) / n
  const top = exporting ? (input.title ? 18 : 12) : 34
  const titles = panels.map((panel, i) => ({
    text: panel.title,
    left: `${left + i * (width + gap) + width / 2}%`,
    top: exporting ? `${top - 7}%` : 6,
    textAlign: 'center',
    textStyle: { fontSize: font, color: p.text, fontWeight: 500 }
  }))
  if (input.title && exporting) titles.push({ text: input.title, left: '50%', top: '2%', textAlign: 'center', textStyle: { fontSize: font + 4, color: p.text, fontWeight: 500 } })
  const axis = (data: string[], name: string, gridIndex: number, y: boolean) => ({
    type: 'category',
    data,
    gridIndex,
    name,
    nameLocation: 'middle',
    nameGap: exporting ? 40 : y ? 34 : 22,
    nameTextStyle: { color: p.muted, fontSize: font },
    axisLabel: { color: p.muted, fontSize: font, show: !y || gridIndex === 0, overflow: 'truncate', width: y ? 60 : 90 },
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { show: false },
    splitArea: { show: false }
  })
  const cells = panels.reduce((s, panel) => s + panel.rows.length * panel.cols.length, 0)
  const labels = cells <= 120
  const max = input.max > 0 ? input.max : 1
  return {
    animation: false,
    backgroundColor: exporting ? p.background : 'transparent',
    textStyle: { fontFamily: p.fontFamily, color: p.text },
    title: titles,
    tooltip: exporting
      ? undefined
      : {
          confine: true,
          backgroundColor: p.tooltipBackground,
          borderColor: p.tooltipBorder,
          textStyle: { color: p.text, fontSize: 11 },
          formatter: (item: { seriesIndex: number; value: [number, number, number | string] }) => {
            const panel = panels[item.seriesIndex]
            const [c, r] = item.value
            const cell = panel?.cells[r]?.[c]
            if (!panel || !cell) return ''
            const head = panel.title ? `${panel.title}<br/>` : ''
            const se = cell.se !== null ? ` ± ${fmtNum(cell.se, 2)}` : ''
            const pend = cell.pending ? `<br/>${cell.pending} run(s) not counted (unfinished, failed or diverged)` : ''
            return `${head}${input.yName} = ${panel.rows[r]}, ${input.xName} = ${panel.cols[c]}<br/>${input.metricLabel}: <b>${fmtNum(cell.mean)}</b>${se} (n = ${cell.n})${pend}<br/><span style="opacity:.7">click: compare these runs</span>`
          }
        },
    grid: panels.map((_, i) => ({ left: `${left + i * (width + gap)}%`, width: `${width}%`, top: exporting ? `${top}%` : top, bottom: exporting ? '12%' : 40, containLabel: false })),
    xAxis: panels.map((panel, i) => axis(panel.cols, input.xName, i, false)),
    yAxis: panels.map((panel, i) => axis(panel.rows, i === 0 ? input.yName : '', i, true)),
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      calculable: false,
      orient: 'vertical',
      right: exporting ? '2%' : 6,
      top: 'middle',
      itemHeight: exporting ? 400 : 140,
      itemWidth: exporting ? 24 : 10,
      precision: 3,
      text: [fmtNum(max, 3), '0'],
      textStyle: { color: p.muted, fontSize: font },
      inRange: { color: [p.diverging[1], p.diverging[2]] },
      seriesIndex: panels.map((_, i) => i)
    },
    series: panels.map((panel, i) => ({
      type: 'heatmap',
      name: panel.title || input.metricLabel,
      xAxisIndex: i,
      yAxisIndex: i,
      data: panel.cells.flatMap((row, r) => row.map((cell, c) => [c, r, cell.mean === null ? '-' : cell.mean])),
      label: { show: labels, fontSize: exporting ? 18 : 10, color: p.text, formatter: (x: { value: [number, number, number | string] }) => (typeof x.value[2] === 'number' ? fmtNum(x.value[2], 2) : '') },
      itemStyle: { borderColor: exporting ? p.background : p.split, borderWidth: 1 },
      emphasis: { itemStyle: { borderColor: p.text, borderWidth: 1 } },
      cursor: 'pointer'
    }))
  } as ChartOption
}
