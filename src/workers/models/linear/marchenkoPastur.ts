// The Marchenko–Pastur law of the eigenvalues of XXᵀ, X ∈ R^{N×P} with i.i.d. N(0, 1/N) entries,
// α = P/N (MATH.md §7):
//   ρ(λ) = √((λ₊ − λ)(λ − λ₋)) / (2πλ) on [λ₋, λ₊], λ± = (1 ± √α)²,
// plus an atom of mass 1 − α at λ = 0 when α < 1 (the continuous part then has mass α).
import { tanhSinh } from '@numeric/quadrature/tanhSinh'

export interface MarchenkoPastur {
  alpha: number
  lower: number
  upper: number
  /** mass of the atom at zero: max(0, 1 − α) */
  zeroMass: number
}

export function marchenkoPastur(alpha: number): MarchenkoPastur {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`marchenkoPastur: α must be positive and finite, got ${alpha}`)
  const s = Math.sqrt(alpha)
  return { alpha, lower: (1 - s) ** 2, upper: (1 + s) ** 2, zeroMass: Math.max(0, 1 - alpha) }
}

/** ρ(λ) of the continuous part (0 outside [λ₋, λ₊]). */
export function mpDensity(mp: MarchenkoPastur, lambda: number): number {
  if (!(lambda > mp.lower && lambda < mp.upper)) return 0
  return Math.sqrt((mp.upper - lambda) * (lambda - mp.lower)) / (2 * Math.PI * lambda)
}

/**
 * The distribution function F(λ) = P(Λ ≤ λ), in closed form. With λ = λ₋ + Δ(1 − cos θ)/2,
 * Δ = λ₊ − λ₋ = 4√α, the density becomes (Δ²/4) sin²θ/(2πλ) dθ and
 *   ∫₀^Θ sin²θ/(a − b cos θ) dθ = [sin Θ/b + aΘ/b² − (2|1−α|/b²) arctan(k tan(Θ/2))],
 *   a = 1 + α, b = 2√α, a² − b² = (1 − α)², k = (1 + √α)/|1 − √α|,
 * so F(λ) = (1 − α)₊ + (1/2π)[b sin Θ + aΘ − 2|1 − α| arctan(k tan(Θ/2))]   (= min(1, α) at Θ = π).
 */
export function mpCdf(mp: MarchenkoPastur, lambda: number): number {
  if (lambda < 0) return 0
  if (lambda <= mp.lower) return mp.zeroMass
  if (lambda >= mp.upper) return 1
  const { alpha } = mp
  const s = Math.sqrt(alpha)
  const delta = mp.upper - mp.lower
  const c = 1 - (2 * (lambda - mp.lower)) / delta
  const theta = Math.acos(Math.max(-1, Math.min(1, c)))
  const gap = Math.abs(1 - alpha)
  // arctan(k tan(Θ/2)) → π/2 as Θ → π; the k = ∞ case (α = 1) has gap = 0 and drops out
  const atan = gap === 0 ? 0 : Math.atan2((1 + s) * Math.sin(theta / 2), Math.abs(1 - s) * Math.cos(theta / 2))
  const bulk = (2 * s * Math.sin(theta) + (1 + alpha) * theta - 2 * gap * atan) / (2 * Math.PI)
  return mp.zeroMass + bulk
}

/** F(λ⁻): the left limit (differs from F only at the atom λ = 0). */
export function mpCdfLeft(mp: MarchenkoPastur, lambda: number): number {
  return lambda <= 0 ? 0 : mpCdf(mp, lambda)
}

export interface MpIntegralOptions {
  /**
   * Scales at which h changes (e.g. 1/t for e^{−λt}): the bulk is split geometrically down to
   * 10⁻³ of the smallest of them and of λ₋, so each piece sees only smooth variation.
   */
  scales?: number[]
  /** tanh–sinh tolerance per piece (default 1e-14) */
  tol?: number
}

/**
 * ∫ h(λ) ρ(λ) dλ over the continuous part only (mass min(1, α)). In x = λ − λ₋ ∈ (0, Δ] the
 * integrand has a √x edge (or 1/√x when α = 1, λ₋ = 0), a √(Δ − x) edge, the 1/λ scale at x ~ λ₋
 * and h's own scales (λ ~ 1/t at large t). The change of variable x = Δ·4^{−s} piecewise — pieces
 * [Δ 4^{−k−1}, Δ 4^{−k}] — turns every scale into an O(1) feature of one piece, and tanh–sinh on
 * each piece removes the edge singularities; never a plain grid.
 */
export function integrateBulk(mp: MarchenkoPastur, h: (lambda: number) => number, opts: MpIntegralOptions = {}): number {
  const { lower, upper } = mp
  const delta = upper - lower
  const tol = opts.tol ?? 1e-14
  const scales = [lower > 0 ? lower : Infinity, ...(opts.scales ?? [])].filter((x) => x > 0 && Number.isFinite(x))
  const smallest = Math.min(delta, ...scales)
  const floor = Math.max(smallest * 1e-3, delta * 1e-30)
  let sum = 0
  let hi = delta
  for (let k = 0; k < 200 && hi > 0; k++) {
    const lo = hi / 4 <= floor ? 0 : hi / 4
    const top = hi === delta
    sum += tanhSinh(
      (x, fromLo, fromHi) => {
        // distances to the MP edges λ₋ and λ₊, exact on the end pieces
        const dLow = lo === 0 ? fromLo : x
        const dHigh = top ? fromHi : delta - x
        const lambda = lower + dLow
        if (!(lambda > 0)) return 0
        return (Math.sqrt(dHigh * dLow) / (2 * Math.PI * lambda)) * h(lambda)
      },
      lo,
      hi,
      { tol }
    ).value
    hi = lo
  }
  return sum
}

/** ∫ h dμ over the whole law: the bulk plus the atom (1 − α)₊ h(0). */
export function integrateMP(alpha: number, h: (lambda: number) => number, opts: MpIntegralOptions = {}): number {
  const mp = marchenkoPastur(alpha)
  const bulk = integrateBulk(mp, h, opts)
  return mp.zeroMass > 0 ? bulk + mp.zeroMass * h(0) : bulk
}
