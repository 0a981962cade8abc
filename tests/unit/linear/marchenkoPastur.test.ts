// The Marchenko–Pastur law: moments, its closed-form CDF, and sampled spectra (KS distance).
import { describe, expect, it } from 'vitest'
import { integrateMP, marchenkoPastur, mpCdf, mpDensity } from '@models/linear/marchenkoPastur'
import { tanhSinh } from '@numeric/quadrature/tanhSinh'
import { datasetSpectrum } from '@models/linear/learningCurve'
import { drawInstance, gram } from '@models/linear/instance'
import { compareSpectrum } from '@models/linear/spectrum'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'

const ALPHAS = [0.1, 0.5, 0.9, 0.999, 1, 1.001, 1.5, 4, 20]

describe('Marchenko–Pastur law', () => {
  it('has unit mass, mean α and second moment α(1 + α) to 1e-13', () => {
    for (const a of ALPHAS) {
      expect(integrateMP(a, () => 1), `α = ${a}`).toBeCloseTo(1, 13)
      expect(integrateMP(a, (l) => l) / a, `α = ${a}`).toBeCloseTo(1, 13)
      expect(integrateMP(a, (l) => l * l) / (a * (1 + a)), `α = ${a}`).toBeCloseTo(1, 12)
    }
  })

  it('E[1/λ] over the bulk: 1/(α − 1) for α > 1 and α/(1 − α) for α < 1, to 1e-11 even near α = 1', () => {
    for (const a of [1.001, 1.05, 1.5, 3, 20]) expect(integrateMP(a, (l) => 1 / l) * (a - 1), `α = ${a}`).toBeCloseTo(1, 11)
    for (const a of [0.1, 0.5, 0.95, 0.999]) expect(integrateMP(a, (l) => (l > 0 ? 1 / l : 0)) * ((1 - a) / a), `α = ${a}`).toBeCloseTo(1, 11)
  })

  it('its closed-form CDF is the integral of its density', () => {
    for (const a of [0.3, 1, 2.5]) {
      const mp = marchenkoPastur(a)
      for (const f of [0.01, 0.2, 0.5, 0.9, 0.999]) {
        const x = mp.lower + f * (mp.upper - mp.lower)
        const numeric = mp.zeroMass + tanhSinh((l) => mpDensity(mp, l), mp.lower, x).value
        expect(mpCdf(mp, x), `α = ${a}, λ = ${x}`).toBeCloseTo(numeric, 12)
      }
      expect(mpCdf(mp, mp.upper)).toBe(1)
      expect(mpCdf(mp, -1)).toBe(0)
      expect(mpCdf(mp, 0)).toBe(mp.zeroMass)
    }
  })

  it('sampled spectra of XXᵀ follow it (KS distance), and a wrong α is rejected', () => {
    for (const [N, P] of [
      [300, 600],
      [300, 150]
    ]) {
      const inst = drawInstance({ N, P, sigmaW: 1, sigmaW0: 0, sigmaEps: 0 }, 3)
      const lambdas = datasetSpectrum(symmetricEigen(gram(inst.X, N, P), N, { vectors: false }).values, N, P)
      const fit = compareSpectrum(lambdas, P / N, 30)
      // eigenvalues are rigid: the KS distance is O(1/N), far below the 1.36/√N of i.i.d. samples
      expect(fit.ks, `N=${N} P=${P}`).toBeLessThan(1.36 / Math.sqrt(N))
      expect(compareSpectrum(lambdas, (1.3 * P) / N, 30).ks).toBeGreaterThan(0.1)
      // histogram: empirical and MP densities agree bin by bin within a few counts
      for (let b = 0; b < fit.bins; b++) {
        const [left, right, emp, mp] = fit.histogram.subarray(4 * b, 4 * b + 4)
        expect(Math.abs(emp - mp) * N * (right - left), `bin ${b}`).toBeLessThan(4 + 0.15 * mp * N * (right - left))
      }
    }
  })
})
