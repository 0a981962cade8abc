// standardize = 'whiten' (MATH.md §5): c ← Σ_c^{−1/2}(c − E c) with the exact covariance. For a
// per-vector mixture Σ_c = I + Σ_i p_i (μ_i − μ̄)(μ_i − μ̄)ᵀ has m − 1 spikes of size ~Dα²/3 that
// per-dimension standardisation leaves in place; whitening removes them.
import { describe, expect, it } from 'vitest'
import { LatentSpec } from '@shared/spec'
import { makeLatent, spikeWhitening } from '@models/latent/latent'
import { Rng } from '@numeric/random/rng'

/** sample mean and covariance of n draws of a latent (D×D row-major) */
function moments(kind: 'exact' | 'whiten' | 'none', D: number, n: number, seed = 3) {
  const latent = makeLatent(LatentSpec.parse({ kind: 'mixture', m: 4, alpha: 2, standardize: kind }), D, Rng.stream(seed, 'latent'))
  const B = 1000
  const buf = new Float64Array(B * D)
  const mean = new Float64Array(D)
  const cov = new Float64Array(D * D)
  for (let done = 0; done < n; done += B) {
    latent.sample(buf, B)
    for (let b = 0; b < B; b++)
      for (let r = 0; r < D; r++) {
        const x = buf[b * D + r]
        mean[r] += x
        for (let q = 0; q < D; q++) cov[r * D + q] += x * buf[b * D + q]
      }
  }
  for (let r = 0; r < D; r++) mean[r] /= n
  for (let r = 0; r < D; r++) for (let q = 0; q < D; q++) cov[r * D + q] = cov[r * D + q] / n - mean[r] * mean[q]
  return { mean, cov, latent }
}

/** the largest eigenvalue of a symmetric D×D matrix by power iteration */
function topEigenvalue(A: Float64Array, D: number): number {
  let v = new Float64Array(D).fill(1 / Math.sqrt(D))
  let lambda = 0
  for (let it = 0; it < 500; it++) {
    const w = new Float64Array(D)
    for (let r = 0; r < D; r++) for (let q = 0; q < D; q++) w[r] += A[r * D + q] * v[q]
    lambda = Math.hypot(...w)
    v = w.map((x) => x / lambda)
  }
  return lambda
}

describe("standardize: 'whiten' on per-vector mixtures GM(4, 2), D = 20", () => {
  const D = 20, n = 100_000
  it('gives mean 0 and covariance I within Monte Carlo error (entries SE ≈ 1/√n)', () => {
    const { mean, cov } = moments('whiten', D, n)
    const se = 1 / Math.sqrt(n)
    for (let r = 0; r < D; r++) {
      expect(Math.abs(mean[r])).toBeLessThan(5 * se)
      for (let q = 0; q < D; q++) expect(Math.abs(cov[r * D + q] - (r === q ? 1 : 0)), `Σ[${r},${q}]`).toBeLessThan(6 * se * (r === q ? Math.SQRT2 : 1))
    }
  })

  it('per-dimension standardisation keeps a spike of size ~Dα²/3 · Σp(…) that whitening removes', () => {
    const exact = moments('exact', D, 20_000)
    const white = moments('whiten', D, 20_000)
    expect(topEigenvalue(exact.cov, D)).toBeGreaterThan(3)
    expect(topEigenvalue(white.cov, D)).toBeLessThan(1.1)
  })

  it('Σ^{−1/2} from the spikes equals the inverse square root of Σ = I + AAᵀ (closed form on a small case)', () => {
    // two components, D = 3: one spike along μ_1 − μ_2
    const means = Float64Array.from([1, 2, 0, -1, 0, 2])
    const weights = Float64Array.from([0.25, 0.75])
    const mean = Float64Array.from([0, 1, 0]).map((_, r) => weights[0] * means[r] + weights[1] * means[3 + r])
    const { U, gamma, rank } = spikeWhitening(means, weights, mean, 3)
    expect(rank).toBe(1)
    const d = [2, 2, -2] // μ_1 − μ_2
    const s = 0.25 * 0.75 * (4 + 4 + 4) // p1 p2 |μ_1 − μ_2|²
    expect(gamma[0]).toBeCloseTo(1 / Math.sqrt(1 + s) - 1, 12)
    const dot = (U[0] * d[0] + U[1] * d[1] + U[2] * d[2]) / Math.hypot(...d)
    expect(Math.abs(dot)).toBeCloseTo(1, 12)
  })

  it('refuses distributions without a variance, naming latent.standardize', () => {
    expect(() => makeLatent(LatentSpec.parse({ kind: 'lorentz', standardize: 'whiten' }), 5, Rng.stream(0, 'l'))).toThrow(/latent.standardize/)
  })

  it('with independent coordinates (per-coordinate mixture) is the per-dimension standardisation', () => {
    const spec = (standardize: string) => LatentSpec.parse({ kind: 'mixture', m: 3, alpha: 1.5, components: 'coordinate', standardize })
    const a = new Float64Array(50 * 8), b = new Float64Array(50 * 8)
    makeLatent(spec('exact'), 8, Rng.stream(5, 'x')).sample(a, 50)
    makeLatent(spec('whiten'), 8, Rng.stream(5, 'x')).sample(b, 50)
    expect(b).toEqual(a)
  })
})
