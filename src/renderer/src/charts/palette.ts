// Chart colours per theme (the UI's CSS variables have the same values).
export interface Palette {
  name: 'light' | 'dark'
  background: string
  text: string
  muted: string
  axis: string
  split: string
  tooltipBackground: string
  tooltipBorder: string
  series: string[]
  /** low → zero → high, for heatmaps of signed matrices */
  diverging: [string, string, string]
  fontFamily: string
  /** a figure's own style, chosen in the figure panel (FigurePanel.vue); absent on screen */
  figure?: FigureStyle
}

/** What a figure for a paper sets beyond colours: type size, line width, markers, dashes. */
export interface FigureStyle {
  /** font size of tick labels, legend and axis names in px (the title is 2 px larger) */
  fontSize: number
  /** width of a solid line in px (dashed lines are drawn 15 % wider so they read as heavy) */
  lineWidth: number
  /** a marker shape per curve, a dozen markers along each */
  markers: boolean
  /** SGD solid, ODE dashed (and the like); false draws every curve solid */
  dashes: boolean
}

/** Okabe & Ito (2008): eight colours told apart with every common colour-vision deficiency */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442']
/** Paul Tol's "bright" scheme, also colour-blind safe */
export const TOL_BRIGHT = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB']
/** greys for print in black and white (tell curves apart by dashes and markers too) */
export const GREYS = ['#000000', '#555555', '#888888', '#aaaaaa']

// single quotes inside: the SVG renderer writes the family into a double-quoted style attribute unescaped
const FONT = "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

export const LIGHT: Palette = {
  name: 'light',
  background: '#ffffff',
  text: '#1f2328',
  muted: '#656d76',
  axis: '#8c959f',
  split: '#eaeef2',
  tooltipBackground: 'rgba(255,255,255,0.97)',
  tooltipBorder: '#d0d7de',
  series: ['#3366aa', '#d9762b', '#3a9a5b', '#c1403d', '#8464b0', '#8c6a55', '#cc6aa5', '#5f6b77', '#a89a20', '#2b9fb3'],
  diverging: ['#2f63a8', '#f6f6f6', '#b83c37'],
  fontFamily: FONT
}

export const DARK: Palette = {
  name: 'dark',
  background: '#16191d',
  text: '#d7dce1',
  muted: '#8b949e',
  axis: '#5a636d',
  split: '#262b31',
  tooltipBackground: 'rgba(30,34,39,0.97)',
  tooltipBorder: '#3a4048',
  series: ['#6d9eeb', '#f0a04b', '#5fc07f', '#e8695f', '#a98be0', '#c09a82', '#e48ac4', '#9aa5b1', '#d6c44e', '#4fc3d9'],
  diverging: ['#4f86c6', '#23272c', '#d0605a'],
  fontFamily: FONT
}
