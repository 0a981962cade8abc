// Gauss–Legendre quadrature on [−1, 1]: ∫ h(x) dx ≈ Σ w_i h(x_i), nodes ascending (all interior),
// weights positive summing to 2, exact for polynomials of degree ≤ 2n − 1. Newton on the
// three-term recurrence of P_n from Tricomi's guess cos(π(i + ¾)/(n + ½)). n ≥ 1.
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  for (let i = 0; i < (n + 1) >> 1; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5))
    let dp = 0
    for (let it = 0; it < 100; it++) {
      let p1 = 1
      let p2 = 0
      for (let j = 1; j <= n; j++) {
        const p3 = p2
        p2 = p1
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1)
      const dz = p1 / dp
      z -= dz
      if (Math.abs(dz) < 1e-16) break
    }
    x[i] = -z
    x[n - 1 - i] = z
    w[i] = 2 / ((1 - z * z) * dp * dp)
    w[n - 1 - i] = w[i]
  }
  return { x, w }
}

/** The n-node rule mapped to [a, b]: nodes c + h x_i, weights h w_i (h = (b − a)/2, c = (a + b)/2). */
export function gaussLegendreOn(n: number, a: number, b: number): { x: Float64Array; w: Float64Array } {
  const { x, w } = gaussLegendre(n)
  const h = (b - a) / 2
  const c = (a + b) / 2
  return { x: x.map((t) => c + h * t), w: w.map((v) => v * h) }
}
