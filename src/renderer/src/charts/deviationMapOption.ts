// Deviation maps of a sweep: heatmaps of a non-negative deviation over two axes, one panel per
// value of a split axis (e.g. unstandardised | standardised), side by side with ONE colour scale
// so the panels compare cell by cell.
import type { ChartOption } from './echarts'
import { fmtNum } from '@renderer/lib/format'
import type { DeviationPanel } from '@renderer/lib/sweepMaps'
import { heatmapPanelsOption } from './heatmapPanels'
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
  const cells = panels.reduce((s, panel) => s + panel.rows.length * panel.cols.length, 0)
  const labels = cells <= 120
  const max = input.max > 0 ? input.max : 1
  return heatmapPanelsOption({
    titles: panels.map((panel) => panel.title),
    title: input.title,
    palette: p,
    exporting,
    left: exporting ? 6 : 5,
    right: exporting ? 12 : 10,
    gap: 5,
    top: exporting ? (input.title ? 18 : 12) : 34,
    bottom: exporting ? '12%' : 40,
    titleTop: 6,
    axes: panels.map((panel, i) => ({ x: panel.cols, xName: input.xName, y: panel.rows, yName: i === 0 ? input.yName : '' })),
    nameGap: (y) => (y ? 34 : 22),
    axis: (y, gridIndex) => ({ axisLabel: { show: !y || gridIndex === 0, overflow: 'truncate', width: y ? 60 : 90 } }),
    tooltip: {
      confine: true,
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
    visualMap: { min: 0, max, right: exporting ? '2%' : 6, text: [fmtNum(max, 3), '0'], inRange: { color: [p.diverging[1], p.diverging[2]] } },
    scaleHeight: 140,
    series: panels.map((panel) => ({
      name: panel.title || input.metricLabel,
      data: panel.cells.flatMap((row, r) => row.map((cell, c) => [c, r, cell.mean === null ? '-' : cell.mean])),
      label: { show: labels, formatter: (x: { value: [number, number, number | string] }) => (typeof x.value[2] === 'number' ? fmtNum(x.value[2], 2) : '') },
      extra: { emphasis: { itemStyle: { borderColor: p.text, borderWidth: 1 } }, cursor: 'pointer' }
    }))
  })
}
