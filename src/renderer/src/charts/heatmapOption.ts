// Heatmaps of order-parameter matrices (Q, R at one t), side by side with one colour scale.
import type { ChartOption } from './echarts'
import { fmtNum } from '@renderer/lib/format'
import type { MatrixAt } from '@renderer/lib/seriesNames'
import { heatmapPanelsOption } from './heatmapPanels'
import type { Palette } from './palette'

export interface HeatmapPanel {
  title: string
  matrix: MatrixAt
  rowName: string
  colName: string
  /** the first row's and column's index: 1 for order parameters (Q_{11}, as the legends), 0 for digit classes */
  base?: 0 | 1
}

export function heatmapOption(panels: HeatmapPanel[], palette: Palette, exporting = false, title?: string): ChartOption {
  let maxAbs = 0
  for (const panel of panels) for (const row of panel.matrix.values) for (const v of row) if (v !== null && Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v))
  if (maxAbs === 0) maxAbs = 1
  const base = panels[0]?.base ?? 0
  const indices = (n: number) => Array.from({ length: n }, (_, j) => String(j + base))
  const labels = panels.every((panel) => panel.matrix.rows * panel.matrix.cols <= 64)
  return heatmapPanelsOption({
    titles: panels.map((panel) => panel.title),
    title,
    palette,
    exporting,
    left: 3,
    right: exporting ? 10 : 9,
    gap: 4,
    top: exporting ? (title ? 18 : 10) : 22,
    topPercent: true,
    bottom: exporting ? '10%' : 26,
    titleTop: 2,
    axes: panels.map((panel) => ({ x: indices(panel.matrix.cols), xName: panel.colName, y: indices(panel.matrix.rows), yName: panel.rowName })),
    nameGap: () => 18,
    axis: (y) => ({ inverse: y }),
    tooltip: {
      formatter: (item: { seriesName: string; value: [number, number, number | null] }) => {
        const panel = panels.find((x) => x.title === item.seriesName)
        const [c, r, v] = item.value
        return `${item.seriesName}<br/>${panel?.rowName ?? 'row'} = ${r + base}, ${panel?.colName ?? 'col'} = ${c + base}: <b>${fmtNum(v)}</b>`
      }
    },
    visualMap: { min: -maxAbs, max: maxAbs, right: exporting ? '2%' : 4, text: [fmtNum(maxAbs, 3), fmtNum(-maxAbs, 3)], textGap: 6, inRange: { color: palette.diverging } },
    scaleHeight: 110,
    series: panels.map((panel) => ({
      name: panel.title,
      data: panel.matrix.values.flatMap((row, r) => row.map((v, c) => [c, r, v === null ? '-' : v])),
      label: { show: labels, formatter: (x: { value: [number, number, number] }) => fmtNum(x.value[2], 3) },
      extra: { emphasis: { disabled: true } }
    }))
  })
}
