// Axis ends and tick labels for publication: nice ends (whole decades on log axes, multiples of the
// tick step on linear ones), and one label format per axis — never 0.001 beside 1e-4, never a
// data end such as 21.7439 as an end label. Log axes label each decade (as 0.01 … 100 when every
// decade fits in [10⁻³, 10⁴], else as 10ⁿ with a superscript) and carry minor ticks at 2…9 × 10ⁿ.
import { toRich } from '@renderer/lib/mathText'

export interface AxisScale {
  min: number
  max: number
  /** linear: the tick step; log: decades between labelled ticks (ECharts' interval on log₁₀) */
  interval: number
  /** minor ticks between major ones (log: 9 gives 2…9 × 10ⁿ; 0 for none) */
  minorSplit: number
  /** the tick label of a value (ECharts rich text when rich) */
  format: (value: number) => string
  rich: boolean
  /** labelled values when they are not the major ticks (a one-decade log axis: 1, 2, 5 × 10ⁿ) */
  labels?: number[]
}

/** 1, 2, 2.5 or 5 × 10ⁿ: the step that cuts [lo, hi] into about `target` parts */
export function niceStep(span: number, target = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1
  const raw = span / target
  const p = Math.pow(10, Math.floor(Math.log10(raw)))
  const f = raw / p
  return (f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10) * p
}

/** decimals a step needs (0.25 → 2, 5 → 0) */
function decimalsOf(step: number): number {
  for (let d = 0; d < 12; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9 * 10 ** d) return d
  return 12
}

/** the text of 10^k: as a decimal when the axis reads in decimals, else 10 with a superscript */
function decade(k: number, decimal: boolean): string {
  if (decimal) return k < 0 ? Number(`1e${k}`).toFixed(-k) : String(Number(`1e${k}`))
  return toRich(`10^{${k < 0 ? '−' + -k : k}}`)
}

/** a log axis over the data's [lo, hi] (both > 0) */
export function logScale(lo: number, hi: number): AxisScale {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return logScale(0.1, 1)
  let a = Math.floor(Math.log10(lo) + 1e-9)
  let b = Math.ceil(Math.log10(hi) - 1e-9)
  if (b <= a) b = a + 1
  const decades = b - a
  const interval = decades <= 8 ? 1 : Math.ceil(decades / 8)
  if (interval > 1) {
    a = Math.floor(a / interval) * interval
    b = Math.ceil(b / interval) * interval
  }
  const decimal = a >= -3 && b <= 4
  // one decade has only its two ends labelled: label 2 and 5 × 10ⁿ as well (in decimals)
  const oneDecade = decimal && b - a === 1
  const labels = oneDecade ? [1, 2, 5, 10].map((m) => Number((m * Number(`1e${a}`)).toPrecision(6))) : undefined
  return {
    // '1e-4', not 10 ** -4 (= 0.00009999999999999999)
    min: Number(`1e${a}`),
    max: Number(`1e${b}`),
    interval,
    minorSplit: interval === 1 ? 9 : 0,
    rich: !decimal,
    labels,
    format: (v) => {
      if (!(v > 0)) return ''
      const k = Math.floor(Math.log10(v) + 1e-9)
      const mantissa = v / Number(`1e${k}`)
      // whole decades (and 2, 5 × 10ⁿ on a one-decade axis) are labelled; ECharts may ask for others when zoomed
      if (Math.abs(mantissa - 1) < 1e-6) return decade(k, decimal)
      if (oneDecade && (Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6)) return k < 0 ? v.toFixed(-k) : String(Math.round(v))
      return ''
    }
  }
}

/** a linear axis over the data's [lo, hi]: ends on multiples of the step, labels in one format */
export function linearScale(lo: number, hi: number, target = 5): AxisScale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return linearScale(0, 1, target)
  if (hi < lo) [lo, hi] = [hi, lo]
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1
    lo -= pad
    hi += pad
  }
  const step = niceStep(hi - lo, target)
  const min = Math.floor(lo / step + 1e-9) * step
  const max = Math.ceil(hi / step - 1e-9) * step
  const big = Math.max(Math.abs(min), Math.abs(max))
  const sci = big >= 1e5 || step < 1e-3
  const decimals = decimalsOf(step)
  // scientific axes share one exponent's worth of mantissa digits
  const sciDigits = sci ? Math.max(0, Math.floor(Math.log10(big)) - Math.floor(Math.log10(step))) : 0
  return {
    min: Number(min.toFixed(decimals + 2)),
    max: Number(max.toFixed(decimals + 2)),
    interval: step,
    minorSplit: 0,
    rich: false,
    format: (v) => {
      if (Math.abs(v) < step * 1e-6) return '0'
      if (sci) return v.toExponential(Math.min(sciDigits, 6)).replace('-', '−')
      // a zoomed axis may ask for finer values: never drop their digits
      const d = Math.min(8, Math.max(decimals, decimalsOf(Number(v.toPrecision(10)))))
      return v.toFixed(d).replace('-', '−')
    }
  }
}
