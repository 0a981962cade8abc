// Math in labels: a TeX-like markup, `ε_g^{SGD}`, `v_{k}`, `Q_{12}`, rendered three ways —
// ECharts rich text (canvas, SVG, PDF: sub/superscripts as smaller, shifted runs), HTML
// (<sub>/<sup>, for tooltips and headings), and plain text (aria labels, titles, file names).
// `_x` / `^x` take a run of letters and digits (`t_max`, `f_NTK`, `σ_w0`; one other character
// such as `L_∞`, or a sign and its digits as in `P^−1`), `_{…}` / `^{…}` a group; `\_` `\^` `\\`
// are literal (escapeMath puts run names and parameter values into markup); the rest is literal.

export type Run = { text: string; shift: 'base' | 'sub' | 'sup' }

/** an unbraced script: letters and digits (with combining marks), or a sign and digits */
const SCRIPT_RUN = /^(?:[\p{L}\p{N}][\p{L}\p{N}\p{M}]*|[−+-]\p{N}+)/u

/** Split markup into runs of base, subscript and superscript text. */
export function parseMath(markup: string): Run[] {
  const runs: Run[] = []
  const push = (text: string, shift: Run['shift']) => {
    if (!text) return
    const last = runs[runs.length - 1]
    if (last && last.shift === shift) last.text += text
    else runs.push({ text, shift })
  }
  let i = 0
  let base = ''
  while (i < markup.length) {
    const c = markup[i]
    if (c === '\\' && i + 1 < markup.length && '_^\\'.includes(markup[i + 1])) {
      base += markup[i + 1]
      i += 2
      continue
    }
    if ((c === '_' || c === '^') && i + 1 < markup.length) {
      let arg: string
      let next: number
      if (markup[i + 1] === '{') {
        const close = markup.indexOf('}', i + 2)
        if (close < 0) {
          base += c
          i++
          continue
        }
        arg = markup.slice(i + 2, close)
        next = close + 1
      } else {
        const run = SCRIPT_RUN.exec(markup.slice(i + 1))
        arg = run ? run[0] : String.fromCodePoint(markup.codePointAt(i + 1)!)
        next = i + 1 + arg.length
      }
      push(base, 'base')
      base = ''
      push(arg, c === '_' ? 'sub' : 'sup')
      i = next
      continue
    }
    base += c
    i++
  }
  push(base, 'base')
  return runs
}

/** literal text (a run's name, a parameter value) as markup: its _ and ^ stay characters */
export function escapeMath(text: string): string {
  return text.replace(/[_^\\]/g, (c) => '\\' + c)
}

/** rich-text style names used by toRich */
export const RICH_BASE = 'm'
export const RICH_SUB = 'sub'
export const RICH_SUP = 'sup'

// ECharts rich tokens are `{style|text}`: a '}' inside would end the token early
const richSafe = (s: string) => s.replace(/[{}]/g, (b) => (b === '{' ? '(' : ')'))

/** ECharts rich text (use with richStyles on the same text style). */
export function toRich(markup: string): string {
  return parseMath(markup)
    .map((r) => `{${r.shift === 'base' ? RICH_BASE : r.shift === 'sub' ? RICH_SUB : RICH_SUP}|${richSafe(r.text)}}`)
    .join('')
}

/**
 * The rich styles for toRich at a font size: every run shares one line height; the base run is
 * centred in it, a subscript sits at its bottom and a superscript at its top, in 70 % type.
 */
export function richStyles(fontSize: number, color?: string, fontFamily?: string): Record<string, Record<string, unknown>> {
  const lineHeight = Math.round(fontSize * 1.5)
  const small = Math.max(7, Math.round(fontSize * 0.72))
  const common = { lineHeight, ...(color ? { color } : {}), ...(fontFamily ? { fontFamily } : {}) }
  return {
    [RICH_BASE]: { ...common, fontSize, verticalAlign: 'middle' },
    [RICH_SUB]: { ...common, fontSize: small, verticalAlign: 'bottom' },
    [RICH_SUP]: { ...common, fontSize: small, verticalAlign: 'top' }
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** HTML with <sub>/<sup>; every character of the text escaped. */
export function toHtml(markup: string): string {
  return parseMath(markup)
    .map((r) => (r.shift === 'base' ? escapeHtml(r.text) : `<${r.shift}>${escapeHtml(r.text)}</${r.shift}>`))
    .join('')
}

const SUB: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '−': '₋', '-': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', o: 'ₒ', x: 'ₓ', h: 'ₕ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', p: 'ₚ', s: 'ₛ', t: 'ₜ', i: 'ᵢ', j: 'ⱼ', r: 'ᵣ', u: 'ᵤ', v: 'ᵥ' }
const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '−': '⁻', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ' }

/**
 * Plain Unicode: sub/superscripts as Unicode sub/superscript characters where every character of
 * the run has one (v₁, 10⁻³), else written `_g`, `^SGD` (ε_g^SGD).
 */
export function toPlain(markup: string): string {
  return parseMath(markup)
    .map((r) => {
      if (r.shift === 'base') return r.text
      const table = r.shift === 'sub' ? SUB : SUP
      const chars = [...r.text]
      if (chars.every((c) => table[c])) return chars.map((c) => table[c]).join('')
      const mark = r.shift === 'sub' ? '_' : '^'
      return chars.length === 1 ? mark + r.text : `${mark}${r.text}`
    })
    .join('')
}
