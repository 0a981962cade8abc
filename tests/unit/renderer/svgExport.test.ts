// Exported SVG must open in other programs: well-formed XML. ECharts' SVG renderer writes the font
// family into double-quoted style attributes unescaped, so a family name in double quotes
// ("Segoe UI") broke every export. Rendered here server-side from the lab's own option builder.
import { describe, expect, it } from 'vitest'
import { echarts } from '@renderer/charts/echarts'
import { lineOption } from '@renderer/charts/lineOption'
import { DARK, LIGHT } from '@renderer/charts/palette'

/** Well-formed tags: every attribute value quoted, no quote, '<' or raw '&' inside a value; tags balanced. */
function checkXml(svg: string): string | null {
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g
  let last = 0
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const between = svg.slice(last, m.index)
    if (between.includes('<')) return `malformed tag near offset ${last + between.indexOf('<')}: ${svg.slice(last + between.indexOf('<'), last + between.indexOf('<') + 80)}`
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(between)) return `raw & in text near offset ${last}`
    last = m.index + m[0].length
    if (!m[2]) continue
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(m[3])) return `raw & in an attribute of <${m[2]}>`
    if (m[1]) {
      if (stack.pop() !== m[2]) return `unbalanced </${m[2]}>`
    } else if (!m[4]) stack.push(m[2])
  }
  if (svg.slice(last).includes('<')) return 'malformed tail'
  return stack.length ? `unclosed <${stack[stack.length - 1]}>` : null
}

describe('SVG export', () => {
  for (const palette of [LIGHT, DARK])
    it(`is well-formed XML with the lab's fonts, a legend, log axes and names with markup characters (${palette === LIGHT ? 'light' : 'dark'})`, () => {
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 })
      chart.setOption(
        lineOption({
          lines: [
            { name: 'ε_g SGD & ODE <η = 0.2>', points: [[0.01, 0.5], [1, 0.1], [10, 0.01]], color: palette.series[0], dash: 'solid', width: 1.4 },
            { name: 'Δv "quoted"', points: [[0.01, 0.4], [1, 0.2], [10, 0.02]], color: palette.series[1], dash: 'dashed', width: 1.8 }
          ],
          xLog: true, yLog: true, xName: 't', yName: 'ε_g', palette, exporting: true, title: 'Run a & b'
        })
      )
      const svg = chart.renderToSVGString()
      chart.dispose()
      expect(svg.startsWith('<svg')).toBe(true)
      expect(svg).toContain('Segoe UI')
      expect(checkXml(svg)).toBeNull()
    })

  it('the checker catches what broke the export', () => {
    expect(checkXml('<svg><text style="font-family:ui-sans-serif, "Segoe UI"">x</text></svg>')).not.toBeNull()
    expect(checkXml('<svg><text>a & b</text></svg>')).not.toBeNull()
    expect(checkXml('<svg><g></svg>')).not.toBeNull()
    expect(checkXml('<svg><text style="font-family:&quot;a&quot;">x &amp; y</text></svg>')).toBeNull()
  })
})

describe("lineOption's automatic y range", () => {
  const lines = (ys: number[]) => [{ name: 'a', points: ys.map((y, i) => [i + 1, y] as [number, number]), color: '#000' }]
  const ys = [...Array.from({ length: 40 }, (_, i) => 0.1 + i / 100), 1e200]
  const yAxis = (o: unknown) => (o as { yAxis: { min?: number; max?: number } }).yAxis
  it("'robust' (default) leaves a diverged value out and counts it; 'full' spans every finite value", () => {
    const robust = lineOption({ lines: lines(ys), xLog: false, yLog: false, palette: LIGHT })
    // the robust range [0.1, 0.49], its ends nice: multiples of the tick step (issue 12: no 0.4873 end label)
    expect(yAxis(robust).max).toBeCloseTo(0.5, 12)
    expect(yAxis(robust).min).toBeCloseTo(0.1, 12)
    expect(JSON.stringify((robust as { graphic: unknown }).graphic)).toContain('1 point outside the y range')
    const full = lineOption({ lines: lines(ys), xLog: false, yLog: false, palette: LIGHT, yAuto: 'full' })
    expect(yAxis(full).max).toBeGreaterThanOrEqual(1e200)
    expect((full as { graphic: unknown[] }).graphic).toEqual([])
  })

  it('a diverged run climbing to 1e200 (half the points): the y range follows the healthy run, its climb is counted', () => {
    // healthy ε_g in [0.1, 0.5]; the diverged run rises geometrically from 0.5 to 1e200 over 40 points
    const healthy = { name: 'ok', points: Array.from({ length: 40 }, (_, i) => [i + 1, 0.5 - i / 100] as [number, number]), color: '#000' }
    const climb = Array.from({ length: 40 }, (_, i) => 0.5 * Math.pow(1e200 / 0.5, i / 39))
    const diverged = { name: 'diverged', points: climb.map((y, i) => [i + 1, y] as [number, number]), color: '#f00', diverged: true }
    const o = lineOption({ lines: [healthy, diverged], xLog: false, yLog: true, palette: LIGHT })
    // on a log axis the ends are whole decades around [0.11, 0.5]
    expect(yAxis(o).max).toBeLessThanOrEqual(1)
    expect(yAxis(o).min).toBeGreaterThanOrEqual(0.1)
    const above = climb.filter((y) => y > 0.5).length
    expect(JSON.stringify((o as { graphic: unknown }).graphic)).toContain(`${above} points outside the y range`)
    // without the mark the quartile fences alone let the climb reach far above the healthy curve
    const unmarked = lineOption({ lines: [healthy, { ...diverged, diverged: false }], xLog: false, yLog: true, palette: LIGHT })
    expect(yAxis(unmarked).max).toBeGreaterThan(1e10)
  })
})
