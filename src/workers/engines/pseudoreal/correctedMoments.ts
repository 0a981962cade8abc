// The paper's "corrected expectations" (MATH.md §4): μ1, μ2 of the ODE are moments under
// u ~ N(0,1); for the pseudo-real data they are replaced by empirical averages over all P·N
// entries of the fitted u = CF/√D, standardised: ũ = (u − ū)/s_u,
//   μ0 = mean f(ũ),  μ1 = mean ũ f(ũ),  μ2 = mean f(ũ)²,  ζ = μ2 − μ1².
// ū and s_u come in closed form without forming U:
//   Σ u = (1ᵀC)(F1)/√D,   Σ u² = tr(CᵀC · FFᵀ)/D   (Frobenius product of the two Gram matrices).
// The averages of f(u) on the unstandardised u are returned too ('raw').
import type { InputMap } from '@shared/spec'
import { inputMaps } from '@models/twoLayer/activations'
import { gemm } from '@numeric/linalg/gemm'

export interface CorrectedMoments {
  mu0: number
  mu1: number
  mu2: number
  zeta: number
  /** the same averages with f applied to u itself: mean f(u), mean u f(u), mean f(u)² */
  raw: { mu0: number; mu1: number; mu2: number }
  uMean: number
  /** population standard deviation of the P·N entries of u */
  uStd: number
  count: number
}

export function correctedMoments(C: Float64Array, F: Float64Array, P: number, D: number, N: number, f: InputMap, blockRows = 256): CorrectedMoments {
  const fn = inputMaps[f]
  const invSqrtD = 1 / Math.sqrt(D)
  const count = P * N
  // ū from column sums of C and row sums of F
  let sumU = 0
  for (let r = 0; r < D; r++) {
    let cs = 0, fs = 0
    for (let p = 0; p < P; p++) cs += C[p * D + r]
    for (let i = 0; i < N; i++) fs += F[r * N + i]
    sumU += cs * fs
  }
  sumU *= invSqrtD
  // Σu² = Σ_{rq} (CᵀC)_rq (FFᵀ)_rq / D
  const gc = new Float64Array(D * D)
  const gf = new Float64Array(D * D)
  gemm(D, D, P, C, C, gc, { transA: true })
  gemm(D, D, N, F, F, gf, { transB: true })
  let sumU2 = 0
  for (let k = 0; k < D * D; k++) sumU2 += gc[k] * gf[k]
  sumU2 /= D
  const uMean = sumU / count
  const uStd = Math.sqrt(Math.max(0, sumU2 / count - uMean * uMean))
  const inv = uStd > 0 ? 1 / uStd : 1

  const b = Math.max(1, Math.min(blockRows, P))
  const U = new Float64Array(b * N)
  let s0 = 0, s1 = 0, s2 = 0, r0 = 0, r1 = 0, r2 = 0
  for (let p0 = 0; p0 < P; p0 += b) {
    const rows = Math.min(b, P - p0)
    gemm(rows, N, D, C.subarray(p0 * D, (p0 + rows) * D), F, U, { alpha: invSqrtD })
    // block partial sums keep the rounding error of the long sums small
    let a0 = 0, a1 = 0, a2 = 0, q0 = 0, q1 = 0, q2 = 0
    for (let k = 0; k < rows * N; k++) {
      const u = U[k]
      const z = (u - uMean) * inv
      const fz = fn(z)
      a0 += fz
      a1 += z * fz
      a2 += fz * fz
      const fu = fn(u)
      q0 += fu
      q1 += u * fu
      q2 += fu * fu
    }
    s0 += a0; s1 += a1; s2 += a2
    r0 += q0; r1 += q1; r2 += q2
  }
  const mu1 = s1 / count
  const mu2 = s2 / count
  return {
    mu0: s0 / count, mu1, mu2, zeta: mu2 - mu1 * mu1,
    raw: { mu0: r0 / count, mu1: r1 / count, mu2: r2 / count },
    uMean, uStd, count
  }
}
