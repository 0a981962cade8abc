// Power-law fits (numeric/stats/powerLawFit.ts) and the scaling engine on a synthetic spectrum
// with known α_K: the resolution-limited exponents α_D, α_P have intervals holding α_K (duality).
import { describe, expect, it } from 'vitest'
import { fitPowerLaw, tQuantile } from '@numeric/stats/powerLawFit'
import { Rng } from '@numeric/random/rng'
import { scalingEngine } from '@engines/scaling/engine'
import { ScalingRunSpec } from '@shared/specs/scaling'
import { NngpRunSpec } from '@shared/specs/nngp'
import { NtkTrainRunSpec } from '@shared/specs/ntkTrain'
import { lossFinite, lossInfiniteData, lossKernelLimit } from '@engines/scaling/losses'
import { Matrix, pseudoInverse } from 'ml-matrix'

describe('fitPowerLaw', () => {
  it('t quantiles: t_{0.975}(∞-like 1e6) ≈ 1.95996, t_{0.975}(4) = 2.77645', () => {
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 4)
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776445, 5)
  })
  it('recovers α exactly without noise, and its 95% interval covers the truth in ~95% of noisy fits', () => {
    const x = [1, 2, 4, 8, 16, 32, 64]
    expect(fitPowerLaw(x, x.map((v) => 3 * v ** -0.7)).alpha).toBeCloseTo(0.7, 12)
    const rng = Rng.stream(1, 'fits')
    let covered = 0
    const trials = 400
    for (let t = 0; t < trials; t++) {
      const y = x.map((v) => 2 * v ** -1.3 * Math.exp(0.1 * rng.normal()))
      const f = fitPowerLaw(x, y)
      if (f.ci[0] <= 1.3 && 1.3 <= f.ci[1]) covered++
    }
    // binomial(400, 0.95): sd ≈ 4.4 → 5 sd band
    expect(covered).toBeGreaterThan(380 - 22)
    expect(covered).toBeLessThan(380 + 22)
  })
  it('refuses fewer than 3 usable points', () => {
    expect(() => fitPowerLaw([1, 2, 3], [1, 0, -1])).toThrow(/3 points/)
  })
})

describe('scaling engine on a power-law spectrum', () => {
  // S = 2048 teacher features: for α_K ≥ 1 the truncation L(D) ∝ D^{−α} − S^{−α} stays below
  // the interval's width over D ≤ 128; for small α_K (0.5) it steepens the fitted slope visibly
  // (measured at S = 2048: α_D = 0.544 [0.506, 0.582]), the model's finite S, not an error of the fit
  it.each([1, 1.5])('α_K = %f: α_K fitted exactly, α_D and α_P intervals hold α_K', (alphaK) => {
    const spec = ScalingRunSpec.parse({
      engine: 'scaling',
      features: { kind: 'powerlaw', alphaK, S: 2048 },
      resolution: { D: [8, 16, 32, 64, 128], P: [8, 16, 32, 64, 128] },
      variance: { fixedD: 4, P: [16, 32, 64], fixedP: 4, D: [16, 32, 64] },
      trials: 8,
      seed: 1
    })
    const s = [...scalingEngine(spec)].find((r) => r.type === 'summary')!.values as {
      alphaK: number
      fit: { alphaD: number; alphaDCI: [number, number]; alphaP: number; alphaPCI: [number, number] }
    }
    expect(s.alphaK).toBeCloseTo(alphaK, 10)
    expect(s.fit.alphaDCI[0]).toBeLessThanOrEqual(alphaK)
    expect(s.fit.alphaDCI[1]).toBeGreaterThanOrEqual(alphaK)
    expect(s.fit.alphaPCI[0]).toBeLessThanOrEqual(alphaK)
    expect(s.fit.alphaPCI[1]).toBeGreaterThanOrEqual(alphaK)
  })
})

