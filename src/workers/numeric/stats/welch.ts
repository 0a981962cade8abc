// Welch's unequal-variance t-test (Welch 1947):
//   t = (x̄_A − x̄_B) / √(s_A²/n_A + s_B²/n_B),
//   ν = (s_A²/n_A + s_B²/n_B)² / [ (s_A²/n_A)²/(n_A − 1) + (s_B²/n_B)²/(n_B − 1) ]   (Welch–Satterthwaite),
// s² the unbiased sample variances; p-values from the Student-t CDF with ν (non-integer) degrees.
import tCdf from '@stdlib/stats-base-dists-t-cdf'

export interface WelchResult {
  t: number
  df: number
  /** two-sided p = 2 F_ν(−|t|) */
  p: number
  /** one-sided p for the alternative mean_A > mean_B: 1 − F_ν(t) */
  pGreater: number
  /** one-sided p for the alternative mean_A < mean_B: F_ν(t) */
  pLess: number
  meanA: number
  meanB: number
  varA: number
  varB: number
  nA: number
  nB: number
}

function meanVar(x: ArrayLike<number>): [number, number] {
  const n = x.length
  let m = 0
  for (let i = 0; i < n; i++) m += x[i]
  m /= n
  let v = 0
  for (let i = 0; i < n; i++) v += (x[i] - m) ** 2
  return [m, v / (n - 1)]
}

/**
 * Welch's t-test of sample A against sample B (each ≥ 2 values). If both variances are 0 the
 * statistic is ±∞ (p = 0) for different means and NaN (p = 1) for equal ones.
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult {
  if (a.length < 2 || b.length < 2) throw new Error(`Welch's t-test needs ≥ 2 values per sample (got ${a.length}, ${b.length})`)
  const [meanA, varA] = meanVar(a)
  const [meanB, varB] = meanVar(b)
  const nA = a.length, nB = b.length
  const qa = varA / nA, qb = varB / nB
  const se2 = qa + qb
  const diff = meanA - meanB
  const base = { meanA, meanB, varA, varB, nA, nB }
  if (se2 === 0) {
    if (diff === 0) return { t: NaN, df: NaN, p: 1, pGreater: 1, pLess: 1, ...base }
    const up = diff > 0
    return { t: up ? Infinity : -Infinity, df: NaN, p: 0, pGreater: up ? 0 : 1, pLess: up ? 1 : 0, ...base }
  }
  const t = diff / Math.sqrt(se2)
  const df = (se2 * se2) / ((qa * qa) / (nA - 1) + (qb * qb) / (nB - 1))
  // tails from the CDF at −|t| to avoid 1 − (1 − tiny)
  const lower = tCdf(-Math.abs(t), df)
  const pLess = t <= 0 ? lower : 1 - lower
  const pGreater = t >= 0 ? lower : 1 - lower
  return { t, df, p: Math.min(1, 2 * lower), pGreater, pLess, ...base }
}
