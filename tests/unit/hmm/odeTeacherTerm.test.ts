// The r-equation's teacher term per mode (μ1 ρ_τ ω_mτ Σ_n b_kn ω_nτ) against the τ-averaged form
// of MATH.md §3 (μ1 ρ_τ Σ_n b_kn T̃_nm), and both against SGD on a Gaussian HMM whose teacher
// sits on the top modes of an anisotropic Ω: the case where the average is wrong.
import { describe, expect, it } from 'vitest'
import { activations } from '@models/twoLayer/activations'
import { integrateOde, type OdeOptions } from '@models/twoLayer/ode'
import { odeStateFromInstance, type OdeConstants, type OdeState } from '@models/twoLayer/odeState'
import type { HmmInstance } from '@models/twoLayer/instance'
import { rng } from './helpers'

const last = <T>(a: T[]) => a[a.length - 1]

/** a drawn instance with Ω's spectrum spread by row scales a_r of F (mean ρ ≈ 1), teacher on rows 0..M−1 */
function anisotropic(N: number, D: number, K: number, M: number, seed: number, decay = 0.6): HmmInstance {
  const { normal } = rng(seed)
  const a = Float64Array.from({ length: D }, (_, r) => Math.pow(decay, r))
  const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0) / D)
  const F = new Float64Array(D * N)
  for (let r = 0; r < D; r++) for (let i = 0; i < N; i++) F[r * N + i] = (a[r] / norm) * normal()
  const wTeacher = new Float64Array(M * D)
  for (let m = 0; m < M; m++) wTeacher[m * D + m] = Math.sqrt(D)
  return { N, D, K, M, F, wTeacher, vTeacher: new Float64Array(M).fill(1), w: Float64Array.from({ length: K * N }, normal), v: new Float64Array(K).fill(1) }
}

const base: OdeOptions = { lr: 0.5, g: 'erf', trainSecondLayer: false, dt: 0.01, method: 'euler' }

