// Option builders for the Run view: one line chart per series group, and Q/R heatmaps.
import type { SeriesData } from '@shared/api'
import { clampForLog, toPoints } from '@renderer/lib/chartData'
import { legendNames, matrixAt, seriesLabel, seriesStyle, type LabelContext, type SeriesGroup } from '@renderer/lib/seriesNames'
import { escapeMath } from '@renderer/lib/mathText'
import { heatmapOption, type HeatmapPanel } from './heatmapOption'
import { lineOption, type LineInput } from './lineOption'
import type { ChartBuilder } from './exportChart'

export interface Scales {
  xLog: boolean
  yLog: boolean
}

/**
 * Line chart of a group's series, each by its human name (seriesLabel); colours by entry (or by
 * source for ε_g), SGD solid, ODE dashed. `title` is plain text (a run's name and the chart's title).
 */
export function groupBuilder(group: SeriesGroup, series: () => SeriesData[], scales: () => Scales, title: () => string, context: () => LabelContext = () => ({})): ChartBuilder {
  return ({ palette, exporting }) => {
    const byName = new Map(series().map((s) => [s.name, s]))
    const { xLog, yLog } = scales()
    const colorIndex = new Map<string, number>()
    const lines: LineInput[] = []
    const shown = group.names.filter((name) => byName.has(name) && !(name.endsWith('/eg_se') && byName.has(name.slice(0, -3))))
    // many entries (Q, R of a wide student): one legend entry per matrix entry for SGD and ODE
    // together, and a key saying which is which; the tooltip keeps the full names
    const { legend, keys } = legendNames(shown, group.id, context())
    for (const name of shown) {
      const s = byName.get(name)!
      const style = seriesStyle(name, group.id)
      if (!colorIndex.has(style.colorKey)) colorIndex.set(style.colorKey, colorIndex.size)
      const color = palette.series[colorIndex.get(style.colorKey)! % palette.series.length]
      const se = byName.get(name + '_se')
      const full = seriesLabel(name, context()) + (se ? ' ± s.e.' : '')
      lines.push({
        name: keys.length ? legend.get(name)! : full,
        tooltipName: full,
        points: toPoints(s.t, s.value, xLog, yLog),
        color,
        dash: style.dash,
        width: style.dash === 'solid' ? 1.4 : 1.8,
        band: se ? seBand(s, se, xLog, yLog) : undefined
      })
    }
    for (const key of keys) lines.push({ name: key.name, points: [], color: palette.muted, dash: key.dash, width: 1.6 })
    return lineOption({ lines, xLog, yLog, xName: 't', yName: group.yName, palette, exporting, title: exporting ? titleMarkup(title()) : undefined })
  }
}

/** 'run name: ε_g(t)': the run's name literal, the chart's title as math */
function titleMarkup(title: string): string {
  const colon = title.indexOf(': ')
  return colon < 0 ? title : escapeMath(title.slice(0, colon)) + title.slice(colon)
}

/** value ± standard error, on the value's own grid */
function seBand(s: SeriesData, se: SeriesData, xLog: boolean, yLog: boolean) {
  const at = new Map(se.t.map((t, i) => [t, se.value[i]]))
  const err = s.t.map((t) => at.get(t) ?? null)
  const lower = s.value.map((v, i) => (v === null || err[i] === null ? null : v - err[i]!))
  const upper = s.value.map((v, i) => (v === null || err[i] === null ? null : v + err[i]!))
  return { lower: toPoints(s.t, clampForLog(lower, s.value, yLog), xLog, false), upper: toPoints(s.t, upper, xLog, false) }
}

/** Heatmaps of Q (K×K) and R (K×M) at time t, SGD beside ODE. */
export function heatmapBuilder(series: () => SeriesData[], t: () => number, title: () => string): ChartBuilder {
  return ({ palette, exporting }) => {
    const all = series()
    const tt = t()
    const panels: HeatmapPanel[] = []
    for (const quantity of ['Q', 'R'])
      for (const source of ['sgd', 'ode']) {
        const matrix = matrixAt(all, source, quantity, tt)
        if (matrix) panels.push({ title: `${quantity} ${source.toUpperCase()}`, matrix, rowName: 'k', colName: quantity === 'Q' ? 'l' : 'm', base: 1 })
      }
    return heatmapOption(panels, palette, exporting, exporting ? title() : undefined)
  }
}
