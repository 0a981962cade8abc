// One-sample Kolmogorov–Smirnov test of samples x_1..x_n against a continuous CDF F:
//   D_n = sup_x |F_n(x) − F(x)| = max_i max(i/n − F(x_(i)), F(x_(i)) − (i−1)/n)  (x sorted, i = 1..n)
// Under H0, √n D_n → the Kolmogorov distribution: P(√n D > λ) = Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}.
// Asymptotic only (n in the thousands and up, as the lab's tests use it); n = 0 gives NaN.

/** D_n of the samples (not modified: sorted on a copy) against cdf */
export function ksStatistic(xs: ArrayLike<number>, cdf: (x: number) => number): number {
  const s = Float64Array.from(xs).sort()
  const n = s.length
  if (n === 0) return NaN
  let d = 0
  for (let i = 0; i < n; i++) {
    const F = cdf(s[i])
    d = Math.max(d, (i + 1) / n - F, F - i / n)
  }
  return d
}

/** Q(λ) = P(K > λ) of the Kolmogorov distribution K; 1 for λ ≤ 0. The series is used for λ ≥ 0.3 (below it Q = 1 within 1e−12). */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0.3)) return Number.isNaN(lambda) ? NaN : 1
  let s = 0
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda)
    s += k % 2 === 1 ? term : -term
    if (term < 1e-17) break
  }
  return Math.min(1, Math.max(0, 2 * s))
}

/** asymptotic p-value of D_n: Q(√n D_n) */
export function ksPValue(d: number, n: number): number {
  return kolmogorovSurvival(Math.sqrt(n) * d)
}

/** critical value of D_n at level α (asymptotic, first term of Q): √(−ln(α/2)/2)/√n, e.g. 1.9495/√n at α = 0.001 */
export function ksCriticalValue(n: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n)
}
