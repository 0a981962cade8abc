// A figure's size and type as a paper asks for them (cm or inches at a DPI, font size in pt) turned
// into what the chart is laid out in: CSS px at 96 per inch, and PNG pixels per px = DPI / 96.
// Points are 1/72 in, so a 9 pt font is 12 layout px whatever the DPI; the DPI sets only how many
// pixels the PNG has. A size in px is laid out as given, its PNG at one pixel per px.
import type { FigureSpec } from '@renderer/charts/figureSpec'

export type Unit = 'cm' | 'in' | 'px'

export interface FigureSettings {
  unit: Unit
  width: number
  height: number
  /** PNG resolution for a size in cm or inches */
  dpi: number
  fontPt: number
  linePt: number
  markers: boolean
  dashes: boolean
}

const PX_PER_IN = 96
const PX_PER_PT = PX_PER_IN / 72

/** layout px of a length in the unit */
export function toPx(value: number, unit: Unit): number {
  return unit === 'px' ? value : unit === 'in' ? value * PX_PER_IN : (value / 2.54) * PX_PER_IN
}

const clamp = (v: number, lo: number, hi: number, fallback: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback)

/** The FigureSpec of the settings (sizes clamped to 50…8000 px, DPI to 36…1200), and a line saying what it makes. */
export function figureSize(s: FigureSettings): { spec: FigureSpec; note: string } {
  const width = Math.round(clamp(toPx(s.width, s.unit), 50, 8000, 800))
  const height = Math.round(clamp(toPx(s.height, s.unit), 50, 8000, 500))
  const pixelRatio = s.unit === 'px' ? 1 : clamp(s.dpi, 36, 1200, 300) / PX_PER_IN
  const spec: FigureSpec = {
    width,
    height,
    pixelRatio,
    style: { fontSize: clamp(s.fontPt, 4, 40, 9) * PX_PER_PT, lineWidth: clamp(s.linePt, 0.25, 8, 1.2) * PX_PER_PT, markers: s.markers, dashes: s.dashes }
  }
  const pngW = Math.round(width * pixelRatio)
  const pngH = Math.round(height * pixelRatio)
  const cm = (px: number) => ((px / PX_PER_IN) * 2.54).toFixed(1)
  return { spec, note: `PNG ${pngW} × ${pngH} pixels; PDF and SVG ${cm(width)} × ${cm(height)} cm` }
}
