// Dense linear solve A X = B by LU with partial pivoting (row-major, small systems).
// Shapes: A n×n, B n×m; returns X n×m. A singular pivot (|pivot| ≤ 1e-300 · max|A|) throws,
// naming the column, so callers never read Inf or NaN from a degenerate system.

export class SingularMatrixError extends Error {
  constructor(readonly column: number) {
    super(`matrix is singular to working precision at column ${column}`)
    this.name = 'SingularMatrixError'
  }
}

/** X = A⁻¹ B; A (n×n) and B (n×m) are not modified. */
export function luSolve(A: Float64Array, B: Float64Array, n: number, m = 1): Float64Array {
  const a = Float64Array.from(A.subarray(0, n * n))
  const x = Float64Array.from(B.subarray(0, n * m))
  let scale = 0
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]))
  const tiny = 1e-300 * Math.max(scale, 1e-300)
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r
    if (!(Math.abs(a[p * n + c]) > tiny)) throw new SingularMatrixError(c)
    if (p !== c) {
      for (let j = 0; j < n; j++) [a[c * n + j], a[p * n + j]] = [a[p * n + j], a[c * n + j]]
      for (let j = 0; j < m; j++) [x[c * m + j], x[p * m + j]] = [x[p * m + j], x[c * m + j]]
    }
    const piv = a[c * n + c]
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / piv
      if (f === 0) continue
      for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j]
      for (let j = 0; j < m; j++) x[r * m + j] -= f * x[c * m + j]
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    const piv = a[c * n + c]
    for (let j = 0; j < m; j++) {
      let s = x[c * m + j]
      for (let k = c + 1; k < n; k++) s -= a[c * n + k] * x[k * m + j]
      x[c * m + j] = s / piv
    }
  }
  return x
}
