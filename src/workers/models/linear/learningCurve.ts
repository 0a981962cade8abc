// Advani & Saxe (2017), MATH.md §7: generalisation and training error of a linear student
// ŷ = w·x trained by gradient flow (τ = 1) on y = w̄·x + ε, averaged over the teacher w̄ (σ_w²),
// the initial student w(0) (σ_w0²) and the label noise ε (σ_ε²), for a dataset whose XXᵀ has
// eigenvalues λ_i (eq. 1 of seed 002):
//   E_g(t) = (1/N) Σ_i [(σ_w² + σ_w0²) e^{−2λ_i t} + (σ_ε²/λ_i)(1 − e^{−λ_i t})²] + σ_ε²
//   E_t(t) = (1/P) [ Σ_{λ_i>0} (λ_i (σ_w² + σ_w0²) + σ_ε²) e^{−2λ_i t} + (P − r) σ_ε² ],  r = rank X
// and for the typical dataset (eq. 6) with (1/N)Σ_i replaced by the Marchenko–Pastur law.
// A `clock` chooses the mode factor e^{−λt} (gradient flow, the paper's) or (1 − ηλ)^{t/η}
// (gradient descent with step η, exact for its iterates).
import { brentMinimize } from '@numeric/optimize/brentMinimize'
import { integrateBulk, marchenkoPastur } from './marchenkoPastur'

export interface LinearParams {
  sigmaW: number
  sigmaW0: number
  sigmaEps: number
}

/** e^{−λt} of the gradient flow, or (1 − ηλ)^{t/η} of gradient descent with step η. */
export type Clock = { kind: 'flow' } | { kind: 'gd'; lr: number }
export const FLOW: Clock = { kind: 'flow' }

/** the factor by which mode λ's distance to its fixed point shrinks by time t (t may be ∞) */
export function decay(lambda: number, t: number, clock: Clock = FLOW): number {
  if (lambda === 0 || t === 0) return 1
  if (t === Infinity) return 0
  if (clock.kind === 'flow') return Math.exp(-lambda * t)
  return Math.pow(1 - clock.lr * lambda, Math.round(t / clock.lr))
}

/** 1 − decay, accurate when λt is small (expm1 for the flow) */
function learned(lambda: number, t: number, clock: Clock): number {
  if (clock.kind === 'flow' && t !== Infinity) return -Math.expm1(-lambda * t)
  return 1 - decay(lambda, t, clock)
}

/** The bracket of eq. 1 for one eigenvalue λ ≥ 0 (the noise term is 0 at λ = 0). */
export function modeError(lambda: number, t: number, p: LinearParams, clock: Clock = FLOW): number {
  const d = decay(lambda, t, clock)
  const signal = (p.sigmaW ** 2 + p.sigmaW0 ** 2) * d * d
  const noise = lambda > 0 ? (p.sigmaEps ** 2 * learned(lambda, t, clock) ** 2) / lambda : 0
  return signal + noise
}

/** E_t's summand for one eigenvalue λ > 0 (before the 1/P): (λ(σ_w² + σ_w0²) + σ_ε²) decay² */
export function modeTrainingError(lambda: number, t: number, p: LinearParams, clock: Clock = FLOW): number {
  const d = decay(lambda, t, clock)
  return (lambda * (p.sigmaW ** 2 + p.sigmaW0 ** 2) + p.sigmaEps ** 2) * d * d
}

/**
 * Eigenvalues of XXᵀ as the theory reads them: ascending, the N − min(N, P) smallest set to exactly
 * 0 (rank X = min(N, P) almost surely; they are rounding noise), negatives from rounding clamped.
 */
export function datasetSpectrum(values: ArrayLike<number>, N: number, P: number): Float64Array {
  const out = Float64Array.from(values).sort()
  const zeros = N - Math.min(N, P)
  for (let i = 0; i < out.length; i++) out[i] = i < zeros ? 0 : Math.max(0, out[i])
  return out
}

/** E_g(t) of eq. 1 for one dataset (its N eigenvalues of XXᵀ). */
export function datasetEg(lambdas: ArrayLike<number>, t: number, p: LinearParams, clock: Clock = FLOW): number {
  let sum = 0
  for (let i = 0; i < lambdas.length; i++) sum += modeError(lambdas[i], t, p, clock)
  return sum / lambdas.length + p.sigmaEps ** 2
}

/** E_t(t) for one dataset with P samples (zero eigenvalues are the N − r frozen modes). */
export function datasetEt(lambdas: ArrayLike<number>, P: number, t: number, p: LinearParams, clock: Clock = FLOW): number {
  let sum = 0
  let rank = 0
  for (let i = 0; i < lambdas.length; i++)
    if (lambdas[i] > 0) {
      sum += modeTrainingError(lambdas[i], t, p, clock)
      rank++
    }
  return (sum + (P - rank) * p.sigmaEps ** 2) / P
}

