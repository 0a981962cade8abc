// Gauss–Legendre rule on [a, b]: ∫_a^b h(x) dx ≈ Σ w_i h(x_i), exact for polynomials of degree
// ≤ 2n − 1. Nodes by Newton on the Legendre recurrence
//   (j + 1) P_{j+1}(x) = (2j + 1) x P_j(x) − j P_{j−1}(x),  P'_n(x) = n (x P_n − P_{n−1}) / (x² − 1),
// initial guesses cos(π (i + 3/4)/(n + 1/2)); weights 2 / ((1 − x²) P'_n(x)²) on [−1, 1].
// n ≥ 1; a = b gives zero weights.

export interface QuadratureRule {
  x: Float64Array
  w: Float64Array
}

const cache = new Map<number, QuadratureRule>()

/** The n-node rule on [−1, 1] (cached; do not modify the arrays). */
export function gaussLegendre(n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussLegendre: n must be a positive integer (got ${n})`)
  const hit = cache.get(n)
  if (hit) return hit
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  const m = (n + 1) >> 1
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5))
    let pp = 1
    for (let it = 0; it < 100; it++) {
      let p1 = 1
      let p2 = 0
      for (let j = 0; j < n; j++) {
        const p3 = p2
        p2 = p1
        p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1)
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1)
      const dz = p1 / pp
      z -= dz
      if (Math.abs(dz) <= 1e-16) break
    }
    x[i] = -z
    x[n - 1 - i] = z
    w[i] = 2 / ((1 - z * z) * pp * pp)
    w[n - 1 - i] = w[i]
  }
  const rule = { x, w }
  cache.set(n, rule)
  return rule
}

/** The n-node rule mapped to [a, b]. */
export function gaussLegendreOn(n: number, a: number, b: number): QuadratureRule {
  const { x, w } = gaussLegendre(n)
  const h = (b - a) / 2
  const c = (a + b) / 2
  return { x: x.map((t) => c + h * t), w: w.map((v) => v * h) }
}
