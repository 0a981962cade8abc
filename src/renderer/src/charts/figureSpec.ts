// What an exported figure is: its size in layout px, PNG pixels per px, style and colours
// (no DOM here: lib/figureSize.ts and the tests build these without a browser).
import type { FigureStyle } from './palette'

export interface ExportSize {
  width: number
  height: number
}

/** a figure as the panel sets it: size in px, PNG pixels per px, style and colours */
export interface FigureSpec extends ExportSize {
  /** PNG pixels per px (DPI / 96 for a size chosen in cm or inches) */
  pixelRatio?: number
  style?: FigureStyle
  /** series colours (a colour-blind-safe set); the lab's own by default */
  colors?: string[]
}

export const PUBLICATION: ExportSize = { width: 1600, height: 1000 }
