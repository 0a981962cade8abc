// Line charts of series over t (log or linear axes), with optional mean ± std bands.
import type { ChartOption } from './echarts'
import { fmtNum } from '@renderer/lib/format'
import { robustRange, type Point } from '@renderer/lib/chartData'
import { richStyles, toHtml, toRich } from '@renderer/lib/mathText'
import type { Palette } from './palette'
import { linearScale, logScale, type AxisScale } from './axisScale'

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
  /** a marker at every point (sampled values such as the KL study's α), not only on short curves */
  markers?: boolean
  /** the tooltip's name when the legend's is shorter (a legend entry shared by SGD and ODE) */
  tooltipName?: string
  /** the curve of a diverged run: the automatic y range follows the other curves (when there are any) */
  diverged?: boolean
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
  /** a caption under the plot (what a reader must know, e.g. why values can be negative) */
  caption?: string
}

/** a tick label in the lab's number style (kept for callers outside the line charts) */
export function axisLabel(value: number): string {
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (abs >= 1e-3 && abs < 1e5) return String(Number(value.toPrecision(6)))
  const exp = Math.floor(Math.log10(abs))
  const mant = value / Math.pow(10, exp)
  return Math.abs(mant - 1) < 1e-9 ? `1e${exp}` : value.toExponential(1)
}

/** the id of the line charts' wheel zoom (an inside dataZoom, enabled while a modifier key is held) */
export const WHEEL_ZOOM = 'wheel-zoom'

const MARKERS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect', 'emptyTriangle', 'emptyDiamond']

/** finite extent of values (positive ones on a log axis) */
function extent(values: Iterable<number | null>, log: boolean): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) if (v !== null && Number.isFinite(v) && (!log || v > 0)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
  return lo <= hi ? [lo, hi] : null
}

/** A tooltip row's value: the y of an [x, y] point. */
const yOf = (v: unknown): number | null => (Array.isArray(v) ? (v[1] as number | null) : typeof v === 'number' ? v : null)

