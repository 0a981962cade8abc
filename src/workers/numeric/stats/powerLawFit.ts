// Power-law fit y ≈ C x^{−α} by ordinary least squares on (log x, log y):
//   log y = log C − α log x;  slope β = −α = S_xy / S_xx,  s² = Σ residual² / (m − 2),
//   se(β) = s / √S_xx,  interval β ± t_{m−2, (1+level)/2} se(β)  (Student t; the classical
//   regression interval, which assumes independent, homoscedastic errors in log y).
// Points with x ≤ 0 or y ≤ 0 (or non-finite) are dropped; fewer than 3 usable points throw.
import tCdf from '@stdlib/stats-base-dists-t-cdf'

export interface PowerLawFit {
  /** exponent α of y ∝ x^{−α} (α = −slope) */
  alpha: number
  /** prefactor C */
  C: number
  /** the log–log slope −α and its standard error */
  slope: number
  se: number
  /** confidence interval of α at `level` */
  ci: [number, number]
  level: number
  /** points used, R² of the log–log fit */
  m: number
  r2: number
}

/** t quantile t_ν(p) for p in (0.5, 1), by bisection on the CDF. */
export function tQuantile(p: number, nu: number): number {
  let lo = 0
  let hi = 1
  while (tCdf(hi, nu) < p) hi *= 2
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2
    if (tCdf(mid, nu) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** Fit y ≈ C x^{−α} over the points; `level` is the confidence level of α's interval (default 0.95). */
export function fitPowerLaw(x: ArrayLike<number>, y: ArrayLike<number>, level = 0.95): PowerLawFit {
  if (x.length !== y.length) throw new RangeError(`fitPowerLaw: x has ${x.length} values, y ${y.length}`)
  const lx: number[] = []
  const ly: number[] = []
  for (let i = 0; i < x.length; i++)
    if (x[i] > 0 && y[i] > 0 && Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      lx.push(Math.log(x[i]))
      ly.push(Math.log(y[i]))
    }
  const m = lx.length
  if (m < 3) throw new RangeError(`fitPowerLaw: needs ≥ 3 points with x > 0 and y > 0 (got ${m})`)
  const mx = lx.reduce((s, v) => s + v, 0) / m
  const my = ly.reduce((s, v) => s + v, 0) / m
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = 0; i < m; i++) {
    sxx += (lx[i] - mx) ** 2
    sxy += (lx[i] - mx) * (ly[i] - my)
    syy += (ly[i] - my) ** 2
  }
  if (sxx === 0) throw new RangeError('fitPowerLaw: all x are equal')
  const slope = sxy / sxx
  const intercept = my - slope * mx
  let rss = 0
  for (let i = 0; i < m; i++) rss += (ly[i] - intercept - slope * lx[i]) ** 2
  const se = Math.sqrt(rss / (m - 2) / sxx)
  const t = tQuantile((1 + level) / 2, m - 2)
  const alpha = -slope
  return { alpha, C: Math.exp(intercept), slope, se, ci: [alpha - t * se, alpha + t * se], level, m, r2: syy > 0 ? 1 - rss / syy : 1 }
}
