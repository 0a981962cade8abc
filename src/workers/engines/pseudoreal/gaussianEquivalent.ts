// The Gaussian-equivalent hidden manifold model of a pseudo-real fit: the HMM the ODE integrates
// (MATH.md §1–2, which assumes c ~ N(0, I), u ~ N(0, 1) per pixel and one μ1, μ2 for all pixels)
// rebuilt so that its second moments are those of the data the SGD actually sees.
//
// Data (MATH.md §4): c ~ KDE of the fitted rows (mean m, covariance Σ_c, both exact below),
//   teacher input c − m, student input x_i = f(u_i) − μ0_i with u = cF/√D, μ0_i = E f(u_i).
// Exact second-moment rewrite: c − m = B z with B Bᵀ = Σ_c (Cholesky), z white, so
//   u_i − ū_i = z·F′_i/√D with F′ = BᵀF,   ν_m = w̃′_m·z/√D with w̃′ = w̃B.
// Per-pixel linearisation (the Gaussian equivalence, pixel by pixel; MNIST pixels differ: the
// background saturates f, the strokes do not):
//   f(u_i) − μ0_i ≈ κ_i (u_i − ū_i) + √ζ_i η_i,   κ_i = Cov(u_i, f(u_i)) / v_i,   v_i = Var u_i,
//   ζ_i = Var f(u_i) − κ_i² v_i.
// κ_i is folded into the features, F_eff = F′ diag(κ), so the ODE runs with μ1 = 1 and
// μ2 = 1 + ζ̄ (ζ̄ = mean_i ζ_i): Q = ζ̄ W + Σ and R, T, T̃ then hold to second order. With f
// linear this is exact (κ = 1, ζ = 0).
// The per-pixel moments are exact for the KDE (no sampling): given the picked row p, u_i is
// Gaussian with mean a_pi = (C F/√D)_pi and standard deviation b_i = h‖s⊙F_i‖/√D, so each
// E[h(u_i)] is (1/P) Σ_p of a Gauss–Hermite sum over that Gaussian.
import { cholesky } from '@numeric/linalg/cholesky'
import type { InputMap } from '@shared/spec'
import { inputMaps } from '@models/twoLayer/activations'
import { gaussHermite } from '@numeric/quadrature/gaussHermite'
import type { LatentKde } from './kde'
import { gemm } from '@numeric/linalg/gemm'

export interface GaussianEquivalent {
  D: number
  N: number
  /** F_eff = (BᵀF) diag(κ), D×N row-major: the ODE instance's features */
  F: Float64Array
  /** w̃B, M×D: the ODE instance's teacher */
  wTeacher: Float64Array
  /** B, lower triangular, B Bᵀ = Σ_c (D×D row-major) */
  B: Float64Array
  /** μ1 = 1 (κ is in F_eff), μ2 = 1 + ζ̄ */
  mu1: number
  mu2: number
  /** ζ̄ = mean_i ζ_i */
  zeta: number
  /** per pixel: μ0_i = E f(u_i) (what centring subtracts), ū_i = E u_i, v_i = Var u_i, κ_i, ζ_i */
  mu0: Float64Array
  uMean: Float64Array
  uVar: Float64Array
  kappa: Float64Array
  zetaPixel: Float64Array
}

/** Σ_c of the KDE's samples c = m + s⊙(z_p + hξ): diag(s) [ZᵀZ/P + h² I] diag(s) (the z_p sum to 0). */
export function kdeCovariance(kde: LatentKde): Float64Array {
  const { P, D, Z, h, scale } = kde
  const cov = new Float64Array(D * D)
  gemm(D, D, P, Z, Z, cov, { transA: true, alpha: 1 / P })
  for (let r = 0; r < D; r++) cov[r * D + r] += h * h
  for (let r = 0; r < D; r++) for (let q = 0; q < D; q++) cov[r * D + q] *= scale[r] * scale[q]
  // exactly symmetric (the blocked product may round the two triangles differently)
  for (let r = 0; r < D; r++)
    for (let q = r + 1; q < D; q++) cov[r * D + q] = cov[q * D + r] = 0.5 * (cov[r * D + q] + cov[q * D + r])
  return cov
}

export interface GaussianEquivalentOptions {
  /** Gauss–Hermite nodes per (row, pixel); 64 by default (tanh's poles at ±iπ/2 slow the rule for kernel widths ~1) */
  nodes?: number
  /** rows of C per block of U = CF/√D */
  blockRows?: number
}

/**
 * The Gaussian-equivalent HMM of latents drawn from `kde` (the KDE of the rows C, P×D), features F
 * (D×N), input map f, and a teacher w̃ (M×D) acting on c − m.
 */
