// Heatmaps of order-parameter matrices (Q, R at one t), side by side with one colour scale.
import type { ChartOption } from './echarts'
import { fmtNum } from '../lib/format'
import type { MatrixAt } from '../lib/seriesNames'
import type { Palette } from './palette'

export interface HeatmapPanel {
  title: string
  matrix: MatrixAt
  rowName: string
  colName: string
}

export function heatmapOption(panels: HeatmapPanel[], palette: Palette, exporting = false, title?: string): ChartOption {
  const p = palette
  const font = exporting ? 20 : 11
  const n = Math.max(1, panels.length)
  let maxAbs = 0
  for (const panel of panels) for (const row of panel.matrix.values) for (const v of row) if (v !== null && Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v))
  if (maxAbs === 0) maxAbs = 1
  const left = 3
  const right = exporting ? 10 : 9
  const gap = 4
  const width = (100 - left - right - gap * (n - 1)) / n
  const top = exporting ? (title ? 18 : 10) : 22
  const grids = panels.map((_, i) => ({ left: `${left + i * (width + gap)}%`, width: `${width}%`, top: `${top}%`, bottom: exporting ? '10%' : 26, containLabel: false }))
  const titles = panels.map((panel, i) => ({
    text: panel.title,
    left: `${left + i * (width + gap) + width / 2}%`,
    top: exporting ? `${top - 7}%` : 2,
    textAlign: 'center',
    textStyle: { fontSize: font, color: p.text, fontWeight: 500 }
  }))
  if (title && exporting) titles.push({ text: title, left: '50%', top: '2%', textAlign: 'center', textStyle: { fontSize: font + 4, color: p.text, fontWeight: 500 } })
  const axis = (data: string[], name: string, gridIndex: number, inverse: boolean) => ({
    type: 'category',
    data,
    gridIndex,
    name,
    nameLocation: 'middle',
    nameGap: exporting ? 40 : 18,
    inverse,
    nameTextStyle: { color: p.muted, fontSize: font },
    axisLabel: { color: p.muted, fontSize: font },
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { show: false },
    splitArea: { show: false }
  })
  const labels = panels.every((panel) => panel.matrix.rows * panel.matrix.cols <= 64)
  return {
    animation: false,
    backgroundColor: exporting ? p.background : 'transparent',
    textStyle: { fontFamily: p.fontFamily, color: p.text },
    title: titles,
    tooltip: exporting
      ? undefined
      : {
          backgroundColor: p.tooltipBackground,
          borderColor: p.tooltipBorder,
          textStyle: { color: p.text, fontSize: 11 },
          formatter: (item: { seriesName: string; value: [number, number, number | null] }) => {
            const panel = panels.find((x) => x.title === item.seriesName)
            const [c, r, v] = item.value
            return `${item.seriesName}<br/>${panel?.rowName ?? 'row'} = ${r}, ${panel?.colName ?? 'col'} = ${c}: <b>${fmtNum(v)}</b>`
          }
        },
    grid: grids,
    xAxis: panels.map((panel, i) => axis(Array.from({ length: panel.matrix.cols }, (_, j) => String(j)), panel.colName, i, false)),
    yAxis: panels.map((panel, i) => axis(Array.from({ length: panel.matrix.rows }, (_, j) => String(j)), panel.rowName, i, true)),
    visualMap: {
      type: 'continuous',
      min: -maxAbs,
      max: maxAbs,
      calculable: false,
      orient: 'vertical',
      right: exporting ? '2%' : 4,
      top: 'middle',
      itemHeight: exporting ? 400 : 110,
      itemWidth: exporting ? 24 : 10,
      precision: 3,
      text: [fmtNum(maxAbs, 3), fmtNum(-maxAbs, 3)],
      textGap: 6,
      textStyle: { color: p.muted, fontSize: font },
      inRange: { color: p.diverging },
      seriesIndex: panels.map((_, i) => i)
    },
    series: panels.map((panel, i) => ({
      type: 'heatmap',
      name: panel.title,
      xAxisIndex: i,
      yAxisIndex: i,
      data: panel.matrix.values.flatMap((row, r) => row.map((v, c) => [c, r, v === null ? '-' : v])),
      label: { show: labels, fontSize: exporting ? 18 : 10, color: p.text, formatter: (x: { value: [number, number, number] }) => fmtNum(x.value[2], 3) },
      itemStyle: { borderColor: exporting ? p.background : p.split, borderWidth: 1 },
      emphasis: { disabled: true }
    }))
  } as ChartOption
}
