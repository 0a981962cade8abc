// The Gaussian-equivalent HMM of a pseudo-real fit (gaussianEquivalent.ts), pinned by
// - the KDE covariance against its direct definition from the rows of C;
// - f linear, where the rewrite is exact: κ = 1, ζ = 0, and the ODE's Q, R, T at t = 0 equal the
//   closed-form second moments of the centred data (w FᵀΣ_cF wᵀ/(ND), …) to rounding;
// - f tanh: every per-pixel moment against a 400 000-sample Monte Carlo of the KDE;
// - the ODE's Q(0), R(0) against Monte Carlo λ, ν of the centred data (linearisation error bound).
import { describe, expect, it } from 'vitest'
import { odeStateFromInstance, orderParametersFromWeights } from '@models/twoLayer/odeState'
import { gaussianEquivalent, kdeCovariance } from '@engines/pseudoreal/gaussianEquivalent'
import { LatentKde } from '@engines/pseudoreal/kde'
import { gemm } from '@numeric/linalg/gemm'
import { centreLatents } from '@engines/pseudoreal/pipeline'
import { Rng } from '@numeric/random/rng'

/** latents with non-zero means, unequal scales and correlations: c = a + L g, g ~ N(0, I) */
function latents(P: number, D: number, rng: Rng): Float64Array {
  const g = new Float64Array(P * D)
  rng.fillNormal(g)
  const C = new Float64Array(P * D)
  for (let p = 0; p < P; p++)
    for (let r = 0; r < D; r++) {
      let s = 0.4 * Math.cos(r) // mean
      for (let q = 0; q <= r; q++) s += (q === r ? 0.6 + 0.1 * r : 0.3 / (1 + r - q)) * g[p * D + q]
      C[p * D + r] = s
    }
  return C
}

function normals(n: number, rng: Rng, scale = 1): Float64Array {
  const a = new Float64Array(n)
  rng.fillNormal(a)
  for (let i = 0; i < n; i++) a[i] *= scale
  return a
}

describe('kdeCovariance', () => {
  it('equals (1/P) Σ_p (c_p − m)(c_p − m)ᵀ + h² diag(s²) computed from the rows', () => {
    const P = 50, D = 4
    const C = latents(P, D, Rng.stream(1, 'c'))
    const kde = new LatentKde(C, P, D, { bandwidth: 0.37 })
    const cov = kdeCovariance(kde)
    const m = new Float64Array(D)
    for (let p = 0; p < P; p++) for (let r = 0; r < D; r++) m[r] += C[p * D + r] / P
    for (let r = 0; r < D; r++)
      for (let q = 0; q < D; q++) {
        let s = 0
        for (let p = 0; p < P; p++) s += (C[p * D + r] - m[r]) * (C[p * D + q] - m[q])
        s /= P
        if (r === q) s += 0.37 * 0.37 * kde.scale[r] * kde.scale[r]
        expect(cov[r * D + q]).toBeCloseTo(s, 12)
      }
  })
})

