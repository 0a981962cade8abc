// The spectrum of XXᵀ against the Marchenko–Pastur law (MATH.md §7): histogram beside the
// density, and the Kolmogorov–Smirnov distance (the atom at 0 of α < 1 included).
import { ksDistance } from '@numeric/stats/ksDistance'
import { marchenkoPastur, mpCdf, mpCdfLeft, mpDensity } from './marchenkoPastur'

export interface SpectrumComparison {
  /** [bins, 4] row-major: left edge, right edge, empirical density count/(N·width), MP mass/width */
  histogram: Float64Array
  bins: number
  /** [n, 2]: λ, ρ(λ) on a cosine grid of the bulk (dense at the edges) */
  density: Float64Array
  densityPoints: number
  ks: number
}

/**
 * Compare the N eigenvalues (zeros exactly 0, see datasetSpectrum) with the law of α = P/N. The
 * histogram covers the bulk [λ₋, λ₊] widened by 5% of its width; zeros are left out of it (their
 * mass is the atom, reported separately) but not out of the KS distance.
 */
export function compareSpectrum(lambdas: Float64Array, alpha: number, bins: number, densityPoints = 200): SpectrumComparison {
  const mp = marchenkoPastur(alpha)
  const N = lambdas.length
  const width = mp.upper - mp.lower
  const lo = Math.max(0, mp.lower - 0.05 * width)
  const hi = mp.upper + 0.05 * width
  const step = (hi - lo) / bins
  const histogram = new Float64Array(bins * 4)
  const counts = new Float64Array(bins)
  for (const l of lambdas) {
    if (l === 0) continue
    const b = Math.floor((l - lo) / step)
    if (b >= 0 && b < bins) counts[b]++
  }
  for (let b = 0; b < bins; b++) {
    const left = lo + b * step
    const right = left + step
    // MP mass of the bin's bulk part only: F(right) − F(left) without the atom
    const mass = mpCdf(mp, right) - Math.max(mp.zeroMass, mpCdf(mp, left))
    histogram.set([left, right, counts[b] / (N * step), mass / step], 4 * b)
  }
  const density = new Float64Array(densityPoints * 2)
  for (let i = 0; i < densityPoints; i++) {
    const theta = (Math.PI * i) / (densityPoints - 1)
    const l = mp.lower + (width * (1 - Math.cos(theta))) / 2
    density[2 * i] = l
    density[2 * i + 1] = mpDensity(mp, l)
  }
  const ks = ksDistance(lambdas, (x) => mpCdf(mp, x), (x) => mpCdfLeft(mp, x))
  return { histogram, bins, density, densityPoints, ks }
}
