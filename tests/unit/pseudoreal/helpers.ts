// Test helpers shared by the pseudo-real tests.

/**
 * Worst relative error of a gradient g of f against central differences of step h over the
 * coordinates idx: max |(f(θ + h e_i) − f(θ − h e_i))/(2h) − g_i| / max(1e-4, |g_i|); θ is restored.
 */
export function worstGradError(f: (theta: Float64Array) => number, theta: Float64Array, g: ArrayLike<number>, h: number, idx: Iterable<number>): number {
  let worst = 0
  for (const i of idx) {
    const t0 = theta[i]
    theta[i] = t0 + h
    const fp = f(theta)
    theta[i] = t0 - h
    const fm = f(theta)
    theta[i] = t0
    worst = Math.max(worst, Math.abs((fp - fm) / (2 * h) - g[i]) / Math.max(1e-4, Math.abs(g[i])))
  }
  return worst
}