describe('specs refuse bad input by field', () => {
  const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error!.issues.map((i) => i.path.join('.'))
  it('nngp: unknown keys, negative σ_b², n too large', () => {
    expect(issues(NngpRunSpec.safeParse({ engine: 'nngp', extra: 1 }))).toContain('')
    expect(issues(NngpRunSpec.safeParse({ engine: 'nngp', sigmaB2: -1 }))).toContain('sigmaB2')
    expect(issues(NngpRunSpec.safeParse({ engine: 'nngp', inputs: { kind: 'gaussian', n: 6000 } }))).toContain('inputs.n')
  })
  it('scaling: non-increasing axes; more samples than images; matrices over 512 MiB', () => {
    const r = ScalingRunSpec.safeParse({ engine: 'scaling', features: { kind: 'powerlaw', S: 16384 }, resolution: { D: [8, 128, 100, 8192], P: [8, 16, 32] } })
    expect(issues(r)).toEqual(expect.arrayContaining(['resolution.D.2', 'resolution.D.3']))
    const m = ScalingRunSpec.safeParse({
      engine: 'scaling',
      features: { kind: 'nngp', images: 'x.gz', n: 100 },
      resolution: { D: [8, 16, 200], P: [8, 16, 200] },
      variance: { fixedD: 4, P: [16, 32, 64], fixedP: 4, D: [16, 32, 64] },
      spectrumFit: { from: 2, to: 12 }
    })
    // 200 samples from 100 images is refused; 200 projections are fine
    expect(issues(m)).toEqual(['resolution.D.2'])
  })
  it('ntk-train: more tracked points than test points', () => {
    expect(issues(NtkTrainRunSpec.safeParse({ engine: 'ntk-train', nTest: 2, tracked: 3 }))).toContain('tracked')
  })
})

describe('random-features losses averaged over the teacher in closed form', () => {
  // E_ω L with E[ωωᵀ] = I/S equals (1/S) Σ_M L(ω = e_M): checked with an independent
  // minimum-norm least-squares solve (ml-matrix's pseudo-inverse) per basis teacher.
  const S = 12
  const lambda = Float64Array.from({ length: S }, (_, i) => (i + 1) ** -1.5)
  const rng = Rng.stream(9, 'losses')
  const draw = (r: number, c: number) => {
    const A = new Float64Array(r * c)
    rng.fillNormal(A)
    return A
  }
  const toRows = (A: Float64Array, r: number, c: number) => Array.from({ length: r }, (_, i) => Array.from(A.subarray(i * c, (i + 1) * c)))
  function directLoss(Phi: Float64Array, D: number, Proj: Float64Array | null, P: number): number {
    let total = 0
    for (let m = 0; m < S; m++) {
      const omega = Array.from({ length: S }, (_, k) => (k === m ? 1 : 0))
      const phi = new Matrix(toRows(Phi, D, S))
      const y = phi.mmul(Matrix.columnVector(omega))
      // student design: G = Φ𝒫ᵀ (or Φ itself when P = ∞); coefficients in the teacher basis
      const beta = Proj
        ? new Matrix(toRows(Proj, P, S)).transpose().mmul(pseudoInverse(phi.mmul(new Matrix(toRows(Proj, P, S)).transpose())).mmul(y))
        : pseudoInverse(phi).mmul(y)
      let L = 0
      for (let k = 0; k < S; k++) L += lambda[k] * (beta.get(k, 0) - omega[k]) ** 2
      total += L / 2
    }
    return total / S
  }
  it.each([
    [5, 8],
    [7, 3]
  ])('finite D = %i, P = %i, and P = ∞, agree to 1e-10', (D, P) => {
    const Phi = draw(D, S)
    const Proj = draw(P, S)
    expect(Math.abs(lossFinite(Phi, D, Proj, P, S, lambda) - directLoss(Phi, D, Proj, P))).toBeLessThan(1e-10)
    expect(Math.abs(lossKernelLimit(Phi, D, S, lambda) - directLoss(Phi, D, null, 0))).toBeLessThan(1e-10)
  })
  it('D = ∞: the population optimum is the limit of many samples (D = 4000 within 1%)', () => {
    const P = 4
    const Proj = draw(P, S)
    const inf = lossInfiniteData(Proj, P, S, lambda)
    const big = 4000
    const Phi = draw(big, S)
    for (let a = 0; a < big; a++) for (let k = 0; k < S; k++) Phi[a * S + k] *= Math.sqrt(lambda[k])
    expect(Math.abs(lossFinite(Phi, big, Proj, P, S, lambda) / inf - 1)).toBeLessThan(0.01)
  })
})