describe('per-mode teacher term', () => {
  it('equals the averaged term when ω_nτ ω_mτ = T̃_nm for every τ (M = 1, ω ≡ 1, mean ρ = 1)', () => {
    const D = 12, K = 2
    const rho = Float64Array.from({ length: D }, (_, t) => 0.3 + (1.4 * t) / (D - 1)) // mean 1
    const { normal } = rng(4)
    const G = Float64Array.from({ length: K * D }, () => 0.5 * normal())
    const sigma = new Float64Array(K * K * D)
    const r = new Float64Array(K * D)
    for (let k = 0; k < K; k++)
      for (let t = 0; t < D; t++) {
        for (let l = 0; l < K; l++) sigma[(k * K + l) * D + t] = G[k * D + t] * G[l * D + t]
        r[k * D + t] = G[k * D + t] // ω_τ = 1
      }
    const W = Float64Array.from([1.2, 0.1, 0.1, 0.9])
    const c: OdeConstants = {
      K, M: 1, D, delta: 0.1, mu1: 0.8, mu2: 1, zeta: 1 - 0.64, vTeacher: Float64Array.from([1]),
      T: Float64Array.from([1]), tildeT: Float64Array.from([1]), rho, omega: new Float64Array(D).fill(1)
    }
    const s: OdeState = { sigma, r, W, v: new Float64Array(K).fill(1) }
    const times = [0.5, 2]
    for (const kernel of ['unrolled', 'loops'] as const) {
      const a = [...integrateOde(c, s, { ...base, kernel, teacherTerm: 'averaged' }, times)]
      const b = [...integrateOde(c, s, { ...base, kernel, teacherTerm: 'per-mode' }, times)]
      for (let i = 0; i < times.length; i++) {
        expect(Math.abs(a[i].eg - b[i].eg)).toBeLessThan(1e-13)
        for (let j = 0; j < K; j++) expect(Math.abs(a[i].R[j] - b[i].R[j])).toBeLessThan(1e-13)
      }
    }
  })

  it('the unrolled and the loop kernels compute the same per-mode pass', () => {
    const inst = anisotropic(300, 8, 3, 2, 5)
    const { constants, state } = odeStateFromInstance(inst, 1, 1.2)
    const o: OdeOptions = { ...base, teacherTerm: 'per-mode' }
    const a = last([...integrateOde(constants, state, { ...o, kernel: 'unrolled' }, [3])])
    const b = last([...integrateOde(constants, state, { ...o, kernel: 'loops' }, [3])])
    expect(Math.abs(a.eg - b.eg)).toBeLessThan(1e-12)
    for (let i = 0; i < a.R.length; i++) expect(Math.abs(a.R[i] - b.R[i])).toBeLessThan(1e-12)
  })

  it('refuses constants without ω', () => {
    const inst = anisotropic(50, 4, 2, 2, 6)
    const { constants, state } = odeStateFromInstance(inst, 1, 1)
    delete constants.omega
    expect(() => [...integrateOde(constants, state, { ...base, teacherTerm: 'per-mode' }, [0.1])]).toThrow(/ω/)
  })

  it('follows SGD on a Gaussian HMM with the teacher on the top modes; the averaged form does not', () => {
    // Gaussian latents, f linear (μ1 = μ2 = 1), erf, N = 1000, D = 30, spectrum ρ_r ∝ 0.85^(2r)
    const N = 1000, D = 30, K = 2, M = 2
    const times = [0.03, 0.1, 0.3, 1, 3]
    const inst = anisotropic(N, D, K, M, 7, 0.85)
    const { constants, state } = odeStateFromInstance(inst, 1, 1)
    // the teacher's modes are learned on the time scale δ = D/N = 0.03, so dt = 0.001
    const o: OdeOptions = { ...base, dt: 0.001 }
    const egPer = [...integrateOde(constants, state, { ...o, teacherTerm: 'per-mode' }, times)].map((s) => s.eg)
    const egAvg = [...integrateOde(constants, state, { ...o, teacherTerm: 'averaged' }, times)].map((s) => s.eg)
    // SGD (MATH.md §1), mean over seeds, ε_g on 2000 test samples per seed
    const g = activations.erf.g, dg = activations.erf.dg
    const seeds = 4
    const egSgd = times.map(() => 0)
    for (let seed = 0; seed < seeds; seed++) {
      const { normal } = rng(100 + seed)
      const c = new Float64Array(D)
      const x = new Float64Array(N)
      const sample = (): number => {
        for (let r = 0; r < D; r++) c[r] = normal()
        x.fill(0)
        for (let r = 0; r < D; r++) for (let i = 0; i < N; i++) x[i] += (c[r] * inst.F[r * N + i]) / Math.sqrt(D)
        let y = 0
        for (let m = 0; m < M; m++) {
          let nu = 0
          for (let r = 0; r < D; r++) nu += (inst.wTeacher[m * D + r] * c[r]) / Math.sqrt(D)
          y += g(nu)
        }
        return y
      }
      const w = Float64Array.from(inst.w)
      const lam = new Float64Array(K)
      const out = (): number => {
        let yh = 0
        for (let k = 0; k < K; k++) {
          let s = 0
          for (let i = 0; i < N; i++) s += w[k * N + i] * x[i]
          lam[k] = s / Math.sqrt(N)
          yh += g(lam[k])
        }
        return yh
      }
      let mu = 0
      for (let p = 0; p < times.length; p++) {
        for (; mu < times[p] * N; mu++) {
          const y = sample()
          const e = out() - y
          for (let k = 0; k < K; k++) {
            const a = (-base.lr / Math.sqrt(N)) * e * dg(lam[k])
            for (let i = 0; i < N; i++) w[k * N + i] += a * x[i]
          }
        }
        let s = 0
        const nTest = 2000
        for (let q = 0; q < nTest; q++) {
          const y = sample()
          s += 0.5 * (out() - y) ** 2
        }
        egSgd[p] += s / nTest / seeds
      }
    }
    const rel = (a: number, b: number) => Math.abs(a / b - 1)
    // measured (4000 test samples): per-mode 8, 7, 8, 2, 0.2 % from the 4-seed SGD mean at
    // t = 0.03 … 3; averaged: ε_g = −0.31 at t = 0.03, then NaN (Q, R, T stop being a covariance)
    for (let p = 0; p < times.length; p++) expect(rel(egPer[p], egSgd[p]), `t=${times[p]}: per-mode ${egPer[p]}, SGD ${egSgd[p]}`).toBeLessThan(0.12)
    expect(egAvg.some((e) => !(e > 0)), `averaged ${egAvg}`).toBe(true)
  }, 120_000)
})