/** the scales of e^{−λt} for the MP quadrature: 1/t (and the step's) */
const scalesOf = (t: number, clock: Clock) => [t > 0 && t < Infinity ? 1 / t : Infinity, clock.kind === 'gd' ? 1 / clock.lr : Infinity]

/**
 * E_g(t) of the typical dataset (eq. 6): ∫ ρ^MP(λ) [bracket of eq. 1] dλ + σ_ε², the atom at 0 included.
 * At t = ∞ with α = 1 and σ_ε > 0 it is +∞ (the double-descent peak).
 */
export function typicalEg(alpha: number, t: number, p: LinearParams, clock: Clock = FLOW): number {
  if (t === Infinity) return typicalEgInfinity(alpha, p)
  const mp = marchenkoPastur(alpha)
  const bulk = integrateBulk(mp, (l) => modeError(l, t, p, clock), { scales: scalesOf(t, clock) })
  return bulk + mp.zeroMass * modeError(0, t, p, clock) + p.sigmaEps ** 2
}

/** E_t(t) of the typical dataset: (1/α) ∫_bulk ρ (λ(σ_w²+σ_w0²) + σ_ε²) decay² dλ + (1 − 1/α)₊ σ_ε². */
export function typicalEt(alpha: number, t: number, p: LinearParams, clock: Clock = FLOW): number {
  const mp = marchenkoPastur(alpha)
  const rest = Math.max(0, 1 - 1 / alpha) * p.sigmaEps ** 2
  if (t === Infinity) return rest
  return integrateBulk(mp, (l) => modeTrainingError(l, t, p, clock), { scales: scalesOf(t, clock) }) / alpha + rest
}

/**
 * The closed-form long-time limits (MATH.md §7):
 *   α > 1: σ_ε² α/(α − 1);  α < 1: (1 − α)(σ_w² + σ_w0²) + σ_ε²/(1 − α);  α = 1: ∞ if σ_ε > 0.
 * (At α = 1, σ_ε = 0 it is 0: every mode is learned.)
 */
export function typicalEgInfinity(alpha: number, p: LinearParams): number {
  const noise = p.sigmaEps ** 2
  if (alpha > 1) return (noise * alpha) / (alpha - 1)
  if (alpha < 1) return (1 - alpha) * (p.sigmaW ** 2 + p.sigmaW0 ** 2) + noise / (1 - alpha)
  return noise > 0 ? Infinity : 0
}

export interface OptimalStop {
  /** argmin_t E_g(t) over [0, ∞]; ∞ when E_g only decreases */
  t: number
  eg: number
}

/**
 * The optimal early-stopping time t* = argmin_{t ∈ [0, ∞]} E_g(t) of a learning curve: the best
 * point of a log grid spanning [tLow, tHigh] (plus 0 and ∞) brackets it, Brent's method in log t
 * refines it. tLow, tHigh: times well before the fastest mode moves and after the slowest is learned.
 */
export function optimalStop(eg: (t: number) => number, tLow: number, tHigh: number, gridPoints = 64): OptimalStop {
  const a = Math.log(tLow)
  const b = Math.log(tHigh)
  const ts = [0, ...Array.from({ length: gridPoints }, (_, i) => Math.exp(a + ((b - a) * i) / (gridPoints - 1))), Infinity]
  const values = ts.map(eg)
  let best = 0
  for (let i = 1; i < ts.length; i++) if (values[i] < values[best]) best = i
  if (best === 0 || best === ts.length - 1) return { t: ts[best], eg: values[best] }
  const lo = best === 1 ? a - (b - a) / (gridPoints - 1) : Math.log(ts[best - 1])
  const hi = best === ts.length - 2 ? b + (b - a) / (gridPoints - 1) : Math.log(ts[best + 1])
  const r = brentMinimize((s) => eg(Math.exp(s)), lo, hi, { xTol: 1e-9 })
  return r.fx <= values[best] ? { t: Math.exp(r.x), eg: r.fx } : { t: ts[best], eg: values[best] }
}

/** t* and E_g(t*) of the typical dataset. */
export function typicalOptimalStop(alpha: number, p: LinearParams, clock: Clock = FLOW): OptimalStop {
  const mp = marchenkoPastur(alpha)
  const slowest = Math.max(mp.lower, 1e-8)
  return optimalStop((t) => typicalEg(alpha, t, p, clock), 1e-3 / mp.upper, 1e3 / slowest)
}

/** t* and E_g(t*) of one dataset. */
export function datasetOptimalStop(lambdas: ArrayLike<number>, p: LinearParams, clock: Clock = FLOW): OptimalStop {
  let max = 0
  let min = Infinity
  for (let i = 0; i < lambdas.length; i++) {
    if (lambdas[i] > max) max = lambdas[i]
    if (lambdas[i] > 0 && lambdas[i] < min) min = lambdas[i]
  }
  if (max === 0) return { t: 0, eg: datasetEg(lambdas, 0, p, clock) }
  return optimalStop((t) => datasetEg(lambdas, t, p, clock), 1e-3 / max, 1e3 / min)
}
