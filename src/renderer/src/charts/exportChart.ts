// Publication export of a chart: PNG, SVG (vector) and, through exportPdf.ts, PDF, rendered
// off-screen from the same option builder in the light palette — at the figure panel's size,
// type size, line width, markers and colours (FigureSpec), or 1600×1000 by default.
import { echarts, type ChartOption } from './echarts'
import { LIGHT, type Palette } from './palette'
import { fitLegend } from './fitLegend'
import { PUBLICATION, type ExportSize, type FigureSpec } from './figureSpec'

export { PUBLICATION, type ExportSize, type FigureSpec } from './figureSpec'

export type ChartBuilder = (ctx: { palette: Palette; exporting: boolean }) => ChartOption

export function figurePalette(spec: FigureSpec): Palette {
  return { ...LIGHT, series: spec.colors ?? LIGHT.series, figure: spec.style }
}

function offscreen(size: ExportSize): HTMLDivElement {
  const div = document.createElement('div')
  div.style.cssText = `position:fixed;left:-20000px;top:0;width:${size.width}px;height:${size.height}px;`
  document.body.appendChild(div)
  return div
}

/** lay out a chart of the figure, legend fitted, and hand it to `use` before disposing of it */
function withChart<T>(build: ChartBuilder, spec: FigureSpec, renderer: 'canvas' | 'svg', use: (chart: echarts.ECharts) => T): T {
  const div = offscreen(spec)
  const chart = echarts.init(div, null, { renderer, width: spec.width, height: spec.height, devicePixelRatio: renderer === 'canvas' ? 1 : undefined })
  try {
    chart.setOption(build({ palette: figurePalette(spec), exporting: true }))
    fitLegend(chart, spec.style ? Math.round(spec.style.fontSize * 0.8) : 14)
    return use(chart)
  } finally {
    chart.dispose()
    div.remove()
  }
}

export function renderPng(build: ChartBuilder, spec: FigureSpec = PUBLICATION): string {
  return withChart(build, spec, 'canvas', (chart) => chart.getDataURL({ type: 'png', pixelRatio: spec.pixelRatio ?? 1, backgroundColor: LIGHT.background }))
}

export function renderSvg(build: ChartBuilder, spec: FigureSpec = PUBLICATION): string {
  return withChart(build, spec, 'svg', (chart) => chart.renderToSVGString())
}
