// Test helper: samples of N(μ, Σ) by x = μ + L z, L the Cholesky factor of Σ.
import type { Rng } from '@numeric/random/rng'

export function cholesky(S: number[][]): number[][] {
  const d = S.length
  const L = S.map(() => new Array<number>(d).fill(0))
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = S[i][j]
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k]
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j]
    }
  return L
}

/** n rows of N(μ, Σ), row-major n×d */
export function gaussianSamples(mu: number[], cov: number[][], n: number, rng: Rng): Float64Array {
  const d = mu.length
  const L = cholesky(cov)
  const out = new Float64Array(n * d)
  const z = new Float64Array(d)
  for (let i = 0; i < n; i++) {
    rng.fillNormal(z)
    for (let a = 0; a < d; a++) {
      let s = mu[a]
      for (let b = 0; b <= a; b++) s += L[a][b] * z[b]
      out[i * d + a] = s
    }
  }
  return out
}

export const identity = (d: number) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)))
