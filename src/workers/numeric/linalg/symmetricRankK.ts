// Symmetric rank-k product C = α A Aᵀ (BLAS dsyrk, 'U', 'N') for A n×k row-major: only the upper
// triangle (row r, columns c ≥ r) is computed, as gemms over row strips: ≈ n²k/2 multiply-adds,
// half of gemm's n²k for the whole of C.
import { gemm } from '@numeric/linalg/gemm'

/** rows per strip: the strip's gemm also fills its own lower-left corner (STRIP²/2 wasted per strip) */
const STRIP = 64

/**
 * C[r][c] = α Σ_j A[r][j] A[c][j] for 0 ≤ r ≤ c < n (C n×n row-major). Below the diagonal C is
 * unspecified (partly overwritten) unless `mirror`, which copies the upper triangle there: C exactly
 * symmetric.
 */
export function symmetricRankK(n: number, k: number, A: Float64Array, C: Float64Array, opts: { alpha?: number; mirror?: boolean } = {}): void {
  if (A.length < n * k) throw new RangeError(`symmetricRankK: A has ${A.length} entries, needs n·k = ${n * k}`)
  if (C.length < n * n) throw new RangeError(`symmetricRankK: C has ${C.length} entries, needs n² = ${n * n}`)
  const alpha = opts.alpha ?? 1
  for (let r0 = 0; r0 < n; r0 += STRIP) {
    const hs = Math.min(STRIP, n - r0)
    // rows r0 … r0+hs of C, columns r0 … n: A[r0 : r0+hs] · A[r0 : n]ᵀ
    const rows = A.subarray(r0 * k)
    gemm(hs, n - r0, k, rows, rows, C.subarray(r0 * n + r0), { transB: true, alpha, ldc: n })
  }
  if (opts.mirror) for (let r = 1; r < n; r++) for (let c = 0; c < r; c++) C[r * n + c] = C[c * n + r]
}
