// Publication export of a chart: PNG (1600×1000 by default) and SVG (vector), rendered
// off-screen from the same option builder in the light palette.
import { echarts, type ChartOption } from './echarts'
import { LIGHT, type Palette } from './palette'

export type ChartBuilder = (ctx: { palette: Palette; exporting: boolean }) => ChartOption

export interface ExportSize {
  width: number
  height: number
}

export const PUBLICATION: ExportSize = { width: 1600, height: 1000 }

function offscreen(size: ExportSize): HTMLDivElement {
  const div = document.createElement('div')
  div.style.cssText = `position:fixed;left:-20000px;top:0;width:${size.width}px;height:${size.height}px;`
  document.body.appendChild(div)
  return div
}

export function renderPng(build: ChartBuilder, size: ExportSize = PUBLICATION): string {
  const div = offscreen(size)
  const chart = echarts.init(div, null, { renderer: 'canvas', width: size.width, height: size.height, devicePixelRatio: 1 })
  try {
    chart.setOption(build({ palette: LIGHT, exporting: true }))
    return chart.getDataURL({ type: 'png', pixelRatio: 1, backgroundColor: LIGHT.background })
  } finally {
    chart.dispose()
    div.remove()
  }
}

export function renderSvg(build: ChartBuilder, size: ExportSize = PUBLICATION): string {
  const div = offscreen(size)
  const chart = echarts.init(div, null, { renderer: 'svg', width: size.width, height: size.height })
  try {
    chart.setOption(build({ palette: LIGHT, exporting: true }))
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
    div.remove()
  }
}
