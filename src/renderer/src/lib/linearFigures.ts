// Data for the Advani & Saxe figures of the Linear view (engines linear, linear-dd, linear-relu;
// series and artifact names in @shared/outputs/linear): artifacts decoded, the spectrum
// histogram as a staircase, the double-descent curves grouped per SNR.
import type { ArtifactData, SeriesData } from '@shared/api'
import type { Point } from './chartData'

/** an artifact's row-major float64 values (little-endian base64) */
export function decodeArtifact(a: Pick<ArtifactData, 'base64'>): Float64Array {
  const bin = atob(a.base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  const view = new DataView(bytes.buffer)
  const out = new Float64Array(bytes.length / 8)
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, true)
  return out
}

/**
 * The histogram artifact [bins, 4] (left, right, empirical density, MP density) as two staircases
 * (each bin a flat step from its left to its right edge), ready for a line chart.
 */
export function histogramSteps(hist: Float64Array): { empirical: Point[]; mp: Point[] } {
  const empirical: Point[] = []
  const mp: Point[] = []
  for (let b = 0; 4 * b + 3 < hist.length; b++) {
    const [left, right, e, m] = hist.subarray(4 * b, 4 * b + 4)
    empirical.push([left, e], [right, e])
    mp.push([left, m], [right, m])
  }
  return { empirical, mp }
}

/** (λ_i, t_i) of the modes learned by t_max, and the theory t = τ/λ over the same range */
export function learningTimes(lambdas: Float64Array, tLearn: Float64Array): { measured: Point[]; theory: Point[] } {
  const measured: Point[] = []
  let lo = Infinity
  let hi = 0
  for (let i = 0; i < lambdas.length; i++)
    if (lambdas[i] > 0 && Number.isFinite(tLearn[i]) && tLearn[i] > 0) {
      measured.push([lambdas[i], tLearn[i]])
      lo = Math.min(lo, lambdas[i])
      hi = Math.max(hi, lambdas[i])
    }
  measured.sort((a, b) => a[0] - b[0])
  const theory: Point[] = measured.length ? Array.from({ length: 50 }, (_, i) => lo * (hi / lo) ** (i / 49)).map((l) => [l, 1 / l] as Point) : []
  return { measured, theory }
}

export interface DoubleDescentCurves {
  snr: number
  t: number[]
  theory: { long: (number | null)[]; early: (number | null)[]; infinity: (number | null)[] }
  gd: { long: (number | null)[]; longSe: (number | null)[]; early: (number | null)[]; earlySe: (number | null)[] }
}

/** the series of a linear-dd run grouped per SNR, on one axis (the union of their t) */
export function doubleDescentCurves(series: SeriesData[]): DoubleDescentCurves[] {
  const byName = new Map(series.map((s) => [s.name, s]))
  const snrs = [...new Set(series.map((s) => /\/snr=([^/]+)/.exec(s.name)?.[1]).filter((x): x is string => !!x))].sort((a, b) => Number(a) - Number(b))
  const t = [...new Set(series.flatMap((s) => s.t))].sort((a, b) => a - b)
  const on = (name: string) => {
    const s = byName.get(name)
    if (!s) return t.map(() => null)
    const at = new Map(s.t.map((x, i) => [x, s.value[i]]))
    return t.map((x) => at.get(x) ?? null)
  }
  return snrs.map((snr) => ({
    snr: Number(snr),
    t,
    theory: { long: on(`theory/Eg_long/snr=${snr}`), early: on(`theory/Eg_early/snr=${snr}`), infinity: on(`theory/Eg_infinity/snr=${snr}`) },
    gd: {
      long: on(`gd/Eg_long/snr=${snr}`),
      longSe: on(`gd/Eg_long/snr=${snr}/se`),
      early: on(`gd/Eg_early/snr=${snr}`),
      earlySe: on(`gd/Eg_early/snr=${snr}/se`)
    }
  }))
}

/** mean ± k·SE as lower and upper arrays (null where either is missing) */
export function band(mean: (number | null)[], se: (number | null)[], k = 1): { lower: (number | null)[]; upper: (number | null)[] } {
  return {
    lower: mean.map((m, i) => (m === null || se[i] === null ? null : m - k * se[i]!)),
    upper: mean.map((m, i) => (m === null || se[i] === null ? null : m + k * se[i]!))
  }
}
