// Cholesky factorisation A = L Lᵀ of a symmetric positive-definite n×n matrix and the triangular
// solves that use it (row-major Float64Arrays throughout):
//   L_jj = √(A_jj − Σ_{k<j} L_jk²),   L_ij = (A_ij − Σ_{k<j} L_ik L_jk)/L_jj  (i > j)
// (Cholesky–Banachiewicz, row by row; only the lower triangle of A is read). n = 0 gives an empty
// factor. A pivot that is ≤ 0 or not finite means A is not (numerically) positive definite.

/** L (n×n, zeros above the diagonal), or null when A is not positive definite */
export function cholesky(A: Float64Array, n: number): Float64Array | null {
  if (A.length < n * n) throw new Error(`cholesky: A has ${A.length} entries, n² = ${n * n}`)
  const L = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    const io = i * n
    for (let j = 0; j <= i; j++) {
      const jo = j * n
      let s = A[io + j]
      for (let k = 0; k < j; k++) s -= L[io + k] * L[jo + k]
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null
        L[io + i] = Math.sqrt(s)
      } else L[io + j] = s / L[jo + j]
    }
  }
  return L
}

/** B ← L⁻¹B: forward substitution L Y = B for the `cols` columns of B (n×cols row-major) */
export function solveLower(L: Float64Array, n: number, B: Float64Array, cols = 1): Float64Array {
  for (let i = 0; i < n; i++) {
    const d = L[i * n + i]
    for (let c = 0; c < cols; c++) {
      let s = B[i * cols + c]
      for (let k = 0; k < i; k++) s -= L[i * n + k] * B[k * cols + c]
      B[i * cols + c] = s / d
    }
  }
  return B
}

/** B ← L⁻ᵀB: back substitution Lᵀ X = B (Lᵀ upper triangular; L read by columns) */
export function solveLowerTransposed(L: Float64Array, n: number, B: Float64Array, cols = 1): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    const d = L[i * n + i]
    for (let c = 0; c < cols; c++) {
      let s = B[i * cols + c]
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * B[k * cols + c]
      B[i * cols + c] = s / d
    }
  }
  return B
}

/** B ← A⁻¹B = L⁻ᵀ(L⁻¹B) from the factor of A */
export function choleskySolve(L: Float64Array, n: number, B: Float64Array, cols = 1): Float64Array {
  return solveLowerTransposed(L, n, solveLower(L, n, B, cols), cols)
}

/** ln det A = 2 Σ ln L_ii */
export function choleskyLogDet(L: Float64Array, n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i])
  return 2 * s
}

/**
 * The factor of A + jitter·mean(diag A)·I (a relative ridge against rounding in kernel solves);
 * throws, naming the jitter, when even that is not positive definite. A is not modified.
 */
export function choleskyJittered(A: Float64Array, n: number, jitter: number): Float64Array {
  let mean = 0
  for (let i = 0; i < n; i++) mean += A[i * n + i]
  mean /= Math.max(1, n)
  const B = Float64Array.from(A.subarray(0, n * n))
  for (let i = 0; i < n; i++) B[i * n + i] += jitter * mean
  const L = cholesky(B, n)
  if (!L) throw new Error(`cholesky: the ${n}×${n} matrix is not positive definite even with a relative jitter of ${jitter}`)
  return L
}
