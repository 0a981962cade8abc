// Cumulant dominance (Bae & Jeong, Lemma V.3 and Fig. S2; MATH.md §6). For a standardised
// latent distribution (κ1 = 0, κ2 = 1 per coordinate) and z the standardised sum of D draws,
//   z = Σ_r w_r c_r / √D,   Σ_r w_r² = D,
// the expectations of f(z) approach their values under z ~ N(0, 1) as D grows when f "erases"
// the higher cumulants (Berry–Esseen: the skewness term decays as D^(−1/2)), and do not when
// the distribution has no low-order cumulants at all (Lorentz/Cauchy: Σ c_r/√D = √D · Cauchy).
//
// The paper's Fig. S2 plots E[f(x̄)] of the sample mean (w_r = 1). For odd f and a symmetric
// distribution that mean is 0 for every D, so it only tests skewed distributions; the network
// dynamics depend on f through μ1 = E[z f(z)] and μ2 = E[f(z)²] (MATH.md §2), so those are
// computed from the same draws:
//   'Ef'  = E[f(z)]   (the paper's Fig. S2 quantity)
//   'Ezf' = E[z f(z)] (μ1)
//   'Ef2' = E[f(z)²]  (μ2)
// w_r = 1 is the paper's construction; 'gaussian' weights (one fixed draw w ~ N(0, I),
// rescaled to Σ w² = D) mimic u = cF/√D, the projection that feeds the student (MATH.md §1).
import { CumulantFunction, CumulantStatistic } from '@shared/studySpec'
import { erf } from '@numeric/special/erf'
import type { LatentSampler } from '@models/latent/sampling'
import { gaussianExpectation } from '@numeric/quadrature/gaussianExpectation'

export type { CumulantFunction }
export type Statistic = CumulantStatistic
export const FUNCTIONS: readonly CumulantFunction[] = CumulantFunction.options
export const STATISTICS: readonly Statistic[] = CumulantStatistic.options

/** f by name. erf means erf(z/√2), the project's convention (MATH.md §1). */
export const cumulantFunctions: Record<CumulantFunction, (z: number) => number> = {
  erf: (z) => erf(z * Math.SQRT1_2),
  relu: (z) => (z > 0 ? z : 0),
  sgn: (z) => (z > 0 ? 1 : z < 0 ? -1 : 0),
  tanh: (z) => Math.tanh(z)
}

const PHI0 = 1 / Math.sqrt(2 * Math.PI)

/** Closed forms under z ~ N(0, 1); tanh has none and is integrated numerically. */
const closedForms: Partial<Record<CumulantFunction, Record<Statistic, number>>> = {
  // E erf(z/√2) = 0; E z erf(z/√2) = E f'(z) = 1/√π; E erf(z/√2)² = (2/π) asin(1/2) = 1/3
  erf: { Ef: 0, Ezf: 1 / Math.sqrt(Math.PI), Ef2: 1 / 3 },
  // E relu z = 1/√(2π); E z relu z = E relu z² = 1/2
  relu: { Ef: PHI0, Ezf: 0.5, Ef2: 0.5 },
  // E sgn z = 0; E |z| = √(2/π); sgn² = 1
  sgn: { Ef: 0, Ezf: Math.sqrt(2 / Math.PI), Ef2: 1 }
}

/** The Gaussian value of a statistic: what every standardised distribution should approach. */
export function gaussianValue(f: CumulantFunction, stat: Statistic): number {
  const known = closedForms[f]
  if (known) return known[stat]
  const fn = cumulantFunctions[f]
  switch (stat) {
    case 'Ef':
      return gaussianExpectation(fn)
    case 'Ezf':
      return gaussianExpectation((z) => z * fn(z))
    case 'Ef2':
      return gaussianExpectation((z) => fn(z) ** 2)
  }
}

export interface Estimate {
  mean: number
  /** standard error of the mean over the samples: sd/√samples */
  se: number
}

export type SumStatistics = Record<CumulantFunction, Record<Statistic, Estimate>>

export interface SumOptions {
  functions?: readonly CumulantFunction[]
  /** w_r (length D); default all ones (the sample mean, as in Fig. S2). Rescaled to Σ w² = D. */
  weights?: Float64Array
  /** latent rows drawn per call of sampler.sample (memory bound); default ≈ 65 536 numbers */
  batchRows?: number
}

/**
 * Monte Carlo estimates of E[f(z)], E[z f(z)], E[f(z)²] with standard errors, over `samples`
 * draws of z = Σ w_r c_r/√D, c ~ the sampler (which must already be standardised).
 * Accumulated with Welford's update, so heavy tails do not cancel catastrophically.
 */
export function standardisedSumStatistics(sampler: LatentSampler, D: number, samples: number, options: SumOptions = {}): Partial<SumStatistics> {
  if (!Number.isInteger(D) || D < 1 || !Number.isInteger(samples) || samples < 2)
    throw new RangeError(`standardisedSumStatistics: need D ≥ 1 and samples ≥ 2 (D=${D}, samples=${samples})`)
  const functions = options.functions ?? FUNCTIONS
  const w = new Float64Array(D).fill(1)
  if (options.weights) {
    if (options.weights.length !== D) throw new RangeError(`weights must have length D = ${D}`)
    let ss = 0
    for (let r = 0; r < D; r++) ss += options.weights[r] ** 2
    const scale = Math.sqrt(D / ss)
    for (let r = 0; r < D; r++) w[r] = options.weights[r] * scale
  }
  const invSqrtD = 1 / Math.sqrt(D)
  const F = functions.length
  const fns = functions.map((f) => cumulantFunctions[f])
  // Welford accumulators, index 3·j + s for function j and statistic s
  const mean = new Float64Array(3 * F)
  const m2 = new Float64Array(3 * F)
  const batch = Math.max(1, Math.min(samples, options.batchRows ?? Math.floor(65536 / D)))
  const c = new Float64Array(batch * D)
  let count = 0
  while (count < samples) {
    const B = Math.min(batch, samples - count)
    sampler.sample(c, B)
    for (let b = 0; b < B; b++) {
      let s = 0
      for (let r = 0, p = b * D; r < D; r++, p++) s += w[r] * c[p]
      const z = s * invSqrtD
      count++
      for (let j = 0, a = 0; j < F; j++) {
        const fz = fns[j](z)
        for (let st = 0; st < 3; st++, a++) {
          const x = st === 0 ? fz : st === 1 ? z * fz : fz * fz // f, z f, f²
          const delta = x - mean[a]
          mean[a] += delta / count
          m2[a] += delta * (x - mean[a])
        }
      }
    }
  }
  const out: Partial<SumStatistics> = {}
  functions.forEach((f, j) => {
    const entry = {} as Record<Statistic, Estimate>
    STATISTICS.forEach((stat, st) => {
      const a = 3 * j + st
      entry[stat] = { mean: mean[a], se: Math.sqrt(m2[a] / (count - 1) / count) }
    })
    out[f] = entry
  })
  return out
}
