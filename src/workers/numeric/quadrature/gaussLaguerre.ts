// Gauss–Laguerre rule: ∫_0^∞ e^{−s} h(s) ds ≈ Σ w_i h(s_i), exact for polynomials of degree
// ≤ 2n − 1. With s = r²/2 it is the generalised (half-range) Gauss–Hermite rule
// ∫_0^∞ r e^{−r²/2} g(r) dr = ∫_0^∞ e^{−s} g(√(2s)) ds, which gaussian2d.ts uses radially.
// Nodes by Newton on the recurrence of the orthonormal Laguerre polynomials
//   ℓ_{j+1}(s) = ((2j + 1 − s) ℓ_j − j ℓ_{j−1}) / (j + 1),  ℓ_0 = 1,
//   ℓ'_n(s) = n (ℓ_n − ℓ_{n−1}) / s;   weights w_i = s_i / ((n + 1)² ℓ_{n+1}(s_i)²)
// (initial guesses from Numerical Recipes' gaulag). n ≥ 1; for n ≳ 180 the smallest weights
// underflow to 0, which is harmless.

export interface QuadratureRule {
  x: Float64Array
  w: Float64Array
}

const cache = new Map<number, QuadratureRule>()

/** The n-node Gauss–Laguerre rule (cached; do not modify the arrays). */
export function gaussLaguerre(n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussLaguerre: n must be a positive integer (got ${n})`)
  const hit = cache.get(n)
  if (hit) return hit
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  let z = 0
  for (let i = 0; i < n; i++) {
    if (i === 0) z = 3 / (1 + 2.4 * n)
    else if (i === 1) z += 15 / (1 + 2.5 * n)
    else {
      const ai = i - 1
      z += ((1 + 2.55 * ai) / (1.9 * ai)) * (z - x[i - 2])
    }
    let p1 = 1
    let p2 = 0
    for (let it = 0; it < 200; it++) {
      p1 = 1
      p2 = 0
      for (let j = 0; j < n; j++) {
        const p3 = p2
        p2 = p1
        p1 = ((2 * j + 1 - z) * p2 - j * p3) / (j + 1)
      }
      const pp = (n * (p1 - p2)) / z
      const dz = p1 / pp
      z -= dz
      if (Math.abs(dz) <= 1e-15 * Math.max(1, z)) break
    }
    x[i] = z
    // ℓ_{n+1}(z) = ((2n + 1 − z) ℓ_n − n ℓ_{n−1}) / (n + 1), with ℓ_n(z) ≈ 0
    const next = ((2 * n + 1 - z) * p1 - n * p2) / (n + 1)
    w[i] = z / ((n + 1) * (n + 1) * next * next)
  }
  const rule = { x, w }
  cache.set(n, rule)
  return rule
}
