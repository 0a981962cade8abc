// Line charts of series over t (log or linear axes), with optional mean ± std bands.
import type { ChartOption } from './echarts'
import { fmtNum } from '@renderer/lib/format'
import { robustRange, type Point } from '@renderer/lib/chartData'
import type { Palette } from './palette'

export interface LineInput {
  /** legend label (series with the same label toggle together) */
  name: string
  points: Point[]
  color: string
  dash?: 'solid' | 'dashed' | 'dotted'
  width?: number
  opacity?: number
  /** hide from legend and tooltip (raw curve behind a smoothed one) */
  ghost?: boolean
  /** a filled band between lower and upper, on the same t as points */
  band?: { lower: Point[]; upper: Point[] }
}

export interface LineChartInput {
  lines: LineInput[]
  xLog: boolean
  yLog: boolean
  xName?: string
  yName?: string
  palette: Palette
  /** publication export: bigger fonts and lines, no interactive furniture */
  exporting?: boolean
  legend?: boolean
  title?: string
  /** the user's y range; null or absent ends are automatic */
  yRange?: [number | null, number | null]
  /**
   * the automatic y range: 'robust' (default) leaves far outliers such as a diverged run out and
   * counts them (robustRange); 'full' spans every finite value (curves whose growth is the content)
   */
  yAuto?: 'robust' | 'full'
}

export function axisLabel(value: number): string {
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (abs >= 1e-3 && abs < 1e5) return String(Number(value.toPrecision(6)))
  const exp = Math.floor(Math.log10(abs))
  const mant = value / Math.pow(10, exp)
  return Math.abs(mant - 1) < 1e-9 ? `1e${exp}` : value.toExponential(1)
}

