// E[g(u, v)] for (u, v) ~ N(0, Σ), Σ = [[a, c], [c, b]] PSD: a 2-D Gaussian expectation by
// quadrature in polar coordinates of the whitened variable.
//   (u, v) = L z, L = [[√a, 0], [√b ρ, √b √(1 − ρ²)]] (Cholesky; ρ = c/√(ab)), z = r (cos ψ, sin ψ):
//   E[g] = (1/2π) ∫_0^π dψ ∫_0^∞ e^{−s} [g(L e_ψ √(2s)) + g(−L e_ψ √(2s))] ds   (s = r²/2)
// Radially: Gauss–Laguerre in s (the half-range generalised Gauss–Hermite rule); the two opposite
// rays are summed so the radial integrand is even in r, i.e. smooth in s. Angularly: Gauss–Legendre
// on [0, π) split at the rays where u = 0 and where v = 0, so any g that is smooth away from the
// lines u = 0 and v = 0 (φ(u)φ(v), φ'(u)φ'(v) for relu, step, leaky relu, …) is integrated at the
// spectral rate; positively homogeneous g (relu·relu of degree 2, step·step of degree 0) are then
// exact radially, and the error is the angular rule's alone. Degenerate Σ (ρ = ±1, or a = 0 or
// b = 0) is fine: L is still a valid factor.
import { gaussLaguerre } from './gaussLaguerre'
import { gaussLegendre } from './gaussLegendre'

const legendre = new Map<number, { x: Float64Array; w: Float64Array }>()

export interface Gaussian2dOptions {
  /** Gauss–Legendre nodes per angular piece (default 16) */
  angular?: number
  /** Gauss–Laguerre nodes in s = r²/2 (default 64: erf's Ė at variance 4 needs it for 1e-12) */
  radial?: number
}

/** E[g(u, v)], (u, v) ~ N(0, [[a, c], [c, b]]); at most 3·angular·2·radial evaluations of g. */
export function gaussian2dExpectation(
  g: (u: number, v: number) => number,
  a: number,
  b: number,
  c: number,
  opts: Gaussian2dOptions = {}
): number {
  if (!(a >= 0) || !(b >= 0)) throw new RangeError(`gaussian2dExpectation: variances must be ≥ 0 (got a = ${a}, b = ${b})`)
  const nA = opts.angular ?? 16
  const nR = opts.radial ?? 64
  const sa = Math.sqrt(a)
  const sb = Math.sqrt(b)
  let rho = a > 0 && b > 0 ? c / (sa * sb) : 0
  rho = Math.max(-1, Math.min(1, rho))
  const rc = Math.sqrt(Math.max(0, 1 - rho * rho))
  // u = √a cos ψ (zero at ψ = π/2); v = √b (ρ cos ψ + rc sin ψ) (zero at ψ_v = atan2(−ρ, rc) mod π)
  let psiV = Math.atan2(-rho, rc)
  if (psiV < 0) psiV += Math.PI
  const cuts = [0, Math.PI / 2, psiV, Math.PI].sort((p, q) => p - q)
  let leg = legendre.get(nA)
  if (!leg) legendre.set(nA, (leg = gaussLegendre(nA)))
  const lag = gaussLaguerre(nR)
  const radii = lag.x.map((s) => Math.sqrt(2 * s))
  let total = 0
  for (let k = 0; k + 1 < cuts.length; k++) {
    const lo = cuts[k]
    const hi = cuts[k + 1]
    if (hi - lo < 1e-300) continue
    const half = (hi - lo) / 2
    const mid = (hi + lo) / 2
    for (let i = 0; i < nA; i++) {
      const psi = mid + half * leg.x[i]
      const cp = Math.cos(psi)
      const sp = Math.sin(psi)
      const du = sa * cp
      const dv = sb * (rho * cp + rc * sp)
      let radial = 0
      for (let j = 0; j < nR; j++) {
        const r = radii[j]
        radial += lag.w[j] * (g(r * du, r * dv) + g(-r * du, -r * dv))
      }
      total += half * leg.w[i] * radial
    }
  }
  return total / (2 * Math.PI)
}
