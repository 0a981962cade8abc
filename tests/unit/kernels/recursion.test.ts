// NNGP/NTK recursions (models/infiniteWidth) against the independent python reference
// (tests/reference/kernels_reference.py → kernels_reference.json), Monte Carlo of the closed
// forms, and the σ_w² = 2 relu fixed point of MATH.md §9.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { Rng } from '@numeric/random/rng'
import { deepKernels } from '@models/infiniteWidth/recursion'
import { dualClosedForm } from '@models/infiniteWidth/dual'
import { PHI } from '@models/infiniteWidth/activations'

const ref = JSON.parse(readFileSync(new URL('../../reference/kernels_reference.json', import.meta.url), 'utf8')) as {
  inputs: number[][]
  cases: { phi: 'relu' | 'erf' | 'tanh'; depth: number; sigmaW2: number; sigmaB2: number; nngp: number[][]; ntk: number[][] }[]
}

describe('deepKernels against the python reference', () => {
  const X = Float64Array.from(ref.inputs.flat())
  const n = ref.inputs.length
  const d = ref.inputs[0].length
  it.each(ref.cases.map((c) => [c.phi, c] as const))('%s', (_, c) => {
    const k = deepKernels(X, n, d, c)
    // closed forms agree to rounding; tanh compares our polar Gauss rule with scipy's dblquad
    const tol = c.phi === 'tanh' ? 1e-8 : 1e-12
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        expect(Math.abs(k.nngp[i * n + j] - c.nngp[i][j])).toBeLessThan(tol * Math.max(1, Math.abs(c.nngp[i][j])))
        expect(Math.abs(k.ntk[i * n + j] - c.ntk[i][j])).toBeLessThan(tol * Math.max(1, Math.abs(c.ntk[i][j])))
      }
  })
})

describe('relu with σ_w² = 2, σ_b² = 0', () => {
  it('keeps K^ℓ(x, x) = K⁰(x, x) at every depth (1e-12), and Θ^L(x, x) = (L + 1) K⁰(x, x)', () => {
    const n = 6
    const d = 5
    const X = new Float64Array(n * d)
    Rng.stream(3, 'x').fillNormal(X)
    const L = 12
    const k = deepKernels(X, n, d, { phi: 'relu', depth: L, sigmaW2: 2, sigmaB2: 0 })
    for (const v of k.diagMean) expect(Math.abs(v / k.diagMean[0] - 1)).toBeLessThan(1e-12)
    for (let i = 0; i < n; i++) {
      let x2 = 0
      for (let j = 0; j < d; j++) x2 += X[i * d + j] ** 2
      expect(k.nngp[i * n + i]).toBeCloseTo((2 * x2) / d, 12)
      expect(k.ntk[i * n + i]).toBeCloseTo(((L + 1) * 2 * x2) / d, 10)
    }
  })
})

describe('closed forms against Monte Carlo', () => {
  // 400 000 correlated pairs; the tolerance is 5 standard errors of the sample mean
  it.each([
    ['relu', 1.4, 0.8, 0.6],
    ['relu', 1, 1, -0.7],
    ['erf', 1.4, 0.8, 0.6],
    ['erf', 0.3, 2.5, -0.5]
  ] as const)('%s at Σ = [[%f, %f], c = %f]', (phi, a, b, c) => {
    const N = 400_000
    const z = new Float64Array(2 * N)
    Rng.stream(11, `mc/${phi}/${a}/${c}`).fillNormal(z)
    const rho = c / Math.sqrt(a * b)
    const { phi: f, dphi: df } = PHI[phi]
    let s1 = 0, s2 = 0, t1 = 0, t2 = 0
    for (let i = 0; i < N; i++) {
      const u = Math.sqrt(a) * z[2 * i]
      const v = Math.sqrt(b) * (rho * z[2 * i] + Math.sqrt(1 - rho * rho) * z[2 * i + 1])
      const p = f(u) * f(v)
      const q = df(u) * df(v)
      s1 += p; s2 += p * p; t1 += q; t2 += q * q
    }
    const exact = dualClosedForm(phi, a, b, c)!
    const se = (m1: number, m2: number) => Math.sqrt((m2 / N - (m1 / N) ** 2) / N)
    expect(Math.abs(s1 / N - exact.k)).toBeLessThan(5 * se(s1, s2))
    expect(Math.abs(t1 / N - exact.kdot)).toBeLessThan(5 * se(t1, t2))
  })
})