export function lineOption(input: LineChartInput): ChartOption {
  const { palette: p, exporting = false, xLog, yLog } = input
  const font = exporting ? 22 : 11
  const lineScale = exporting ? 2 : 1
  const many = input.lines.reduce((n, l) => Math.max(n, l.points.length), 0) > 600
  const series: unknown[] = []
  const bands: unknown[] = []
  input.lines.forEach((line, i) => {
    // the main line comes first: the legend takes its icon from the first series of a name
    series.push({
      type: 'line',
      name: line.name,
      data: line.points,
      symbol: line.points.length <= 2 ? 'circle' : 'none',
      showSymbol: line.points.length <= 2,
      symbolSize: 4,
      connectNulls: false,
      sampling: many ? 'lttb' : undefined,
      silent: line.ghost,
      tooltip: line.ghost ? { show: false } : undefined,
      color: line.color,
      lineStyle: { color: line.color, width: (line.width ?? 1.6) * lineScale, type: line.dash ?? 'solid', opacity: line.opacity ?? 1 },
      emphasis: { disabled: true },
      z: line.ghost ? 2 : 3
    })
    if (line.band) {
      const stack = `band-${i}`
      const diff: Point[] = line.band.upper.map(([t, hi], j) => {
        const lo = line.band!.lower[j]?.[1] ?? null
        return [t, hi === null || lo === null ? null : hi - lo]
      })
      const common = { type: 'line', name: line.name, stack, stackStrategy: 'all', symbol: 'none', color: line.color, silent: true, tooltip: { show: false }, lineStyle: { opacity: 0 }, emphasis: { disabled: true }, z: 1 }
      bands.push({ ...common, data: line.band.lower })
      bands.push({ ...common, data: diff, areaStyle: { color: line.color, opacity: 0.18 } })
    }
  })
  series.push(...bands)
  const axisCommon = {
    nameTextStyle: { color: p.muted, fontSize: font },
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { lineStyle: { color: p.axis } },
    axisLabel: { color: p.muted, fontSize: font, formatter: (v: number) => axisLabel(v), hideOverlap: true },
    splitLine: { lineStyle: { color: p.split } },
    minorTick: { show: false }
  }
  const legendShown = input.legend !== false && input.lines.some((l) => !l.ghost)
  // values of a diverged curve (or any far outlier) stay out of the automatic y range, and the chart says so
  const auto = input.yAuto === 'full' ? null : robustRange(input.lines.flatMap((l) => l.points.map(([, y]) => y)), yLog)
  const [userMin, userMax] = input.yRange ?? [null, null]
  const yMin = userMin ?? auto?.min
  const yMax = userMax ?? auto?.max
  const cut = userMin === null && userMax === null ? auto : null
  const note = cut ? `${cut.outside} point${cut.outside === 1 ? '' : 's'} outside the y range not shown (up to ${fmtNum(cut.extreme)})` : ''
  return {
    animation: false,
    backgroundColor: exporting ? p.background : 'transparent',
    textStyle: { fontFamily: p.fontFamily, color: p.text },
    title: !input.lines.length
      ? { text: 'no data for these series', left: 'center', top: 'middle', textStyle: { fontSize: font + 1, color: p.muted, fontWeight: 400 } }
      : input.title && exporting
        ? { text: input.title, left: 'center', textStyle: { fontSize: font + 4, color: p.text, fontWeight: 500 } }
        : { show: false },
    grid: {
      left: exporting ? 40 : 8,
      right: exporting ? 40 : 14,
      top: (legendShown ? (exporting ? 64 : 32) : 8) + (input.yName ? (exporting ? 30 : 16) : 0) + (input.title && exporting ? 40 : 0),
      bottom: exporting ? 64 : 20,
      containLabel: true
    },
    legend: legendShown
      ? {
          type: exporting ? 'plain' : 'scroll',
          top: input.title && exporting ? 44 : 2,
          padding: [3, 5],
          left: exporting ? 'center' : 8,
          width: exporting ? undefined : '78%',
          itemWidth: exporting ? 40 : 22,
          itemHeight: exporting ? 12 : 10,
          textStyle: { color: p.text, fontSize: font, lineHeight: exporting ? 28 : 16 },
          // line series draw a circle in their legend icon even without symbols: hide it, keep the (dashed) line
          itemStyle: { opacity: 0 },
          pageTextStyle: { color: p.muted },
          data: [...new Set(input.lines.filter((l) => !l.ghost).map((l) => l.name))]
        }
      : { show: false },
    tooltip: exporting
      ? undefined
      : {
          trigger: 'axis',
          confine: true,
          backgroundColor: p.tooltipBackground,
          borderColor: p.tooltipBorder,
          textStyle: { color: p.text, fontSize: 11 },
          axisPointer: { type: 'line', lineStyle: { color: p.axis } },
          valueFormatter: (v: unknown) => fmtNum(typeof v === 'number' ? v : Array.isArray(v) ? v[1] : (v as number)),
          order: 'valueDesc'
        },
    toolbox: exporting
      ? undefined
      : {
          right: 4,
          top: -4,
          itemSize: 12,
          iconStyle: { borderColor: p.muted },
          feature: { dataZoom: { yAxisIndex: 'none', title: { zoom: 'box zoom', back: 'undo zoom' } }, restore: { title: 'reset' } }
        },
    dataZoom: exporting ? undefined : [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    xAxis: {
      ...axisCommon,
      type: xLog ? 'log' : 'value',
      logBase: 10,
      name: input.xName ?? 't',
      nameLocation: 'middle',
      nameGap: exporting ? 44 : 24,
      min: 'dataMin',
      max: 'dataMax',
      splitLine: { show: true, lineStyle: { color: p.split } }
    },
    yAxis: {
      ...axisCommon,
      type: yLog ? 'log' : 'value',
      logBase: 10,
      name: input.yName ?? '',
      nameLocation: 'end',
      nameGap: exporting ? 16 : 10,
      nameTextStyle: { color: p.muted, fontSize: font, align: 'left', padding: [0, 0, 0, exporting ? -30 : -18] },
      scale: true,
      ...(yMin !== undefined && yMin !== null ? { min: yMin } : {}),
      ...(yMax !== undefined && yMax !== null ? { max: yMax } : {})
    },
    graphic: note
      ? [{ type: 'text', right: exporting ? 40 : 16, bottom: exporting ? 8 : 2, style: { text: '⚠ ' + note, fill: p.muted, fontSize: exporting ? 16 : 10, fontFamily: p.fontFamily } }]
      : [],
    series
  } as ChartOption
}