describe('gaussianEquivalent, f linear (exact)', () => {
  const P = 40, D = 5, N = 30, M = 2, K = 2
  const rng = Rng.stream(2, 'lin')
  const C = latents(P, D, rng.split('c'))
  const F = normals(D * N, rng.split('F'))
  const wT = normals(M * D, rng.split('wT'))
  const kde = new LatentKde(C, P, D, { bandwidth: 0.5 })
  const ge = gaussianEquivalent(kde, C, F, N, 'linear', wT, M)

  it('κ = 1, ζ = 0, μ0 = ū = m·F/√D, v = Fᵀ Σ_c F/D per pixel', () => {
    const cov = kdeCovariance(kde)
    expect(ge.zeta).toBeLessThan(1e-12)
    expect(ge.mu2).toBeCloseTo(1, 12)
    for (let i = 0; i < N; i++) {
      expect(ge.kappa[i]).toBeCloseTo(1, 10)
      let mean = 0
      let v = 0
      for (let r = 0; r < D; r++) {
        mean += kde.mean[r] * F[r * N + i]
        for (let q = 0; q < D; q++) v += F[r * N + i] * cov[r * D + q] * F[q * N + i]
      }
      expect(ge.mu0[i]).toBeCloseTo(mean / Math.sqrt(D), 10)
      expect(ge.uVar[i]).toBeCloseTo(v / D, 10)
    }
  })

  it("the ODE's Q, R, T at t = 0 are the centred data's second moments", () => {
    const cov = kdeCovariance(kde)
    const w = normals(K * N, rng.split('w'))
    const inst = { N, D, K, M, F: ge.F, wTeacher: ge.wTeacher, vTeacher: new Float64Array(M).fill(1), w, v: new Float64Array(K).fill(1) }
    const { constants } = odeStateFromInstance(inst, ge.mu1, ge.mu2)
    const op = orderParametersFromWeights(inst, ge.mu1, ge.mu2)
    // closed forms: x − E x = Fᵀ(c − m)/√D, ν = w̃(c − m)/√D
    // Q_kl = w_k Fᵀ Σ_c F w_lᵀ/(N D), R_km = w_k Fᵀ Σ_c w̃_mᵀ/(D √N), T_mn = w̃_m Σ_c w̃_nᵀ/D
    const Fw = new Float64Array(K * D) // (F w_kᵀ)_r
    gemm(K, D, N, w, F, Fw, { transB: true })
    const quad = (a: Float64Array, ao: number, b: Float64Array, bo: number) => {
      let s = 0
      for (let r = 0; r < D; r++) for (let q = 0; q < D; q++) s += a[ao + r] * cov[r * D + q] * b[bo + q]
      return s
    }
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < K; l++) expect(op.Q[k * K + l]).toBeCloseTo(quad(Fw, k * D, Fw, l * D) / (N * D), 10)
      for (let m = 0; m < M; m++) expect(op.R[k * M + m]).toBeCloseTo(quad(Fw, k * D, wT, m * D) / (D * Math.sqrt(N)), 10)
    }
    for (let m = 0; m < M; m++) for (let n = 0; n < M; n++) expect(constants.T[m * M + n]).toBeCloseTo(quad(wT, m * D, wT, n * D) / D, 10)
  })
})