export function gaussianEquivalent(kde: LatentKde, C: Float64Array, F: Float64Array, N: number, f: InputMap, wTeacher: Float64Array, M: number, opts: GaussianEquivalentOptions = {}): GaussianEquivalent {
  const { P, D, h, mean: m, scale: s } = kde
  if (C.length !== P * D) throw new Error(`C has ${C.length} entries, P·D = ${P * D}`)
  if (F.length !== D * N) throw new Error(`F has ${F.length} entries, D·N = ${D * N}`)
  if (wTeacher.length !== M * D) throw new Error(`w̃ has ${wTeacher.length} entries, M·D = ${M * D}`)
  const fn = inputMaps[f]
  const invSqrtD = 1 / Math.sqrt(D)

  // ---- B B ᵀ = Σ_c, F′ = BᵀF, w̃′ = w̃B
  const cov = kdeCovariance(kde)
  const B = cholesky(cov, D)
  if (!B) throw new Error('the latent covariance is not positive definite')
  const Fp = new Float64Array(D * N)
  gemm(D, N, D, B, F, Fp, { transA: true })
  const wT = new Float64Array(M * D)
  gemm(M, D, D, wTeacher, B, wT)

  // ---- per pixel: ū_i = m·F_i/√D, v_i = |F′_i|²/D, b_i = h |s⊙F_i|/√D
  const uMean = new Float64Array(N)
  const uVar = new Float64Array(N)
  const b = new Float64Array(N)
  for (let r = 0; r < D; r++)
    for (let i = 0; i < N; i++) {
      uMean[i] += m[r] * F[r * N + i]
      uVar[i] += Fp[r * N + i] * Fp[r * N + i]
      const sf = s[r] * F[r * N + i]
      b[i] += sf * sf
    }
  for (let i = 0; i < N; i++) {
    uMean[i] *= invSqrtD
    uVar[i] /= D
    b[i] = h * Math.sqrt(b[i] / D)
  }

  // ---- E f(u_i), E u_i f(u_i), E f(u_i)² over the mixture: rows × Gauss–Hermite nodes
  const gh = gaussHermite(opts.nodes ?? 64)
  const nq = gh.x.length
  const wq = Float64Array.from(gh.w, (w) => w / Math.sqrt(Math.PI))
  const offset = new Float64Array(N * nq) // √2 b_i x_j
  for (let i = 0; i < N; i++) for (let j = 0; j < nq; j++) offset[i * nq + j] = Math.SQRT2 * b[i] * gh.x[j]
  const e0 = new Float64Array(N)
  const e1 = new Float64Array(N)
  const e2 = new Float64Array(N)
  const rows = Math.max(1, Math.min(opts.blockRows ?? 128, P))
  const U = new Float64Array(rows * N)
  for (let p0 = 0; p0 < P; p0 += rows) {
    const n = Math.min(rows, P - p0)
    gemm(n, N, D, C.subarray(p0 * D, (p0 + n) * D), F, U, { alpha: invSqrtD })
    for (let i = 0; i < N; i++) {
      // block partial sums keep the long sums' rounding small
      let a0 = 0, a1 = 0, a2 = 0
      const o = i * nq
      for (let q = 0; q < n; q++) {
        const a = U[q * N + i]
        for (let j = 0; j < nq; j++) {
          const u = a + offset[o + j]
          const fu = fn(u)
          const w = wq[j]
          a0 += w * fu
          a1 += w * u * fu
          a2 += w * fu * fu
        }
      }
      e0[i] += a0
      e1[i] += a1
      e2[i] += a2
    }
  }

  const mu0 = new Float64Array(N)
  const kappa = new Float64Array(N)
  const zetaPixel = new Float64Array(N)
  let zetaSum = 0
  for (let i = 0; i < N; i++) {
    const Ef = e0[i] / P
    const Euf = e1[i] / P
    const Ef2 = e2[i] / P
    mu0[i] = Ef
    const v = uVar[i]
    kappa[i] = v > 0 ? (Euf - uMean[i] * Ef) / v : 0
    zetaPixel[i] = Math.max(0, Ef2 - Ef * Ef - kappa[i] * kappa[i] * v)
    zetaSum += zetaPixel[i]
  }
  const zeta = zetaSum / N
  const Feff = new Float64Array(D * N)
  for (let r = 0; r < D; r++) for (let i = 0; i < N; i++) Feff[r * N + i] = Fp[r * N + i] * kappa[i]
  return { D, N, F: Feff, wTeacher: wT, B, mu1: 1, mu2: 1 + zeta, zeta, mu0, uMean, uVar, kappa, zetaPixel }
}

/** What a run reports of the Gaussian-equivalent HMM: ζ̄, the spread of κ and how far the pixels' means are from 0. */
export function gaussianEquivalentSummary(ge: GaussianEquivalent): Record<string, number> {
  const { N, kappa, mu0 } = ge
  let kMin = Infinity, kMax = -Infinity, kSum = 0, m2 = 0, mMax = 0
  for (let i = 0; i < N; i++) {
    kMin = Math.min(kMin, kappa[i])
    kMax = Math.max(kMax, kappa[i])
    kSum += kappa[i]
    m2 += mu0[i] * mu0[i]
    mMax = Math.max(mMax, Math.abs(mu0[i]))
  }
  return { 'ge.zeta': ge.zeta, 'ge.kappaMean': kSum / N, 'ge.kappaMin': kMin, 'ge.kappaMax': kMax, 'ge.mu0Rms': Math.sqrt(m2 / N), 'ge.mu0Max': mMax }
}
