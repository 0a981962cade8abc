// The data-term of the latent fit split by rows of C over T threads (MATH.md §4, latentFit.ts):
// thread t owns rows [r_t, r_{t+1}), r_t = ⌊tP/T⌋, and for each block of ≤ `block` of its rows
//   U_b = C_b F/√D,  G_b = 2 E_b ⊙ f'(U_b)/(PN)  (residual.ts),
//   ∇C_b = G_b Fᵀ/√D            (its own rows of the shared ∇C: no reduction),
//   ∇F^(t) += C_bᵀ G_b/√D        (its own partial),   sse_t += Σ E_b².
// The caller then forms ∇F = Σ_t ∇F^(t) and sse = Σ_t sse_t in the order t = 0, 1, …, T−1, so
// the result is the same for a given T whatever the timing. All arrays live in SharedArrayBuffers
// (LatentShared); the workers (latentBlockWorker.ts) and the caller (rank 0) run the same code.
import { gemm } from '@numeric/linalg/gemm'
import { makeResidual, type Residual, type ResidualMap } from './residual'

export interface LatentSharedLayout {
  P: number
  D: number
  N: number
  T: number
  block: number
  f: ResidualMap
  residualKernel: 'auto' | 'js'
  /** P·N pixels (uint8) */
  pixels: SharedArrayBuffer
  /** C (P×D), then F (D×N) */
  theta: SharedArrayBuffer
  /** ∇C (P×D) */
  gradC: SharedArrayBuffer
  /** T partials of ∇F (D×N each) */
  gradF: SharedArrayBuffer
  /** T partial sums of squared residuals */
  sse: SharedArrayBuffer
}

/** Allocate the shared buffers and copy the pixels in (once per fit). */
export function allocateLatentShared(pixels: Uint8Array, P: number, N: number, opts: Omit<LatentSharedLayout, 'P' | 'N' | 'pixels' | 'theta' | 'gradC' | 'gradF' | 'sse'>): LatentSharedLayout {
  const { D, T } = opts
  const px = new SharedArrayBuffer(P * N)
  new Uint8Array(px).set(pixels.subarray(0, P * N))
  return {
    ...opts,
    P,
    N,
    pixels: px,
    theta: new SharedArrayBuffer(8 * (P * D + D * N)),
    gradC: new SharedArrayBuffer(8 * P * D),
    gradF: new SharedArrayBuffer(8 * T * D * N),
    sse: new SharedArrayBuffer(8 * T)
  }
}

/** One thread's views of the shared buffers, with its own residual workspace. */
export class LatentRows {
  readonly C: Float64Array
  readonly F: Float64Array
  readonly gradC: Float64Array
  readonly gradF: Float64Array
  readonly sse: Float64Array
  private readonly pixels: Uint8Array
  private readonly residual: Residual
  private readonly rowFrom: number
  private readonly rowTo: number

  constructor(readonly layout: LatentSharedLayout, readonly rank: number) {
    const { P, D, N, T, block } = layout
    if (!(rank >= 0 && rank < T)) throw new Error(`LatentRows: rank ${rank} outside 0…${T - 1}`)
    this.C = new Float64Array(layout.theta, 0, P * D)
    this.F = new Float64Array(layout.theta, 8 * P * D, D * N)
    this.gradC = new Float64Array(layout.gradC)
    this.gradF = new Float64Array(layout.gradF, 8 * rank * D * N, D * N)
    this.sse = new Float64Array(layout.sse)
    this.pixels = new Uint8Array(layout.pixels)
    this.rowFrom = Math.floor((rank * P) / T)
    this.rowTo = Math.floor(((rank + 1) * P) / T)
    this.residual = makeResidual(layout.f, Math.max(1, Math.min(block, this.rowTo - this.rowFrom)) * N, layout.residualKernel)
  }

  /** This thread's rows: ∇C rows, its ∇F partial, its sse slot (reads C, F). */
  run(): void {
    const { P, D, N, block } = this.layout
    const { C, F, gradC, gradF, residual } = this
    const U = residual.U
    const invSqrtD = 1 / Math.sqrt(D)
    const scale = 2 / (P * N)
    let sse = 0
    gradF.fill(0)
    for (let p0 = this.rowFrom; p0 < this.rowTo; p0 += block) {
      const b = Math.min(block, this.rowTo - p0)
      const Cb = C.subarray(p0 * D, (p0 + b) * D)
      gemm(b, N, D, Cb, F, U, { alpha: invSqrtD })
      sse += residual.run(this.pixels, p0 * N, b * N, scale)
      gemm(b, D, N, U, F, gradC.subarray(p0 * D, (p0 + b) * D), { transB: true, alpha: invSqrtD })
      gemm(D, N, b, Cb, U, gradF, { transA: true, alpha: invSqrtD, beta: 1 })
    }
    this.sse[this.rank] = sse
  }
}