export function lineOption(input: LineChartInput): ChartOption {
  const { palette: p, exporting = false, xLog, yLog } = input
  const fig = p.figure
  const font = fig?.fontSize ?? (exporting ? 22 : 11)
  const lineScale = fig ? fig.lineWidth / 1.6 : exporting ? 2 : 1
  const many = input.lines.reduce((n, l) => Math.max(n, l.points.length), 0) > 600
  const series: unknown[] = []
  const bands: unknown[] = []
  const names = [...new Set(input.lines.filter((l) => !l.ghost).map((l) => l.name))]
  /** per series index (main lines come first, in input order): the tooltip's name */
  const tooltipNames = input.lines.map((l) => l.tooltipName ?? l.name)
  input.lines.forEach((line, i) => {
    const dash = fig && !fig.dashes ? 'solid' : (line.dash ?? 'solid')
    const figMarkers = !!fig?.markers && !line.ghost
    const every = line.markers || line.points.length <= 2
    const marker = figMarkers ? MARKERS[Math.max(0, names.indexOf(line.name)) % MARKERS.length] : 'circle'
    // a dozen markers along a long curve (every point on a short or sampled one)
    const stride = every ? 1 : Math.max(1, Math.round(line.points.length / 12))
    const data = figMarkers && !every ? line.points.map((pt, j) => (j % stride === Math.floor(stride / 2) ? { value: pt } : { value: pt, symbol: 'none' })) : line.points
    const showSymbol = every || figMarkers
    // the main line comes first: the legend takes its icon from the first series of a name
    series.push({
      type: 'line',
      name: line.name,
      data,
      symbol: showSymbol ? marker : 'none',
      showSymbol,
      showAllSymbol: true,
      symbolSize: (figMarkers ? 5.5 : line.markers ? 6 : 4) * Math.max(1, font / 14),
      connectNulls: false,
      sampling: many && !figMarkers ? 'lttb' : undefined,
      silent: line.ghost,
      tooltip: line.ghost ? { show: false } : undefined,
      color: line.color,
      // markers (and their legend icons) in the line's colour
      itemStyle: { color: line.color },
      lineStyle: { color: line.color, width: (line.width ?? 1.6) * lineScale, type: dash, opacity: line.opacity ?? 1 },
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

  // ---- axis ranges: nice ends, one label format per axis
  const legendShown = input.legend !== false && names.length > 0
  // values of a diverged curve (or any far outlier) stay out of the automatic y range, and the chart says so
  const yValues = input.lines.flatMap((l) => l.points.map(([, y]) => y))
  const auto = input.yAuto === 'full' ? null : autoRange(input.lines, yLog)
  const [userMin, userMax] = input.yRange ?? [null, null]
  const bandValues = input.lines.flatMap((l) => (l.band ? [...l.band.lower, ...l.band.upper].map(([, y]) => y) : []))
  const dataY = auto ? ([auto.min, auto.max] as [number, number]) : extent([...yValues, ...bandValues], yLog)
  const dataX = extent(input.lines.flatMap((l) => l.points.map(([x]) => x)), xLog)
  const yLo = userMin ?? dataY?.[0]
  const yHi = userMax ?? dataY?.[1]
  const yScale: AxisScale | null = yLo !== undefined && yHi !== undefined && yLo !== null && yHi !== null ? (yLog ? logScale(yLo, yHi) : linearScale(yLo, yHi)) : null
  const xScale: AxisScale | null = dataX ? (xLog ? logScale(dataX[0], dataX[1]) : linearScale(dataX[0], dataX[1], 6)) : null
  const cut = userMin === null && userMax === null ? auto : null
  const note = cut ? `${cut.outside} point${cut.outside === 1 ? '' : 's'} outside the y range not shown (up to ${fmtNum(cut.extreme)})` : ''
  const caption = [input.caption, note ? '⚠ ' + note : ''].filter(Boolean).join('   ')

  const rich = richStyles(font, p.muted, p.fontFamily)
  const textRich = richStyles(font, p.text, p.fontFamily)
  const axisCommon = (scale: AxisScale | null) => ({
    nameTextStyle: { color: p.muted, fontSize: font, rich },
    nameMoveOverlap: true,
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { lineStyle: { color: p.axis } },
    axisLabel: { color: p.muted, fontSize: font, formatter: scale ? scale.format : (v: number) => axisLabel(v), hideOverlap: true, rich: richStyles(font, p.muted, p.fontFamily), ...(scale?.labels ? { customValues: scale.labels } : {}) },
    splitLine: { show: true, lineStyle: { color: p.split } },
    minorTick: scale?.minorSplit ? { show: true, splitNumber: scale.minorSplit, length: exporting ? 4 : 2.5, lineStyle: { color: p.axis } } : { show: false },
    ...(scale ? { min: scale.min, max: scale.max } : {})
  })
  const titleShown = !!input.title && exporting
  const legendTop = titleShown ? Math.round(font * 2.2) : 2
  const gap = Math.round(font * 0.9)
  return {
    animation: false,
    backgroundColor: exporting ? p.background : 'transparent',
    textStyle: { fontFamily: p.fontFamily, color: p.text },
    title: !input.lines.length
      ? { show: true, text: 'no data for these series', left: 'center', top: 'middle', textStyle: { fontSize: font + 1, color: p.muted, fontWeight: 400 } }
      : titleShown
        ? { show: true, text: toRich(input.title!), left: 'center', top: 4, textStyle: { fontSize: font + 2, color: p.text, fontWeight: 500, rich: richStyles(font + 2, p.text, p.fontFamily) } }
        : { show: false },
    grid: {
      left: exporting ? gap * 2 : 8,
      right: exporting ? gap * 2 : 22,
      // the legend's height is measured after layout and the grid moved below it (fitLegend)
      top: legendTop + (legendShown ? Math.round(font * 2) : 0) + gap,
      bottom: (exporting ? gap : 4) + (caption ? Math.round(font * 1.6) : 0),
      // tick labels and axis names inside the grid's box (ECharts 6: containLabel's successor)
      outerBoundsMode: 'same',
      outerBoundsContain: 'all'
    },
    legend: legendShown
      ? {
          // plain, never paged: it wraps onto as many rows as it needs and the grid moves down
          show: true,
          type: 'plain',
          top: legendTop,
          left: exporting ? 'center' : 8,
          right: exporting ? undefined : 24,
          padding: [3, 5],
          itemGap: Math.round(font * 1.1),
          itemWidth: exporting ? Math.round(font * 2) : 22,
          itemHeight: Math.round(font * 0.8),
          formatter: (name: string) => toRich(name),
          textStyle: { color: p.text, fontSize: font, rich: textRich },
          // line series draw a circle in their legend icon even without symbols: hide it unless markers are on
          itemStyle: fig?.markers ? undefined : { opacity: 0 },
          data: names
        }
      : { show: false },
    tooltip: exporting
      ? undefined
      : {
          trigger: 'axis',
          backgroundColor: p.tooltipBackground,
          borderColor: p.tooltipBorder,
          textStyle: { color: p.text, fontSize: 11 },
          axisPointer: { type: 'line', lineStyle: { color: p.axis } },
          // beside the pointer, never above the plot's top: the legend stays readable (ChartPanel
          // passes the fitted top); a tall tooltip runs on below the chart rather than over it
          confine: false,
          appendTo: 'body',
          position: tooltipPosition(legendTop + (legendShown ? Math.round(font * 2) : 0)),
          formatter: (params: unknown) => tooltipHtml((params as TooltipParam[]).map((q) => ({ ...q, seriesName: tooltipNames[q.seriesIndex] ?? q.seriesName })), input.xName ?? 't')
        },
    // the zoom tools stand in the grid's right margin, low, clear of the legend above
    toolbox: exporting
      ? undefined
      : {
          orient: 'vertical',
          right: 1,
          bottom: Math.round(font * 3.4),
          itemSize: 12,
          itemGap: 8,
          iconStyle: { borderColor: p.muted },
          feature: { dataZoom: { yAxisIndex: 'none', title: { zoom: 'box zoom', back: 'undo zoom' } }, restore: { title: 'reset' } }
        },
    // the wheel scrolls the page: an enabled inside zoom takes every wheel event over the plot,
    // so it stays disabled until Ctrl/⌘ is held (ChartPanel enables it); or use the box-zoom tool
    dataZoom: exporting ? undefined : [{ id: WHEEL_ZOOM, type: 'inside', disabled: true, xAxisIndex: 0, filterMode: 'none', zoomOnMouseWheel: true, moveOnMouseWheel: false, moveOnMouseMove: false, preventDefaultMouseMove: false }],
    xAxis: {
      ...axisCommon(xScale),
      type: xLog ? 'log' : 'value',
      logBase: 10,
      // ECharts' ticks must be the scale's, or its labels would not share the scale's decimals
      ...(xScale ? { interval: xScale.interval } : {}),
      // a little further down than the y labels are left: the two corner labels never touch
      axisLabel: { ...axisCommon(xScale).axisLabel, margin: Math.round(font * 0.9) },
      name: toRich(input.xName ?? 't'),
      nameLocation: 'middle',
      nameGap: Math.round(font * 1.1)
    },
    yAxis: {
      ...axisCommon(yScale),
      type: yLog ? 'log' : 'value',
      logBase: 10,
      ...(yScale ? { interval: yScale.interval } : {}),
      // the name runs along the axis, left of the tick labels (nameMoveOverlap keeps it clear of them)
      name: toRich(input.yName ?? ''),
      nameLocation: 'middle',
      nameRotate: 90,
      nameGap: Math.round(font * 0.9),
      scale: true
    },
    graphic: caption
      ? [{ type: 'text', left: exporting ? gap * 2 : 12, bottom: exporting ? Math.round(gap / 2) : 2, style: { text: caption, fill: p.muted, fontSize: exporting ? font * 0.8 : 10, fontFamily: p.fontFamily } }]
      : [],
    series
  } as ChartOption
}

/**
 * The automatic y range: robust fences over the curves of runs that did not diverge (robustRange),
 * and the points of diverged runs outside it left out and counted; with no such curves, robust
 * fences over all. A diverged run's climb to 1e200 is half its points, more than quartiles can fence.
 */
function autoRange(lines: LineInput[], yLog: boolean): ReturnType<typeof robustRange> {
  const all = lines.flatMap((l) => l.points.map(([, y]) => y))
  const healthy = lines.filter((l) => !l.diverged && !l.ghost)
  if (!healthy.length || healthy.length === lines.filter((l) => !l.ghost).length) return robustRange(all, yLog)
  const ok = (y: number | null): y is number => y !== null && Number.isFinite(y) && (!yLog || y > 0)
  const inner = healthy.flatMap((l) => l.points.map(([, y]) => y)).filter(ok)
  if (!inner.length) return robustRange(all, yLog)
  const fenced = robustRange(inner, yLog)
  let min = fenced?.min ?? Math.min(...inner)
  let max = fenced?.max ?? Math.max(...inner)
  let outside = fenced?.outside ?? 0
  let extreme = fenced?.extreme ?? 0
  for (const l of lines)
    if (l.diverged && !l.ghost)
      for (const [, y] of l.points) {
        if (!ok(y)) continue
        if (y < min || y > max) {
          outside++
          extreme = Math.max(extreme, Math.abs(y))
        }
      }
  if (outside === 0) return null
  return { min, max, outside, extreme }
}

/** tooltip placement: beside the pointer (right, else left), its top at `top` px (below the legend) */
export function tooltipPosition(top: number) {
  return (point: number[], _params: unknown, _dom: unknown, _rect: unknown, size: { contentSize: number[]; viewSize: number[] }) => {
    const [w] = size.contentSize
    const [vw] = size.viewSize
    const x = point[0] + 18 + w < vw ? point[0] + 18 : Math.max(0, point[0] - 18 - w)
    return [x, top]
  }
}

interface TooltipParam {
  seriesName: string
  seriesIndex: number
  value: unknown
  color: string
  marker: string
  axisValue: number
}

/** The tooltip: "t = 12.5" (the x axis' symbol), then the curves at that x, largest first. */
export function tooltipHtml(params: TooltipParam[], xName: string): string {
  if (!params.length) return ''
  const x = Array.isArray(params[0].value) ? (params[0].value[0] as number) : params[0].axisValue
  const rows = params
    .map((q) => ({ q, y: yOf(q.value) }))
    .sort((a, b) => (b.y ?? -Infinity) - (a.y ?? -Infinity))
    .map(({ q, y }) => `<div class="tt-row">${q.marker}<span>${toHtml(q.seriesName)}</span><b style="margin-left:12px;float:right">${fmtNum(y)}</b></div>`)
  return `<div class="tt-head" style="margin-bottom:3px">${toHtml(xName)} = ${fmtNum(x)}</div>${rows.join('')}`
}
