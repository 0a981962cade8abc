import { describe, expect, it } from 'vitest'
import { inputMaps } from '@models/twoLayer/activations'
import { Rng } from '@numeric/random/rng'
import { correctedMoments } from '@engines/pseudoreal/correctedMoments'

function gaussian(P: number, D: number, N: number, seed: number, shift = 0) {
  const rng = Rng.stream(seed, 'test/moments')
  const C = new Float64Array(P * D)
  const F = new Float64Array(D * N)
  rng.fillNormal(C)
  rng.fillNormal(F)
  for (let i = 0; i < C.length; i++) C[i] = 0.8 * C[i] + shift
  return { C, F }
}

describe('correctedMoments', () => {
  it('equals averages over the explicitly formed, standardised u (brute force)', () => {
    const P = 23, D = 5, N = 17
    const { C, F } = gaussian(P, D, N, 1, 0.3) // shifted: ū ≠ 0, s_u ≠ 1
    const u: number[] = []
    for (let p = 0; p < P; p++)
      for (let i = 0; i < N; i++) {
        let s = 0
        for (let r = 0; r < D; r++) s += C[p * D + r] * F[r * N + i]
        u.push(s / Math.sqrt(D))
      }
    const mean = u.reduce((a, b) => a + b, 0) / u.length
    const sd = Math.sqrt(u.reduce((a, b) => a + (b - mean) ** 2, 0) / u.length)
    for (const f of ['tanh', 'erf', 'sgn', 'linear'] as const) {
      const fn = inputMaps[f]
      const z = u.map((x) => (x - mean) / sd)
      const m = correctedMoments(C, F, P, D, N, f, 4) // 4-row blocks: several blocks and a remainder
      expect(m.uMean).toBeCloseTo(mean, 12)
      expect(m.uStd).toBeCloseTo(sd, 12)
      expect(m.count).toBe(P * N)
      expect(m.mu0).toBeCloseTo(z.reduce((a, x) => a + fn(x), 0) / z.length, 12)
      expect(m.mu1).toBeCloseTo(z.reduce((a, x) => a + x * fn(x), 0) / z.length, 12)
      expect(m.mu2).toBeCloseTo(z.reduce((a, x) => a + fn(x) ** 2, 0) / z.length, 12)
      expect(m.zeta).toBeCloseTo(m.mu2 - m.mu1 ** 2, 14)
      expect(m.raw.mu1).toBeCloseTo(u.reduce((a, x) => a + x * fn(x), 0) / u.length, 12)
      expect(m.raw.mu2).toBeCloseTo(u.reduce((a, x) => a + fn(x) ** 2, 0) / u.length, 12)
    }
  })

  it('linear f: standardisation makes μ0 = 0, μ1 = μ2 = 1 exactly', () => {
    const { C, F } = gaussian(31, 4, 9, 2, 1.5)
    const m = correctedMoments(C, F, 31, 4, 9, 'linear')
    expect(m.mu0).toBeCloseTo(0, 12)
    expect(m.mu1).toBeCloseTo(1, 12)
    expect(m.mu2).toBeCloseTo(1, 12)
  })

  it('Gaussian latents and features: the Gaussian values come back (sgn √(2/π), 1; erf 1/√π, 1/3)', () => {
    const P = 1500, D = 200, N = 300
    const { C, F } = gaussian(P, D, N, 3)
    const sgn = correctedMoments(C, F, P, D, N, 'sgn')
    const e = correctedMoments(C, F, P, D, N, 'erf')
    // u is Gaussian given F up to the spread of |F_i|²/D, |c_p|²/D (relative ~√(2/D) = 0.1):
    // the moments move by O(1/D)
    expect(sgn.mu1).toBeCloseTo(Math.sqrt(2 / Math.PI), 2)
    expect(sgn.mu2).toBe(1)
    expect(e.mu1).toBeCloseTo(1 / Math.sqrt(Math.PI), 2)
    expect(e.mu2).toBeCloseTo(1 / 3, 2)
    expect(Math.abs(e.mu0)).toBeLessThan(0.01)
  })
})