describe('gaussianEquivalent, f tanh', () => {
  const P = 30, D = 4, N = 12, M = 2
  const rng = Rng.stream(3, 'tanh')
  const C = latents(P, D, rng.split('c'))
  const F = normals(D * N, rng.split('F'), 1.5)
  const wT = normals(M * D, rng.split('wT'))
  const kde = new LatentKde(C, P, D, { bandwidth: 0.6 })

  // tanh's poles at ±iπ/2 slow Gauss–Hermite down for kernel widths b ≈ 1 (measured here:
  // 7e-5 at 32 nodes, 2e-6 at 48, 8e-7 at 64, 5e-8 at 80, against 160)
  it('Gauss–Hermite has converged: the default 64 nodes agree with 160 to 2e-6', () => {
    const a = gaussianEquivalent(kde, C, F, N, 'tanh', wT, M)
    const b = gaussianEquivalent(kde, C, F, N, 'tanh', wT, M, { nodes: 160 })
    for (let i = 0; i < N; i++) {
      expect(Math.abs(a.mu0[i] - b.mu0[i])).toBeLessThan(2e-6)
      expect(Math.abs(a.kappa[i] - b.kappa[i])).toBeLessThan(2e-6)
      expect(Math.abs(a.zetaPixel[i] - b.zetaPixel[i])).toBeLessThan(2e-6)
    }
  })

  it('μ0_i, κ_i, ζ_i match a 400 000-sample Monte Carlo of the KDE within 5 standard errors', () => {
    const ge = gaussianEquivalent(kde, C, F, N, 'tanh', wT, M)
    const n = 400_000
    const c = new Float64Array(n * D)
    kde.sample(c, n, Rng.stream(4, 'mc'))
    const U = new Float64Array(n * N)
    gemm(n, N, D, c, F, U, { alpha: 1 / Math.sqrt(D) })
    for (let i = 0; i < N; i++) {
      let su = 0, sf = 0, suu = 0, sff = 0, suf = 0
      for (let s = 0; s < n; s++) {
        const u = U[s * N + i]
        const f = Math.tanh(u)
        su += u; sf += f; suu += u * u; sff += f * f; suf += u * f
      }
      const Eu = su / n, Ef = sf / n
      const vu = suu / n - Eu * Eu
      const vf = sff / n - Ef * Ef
      const cuf = suf / n - Eu * Ef
      expect(Math.abs(ge.mu0[i] - Ef)).toBeLessThan(5 * Math.sqrt(vf / n))
      expect(Math.abs(ge.uMean[i] - Eu)).toBeLessThan(5 * Math.sqrt(vu / n))
      expect(Math.abs(ge.uVar[i] / vu - 1)).toBeLessThan(5 * Math.sqrt(2 / n) * 1.5)
      // κ = Cov(u, f)/Var u: its relative error is O(1/√n)
      expect(Math.abs(ge.kappa[i] - cuf / vu)).toBeLessThan(0.01 * Math.abs(cuf / vu) + 1e-3)
      expect(Math.abs(ge.zetaPixel[i] - (vf - (cuf * cuf) / vu))).toBeLessThan(0.01 * vf + 1e-4)
    }
  })

  it("the ODE's Q(0), R(0) agree with λ, ν measured on centred samples", () => {
    const N2 = 400, D2 = 20, P2 = 200, K = 2
    const r2 = Rng.stream(5, 'q')
    const C2 = latents(P2, D2, r2.split('c'))
    const F2 = normals(D2 * N2, r2.split('F'))
    const wT2 = normals(M * D2, r2.split('wT'))
    const kde2 = new LatentKde(C2, P2, D2)
    const ge = gaussianEquivalent(kde2, C2, F2, N2, 'tanh', wT2, M)
    const w = normals(K * N2, r2.split('w'))
    const inst = { N: N2, D: D2, K, M, F: ge.F, wTeacher: ge.wTeacher, vTeacher: new Float64Array(M).fill(1), w, v: new Float64Array(K).fill(1) }
    const op = orderParametersFromWeights(inst, ge.mu1, ge.mu2)
    // Monte Carlo: x = tanh(cF/√D) − μ0, λ = w x/√N, ν = w̃ (c − m)/√D
    const n = 40_000
    const c = new Float64Array(n * D2)
    kde2.sample(c, n, r2.split('mc'))
    const X = new Float64Array(n * N2)
    gemm(n, N2, D2, c, F2, X, { alpha: 1 / Math.sqrt(D2) })
    for (let s = 0; s < n; s++) for (let i = 0; i < N2; i++) X[s * N2 + i] = Math.tanh(X[s * N2 + i]) - ge.mu0[i]
    const lam = new Float64Array(n * K)
    gemm(n, K, N2, X, w, lam, { transB: true, alpha: 1 / Math.sqrt(N2) })
    centreLatents(c, n, kde2.mean)
    const nu = new Float64Array(n * M)
    gemm(n, M, D2, c, wT2, nu, { transB: true, alpha: 1 / Math.sqrt(D2) })
    for (let k = 0; k < K; k++) {
      let q = 0
      for (let s = 0; s < n; s++) q += lam[s * K + k] ** 2
      q /= n
      // measured: within 3 % (sampling ≈ 0.7 %, the rest is the linearisation's cross-pixel terms)
      expect(Math.abs(op.Q[k * K + k] / q - 1)).toBeLessThan(0.03)
      for (let m = 0; m < M; m++) {
        let r = 0, vl = 0, vn = 0
        for (let s = 0; s < n; s++) {
          r += lam[s * K + k] * nu[s * M + m]
          vl += lam[s * K + k] ** 2
          vn += nu[s * M + m] ** 2
        }
        const se = Math.sqrt((vl / n) * (vn / n) / n)
        expect(Math.abs(op.R[k * M + m] - r / n)).toBeLessThan(5 * se + 0.02 * Math.abs(r / n))
      }
    }
  })
})
