// Gauss–Hermite quadrature (physicists' weight e^{−x²}): nodes ascending, symmetric about 0,
// weights positive and summing to √π. Exact for polynomials of degree ≤ 2n − 1. n ≥ 1; for
// n = 1 the one node is 0 with weight √π.
/**
 * Gauss–Hermite rule for ∫ e^{−x²} h(x) dx ≈ Σ w_i h(x_i) (physicists' weight), n nodes.
 * Newton on the orthonormal Hermite recurrence (no overflow for large n):
 * p_j = x √(2/j) p_{j−1} − √((j−1)/j) p_{j−2}, p_0 = π^{−1/4}; w_i = 2 / p'_n(x_i)².
 */
export function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  const PIM4 = Math.pow(Math.PI, -0.25)
  const m = (n + 1) >> 1
  const roots = new Float64Array(m) // positive roots, largest first (the guesses use them)
  let z = 0
  for (let i = 0; i < m; i++) {
    // initial guesses for the largest roots first (Numerical Recipes, gauher)
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667)
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z
    else if (i === 2) z = 1.86 * z - 0.86 * roots[0]
    else if (i === 3) z = 1.91 * z - 0.91 * roots[1]
    else z = 2 * z - roots[i - 2]
    let pp = 0
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4
      let p2 = 0
      for (let j = 1; j <= n; j++) {
        const p3 = p2
        p2 = p1
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3
      }
      pp = Math.sqrt(2 * n) * p2
      const dz = p1 / pp
      z -= dz
      if (Math.abs(dz) <= 1e-15 * Math.max(1, Math.abs(z))) break
    }
    roots[i] = z
    x[n - 1 - i] = z // ascending order
    x[i] = -z
    w[i] = 2 / (pp * pp)
    w[n - 1 - i] = w[i]
  }
  return { x, w }
}
