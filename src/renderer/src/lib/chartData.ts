// Turning (t, value) arrays into chart points, respecting log axes: t ≤ 0 is dropped on a log
// x axis and values ≤ 0 become gaps on a log y axis (log–log plots of ε_g start after t = 0).

export type Point = [number, number | null]

export function toPoints(t: readonly number[], value: readonly (number | null)[], xLog: boolean, yLog: boolean): Point[] {
  const points: Point[] = []
  for (let i = 0; i < t.length; i++) {
    const x = t[i]
    if (!Number.isFinite(x) || (xLog && x <= 0)) continue
    let y = value[i] ?? null
    if (y !== null && (!Number.isFinite(y) || (yLog && y <= 0))) y = null
    points.push([x, y])
  }
  return points
}

/** Lower edge of a band on a log axis must stay positive: where mean − std ≤ 0 it is drawn at mean/10. */
export function clampForLog(lower: readonly (number | null)[], mean: readonly (number | null)[], yLog: boolean): (number | null)[] {
  if (!yLog) return lower.slice()
  return lower.map((lo, i) => {
    const m = mean[i]
    if (lo === null || m === null || m === undefined) return lo
    return lo > 0 ? lo : m > 0 ? m / 10 : null
  })
}

export interface AxisRange {
  min: number
  max: number
  /** points left out of the range (non-finite values are never in it) */
  outside: number
  /** the largest |value| left out, to say what was cut */
  extreme: number
}

/**
 * A y range that one diverged curve cannot take over: the finite values' quartiles q₁, q₃ (of log₁₀ y
 * on a log axis) with fences [q₁ − 3·IQR, q₃ + 3·IQR]; the range spans the values inside the fences.
 * Returns null when every finite value is inside (let the chart choose), and on empty input.
 */
export function robustRange(values: readonly (number | null)[], log: boolean): AxisRange | null {
  const z: number[] = []
  for (const v of values) if (v !== null && Number.isFinite(v) && (!log || v > 0)) z.push(log ? Math.log10(v) : v)
  if (z.length < 4) return null
  const sorted = Float64Array.from(z).sort()
  const q = (p: number) => {
    const i = p * (sorted.length - 1)
    const lo = Math.floor(i)
    return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo)
  }
  const q1 = q(0.25), q3 = q(0.75)
  // a floor on the IQR: flat curves (IQR 0) must not make every other value an outlier
  const iqr = Math.max(q3 - q1, log ? 0.5 : 1e-12 + 0.5 * Math.abs(q3))
  const lo = q1 - 3 * iqr, hi = q3 + 3 * iqr
  let min = Infinity, max = -Infinity, outside = 0, extreme = 0
  for (const v of z)
    if (v < lo || v > hi) {
      outside++
      const raw = Math.abs(log ? Math.pow(10, v) : v)
      if (raw > extreme || !Number.isFinite(raw)) extreme = raw
    } else {
      min = Math.min(min, v)
      max = Math.max(max, v)
    }
  if (outside === 0) return null
  return log ? { min: Math.pow(10, min), max: Math.pow(10, max), outside, extreme } : { min, max, outside, extreme }
}
