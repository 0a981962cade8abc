// Order parameters measured from the weights (MATH.md §2):
// W = w wᵀ/N, S_k = F w_kᵀ/√N, Σ = SᵀS/D, R = μ1 S·w̃ᵀ/D, T = w̃ w̃ᵀ/D, Q = ζ W + μ1² Σ.
// All K×K, K×M, M×M matrices row-major Float64Array.
import type { Kernels } from './kernels'

export interface OrderParams {
  W: Float64Array
  Sigma: Float64Array
  Q: Float64Array
  R: Float64Array
}

/** T = w̃ w̃ᵀ/D (M×M) */
export function teacherOverlap(wTeacher: Float64Array, M: number, D: number): Float64Array {
  const T = new Float64Array(M * M)
  for (let m = 0; m < M; m++)
    for (let n = 0; n < M; n++) {
      let s = 0
      for (let r = 0; r < D; r++) s += wTeacher[m * D + r] * wTeacher[n * D + r]
      T[m * M + n] = s / D
    }
  return T
}

/** Measures W, Σ, Q, R from the student weights; S = F wᵀ/√N by the f64 SIMD kernel. */
export class OrderParamMeter {
  /** row stride of F and w in the kernels' memory (N rounded up to 4) */
  readonly ld: number
  private readonly fOff: number
  private readonly sOff: number

  constructor(
    private readonly kern: Kernels,
    F: Float64Array,
    private readonly wTeacher: Float64Array,
    readonly N: number,
    readonly D: number,
    readonly K: number,
    readonly M: number,
    readonly mu1: number,
    readonly zeta: number,
    /** row stride of the weights passed to measure() (≥ N, a multiple of 4, zero padded) */
    wStride = Math.ceil(N / 4) * 4
  ) {
    this.ld = wStride
    this.fOff = kern.alloc(D * wStride * 8)
    this.sOff = kern.alloc(K * D * 8)
    const Fk = kern.f64(this.fOff, D * wStride)
    if (wStride === N) Fk.set(F.subarray(0, D * N))
    else for (let r = 0; r < D; r++) Fk.set(F.subarray(r * N, (r + 1) * N), r * wStride)
  }

  /** w: byte offset in the kernels' memory of the K rows of `ld` doubles */
  measure(wOff: number): OrderParams {
    const { wTeacher, N, D, K, M, mu1, zeta, kern, ld } = this
    // S_k·√N = F w_k: rows of w in pairs (F read once per pair), an odd last one alone
    for (let k = 0; k + 1 < K; k += 2) kern.k.gemv2(this.fOff, wOff + k * ld * 8, this.sOff + k * D * 8, D, ld)
    if (K & 1) kern.k.gemv(this.fOff, wOff + (K - 1) * ld * 8, this.sOff + (K - 1) * D * 8, D, ld, 1)
    const S = kern.f64(this.sOff, K * D) // S_k·√N
    const w = kern.f64(wOff, K * ld)
    const W = new Float64Array(K * K)
    const Sigma = new Float64Array(K * K)
    const Q = new Float64Array(K * K)
    const R = new Float64Array(K * M)
    for (let k = 0; k < K; k++)
      for (let l = k; l < K; l++) {
        let a = 0, b = 0
        for (let j = 0; j < N; j++) a += w[k * ld + j] * w[l * ld + j]
        for (let r = 0; r < D; r++) b += S[k * D + r] * S[l * D + r]
        const Wkl = a / N
        const Skl = b / (N * D)
        W[k * K + l] = W[l * K + k] = Wkl
        Sigma[k * K + l] = Sigma[l * K + k] = Skl
        Q[k * K + l] = Q[l * K + k] = zeta * Wkl + mu1 * mu1 * Skl
      }
    const inv = 1 / Math.sqrt(N)
    for (let k = 0; k < K; k++)
      for (let m = 0; m < M; m++) {
        let s = 0
        for (let r = 0; r < D; r++) s += S[k * D + r] * wTeacher[m * D + r]
        R[k * M + m] = (mu1 * s * inv) / D
      }
    return { W, Sigma, Q, R }
  }
}
