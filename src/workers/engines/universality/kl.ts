// KL divergence D(P‖Q) from samples by k-nearest-neighbour distances (Wang, Kulkarni & Verdú
// 2009, IEEE Trans. Inf. Theory 55, 2392; MATH.md §6). With n samples x_i ~ P, m samples
// y_j ~ Q in R^d, ρ_k(i) the distance from x_i to its k-th nearest other x, ν_k(i) to its k-th
// nearest y:
//   D̂ = (d/n) Σ_i log(ν_k(i)/ρ_k(i)) + log(m/(n−1))
// consistent (n, m → ∞, k fixed), but biased at finite n when d is large: the bias is measured
// and stated in tests/unit/universality/kl.test.ts.
import type { Rng } from '@numeric/random/rng'
import { kNearest, type KnnOptions } from '@numeric/neighbours/knn'
import type { LatentSampler } from '@models/latent/sampling'

export interface KlOptions extends KnnOptions {
  /** neighbour order k (default 1) */
  k?: number
}

/**
 * D̂(P‖Q) from x (n×d, rows ~ P) and y (m×d, rows ~ Q), row-major.
 * +∞ when two x coincide (ρ = 0: P has atoms, so D(P‖Q) = ∞ for a density Q).
 */
export function klDivergenceKnn(x: Float64Array, n: number, y: Float64Array, m: number, d: number, options: KlOptions = {}): number {
  const k = options.k ?? 1
  if (n < k + 1 || m < k) throw new RangeError(`klDivergenceKnn: need n ≥ k + 1 and m ≥ k (n=${n}, m=${m}, k=${k})`)
  const rho = kNearest(x, n, null, n, d, k, options)
  const nu = kNearest(x, n, y, m, d, k, options)
  let sum = 0
  for (let i = 0, s = k - 1; i < n; i++, s += k) sum += 0.5 * (Math.log(nu.dist2[s]) - Math.log(rho.dist2[s])) // log ν/ρ from squares
  return (d / n) * sum + Math.log(m / (n - 1))
}

export interface KlSampleOptions extends KlOptions {
  /** number of reference samples from Q = N(0, I) (default n) */
  m?: number
}

/** D̂(P‖N(0, I_d)) from n draws of the sampler and m standard normal vectors from rng. */
export function klFromStandardNormal(sampler: LatentSampler, d: number, n: number, rng: Rng, options: KlSampleOptions = {}): number {
  const m = options.m ?? n
  const x = new Float64Array(n * d)
  sampler.sample(x, n)
  const y = new Float64Array(m * d)
  rng.fillNormal(y)
  return klDivergenceKnn(x, n, y, m, d, options)
}

export interface KlEstimate {
  /** mean of the repeats */
  mean: number
  /** standard error of the mean: sd/√repeats (sd with the n − 1 denominator) */
  se: number
  values: number[]
}

/** mean and standard error of a list of repeated estimates */
export function meanAndSe(values: number[]): { mean: number; se: number } {
  const r = values.length
  const mean = values.reduce((a, b) => a + b, 0) / r
  if (r < 2) return { mean, se: NaN }
  const v = values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (r - 1)
  return { mean, se: Math.sqrt(v / r) }
}

/**
 * D̂(P‖N(0, I_d)) repeated with fresh samples: mean and standard error over the repeats.
 * Pass a function (repeat) → sampler to draw a new instance of P for each repeat as well
 * (e.g. a fresh Gaussian mixture), so the error bar covers that randomness too.
 */
export function klWithError(
  sampler: LatentSampler | ((repeat: number) => LatentSampler),
  d: number,
  n: number,
  repeats: number,
  rng: Rng,
  options: KlSampleOptions = {}
): KlEstimate {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`klWithError: repeats must be a positive integer, got ${repeats}`)
  const values: number[] = []
  for (let r = 0; r < repeats; r++) {
    const s = typeof sampler === 'function' ? sampler(r) : sampler
    values.push(klFromStandardNormal(s, d, n, rng, options))
  }
  return { ...meanAndSe(values), values }
}
