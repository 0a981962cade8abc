// Minimal Cholesky factorisation and solves for a symmetric positive-definite n×n row-major A:
//   A = L Lᵀ, L lower triangular;  A X = B  by  L Y = B (forward),  Lᵀ X = Y (backward).
// Written for the kernel engines before numeric/linalg/cholesky.ts (arch-core) lands on main; the
// merge should re-point callers there. A not PD (a pivot ≤ 0 after adding `jitter`·mean diag) throws.

/** L with A = L Lᵀ (row-major, upper triangle zero). jitter: relative diagonal shift (default 0). */
export function choleskyFactor(A: Float64Array, n: number, jitter = 0): Float64Array {
  if (A.length !== n * n) throw new RangeError(`choleskyFactor: A has ${A.length} entries, expected ${n * n}`)
  let meanDiag = 0
  for (let i = 0; i < n; i++) meanDiag += A[i * n + i]
  meanDiag /= Math.max(1, n)
  const shift = jitter * meanDiag
  const L = new Float64Array(n * n)
  for (let j = 0; j < n; j++) {
    const Lj = j * n
    let d = A[Lj + j] + shift
    for (let k = 0; k < j; k++) d -= L[Lj + k] * L[Lj + k]
    if (!(d > 0)) throw new Error(`choleskyFactor: matrix not positive definite at pivot ${j} (${d})`)
    const ljj = Math.sqrt(d)
    L[Lj + j] = ljj
    for (let i = j + 1; i < n; i++) {
      const Li = i * n
      let s = A[Li + j]
      for (let k = 0; k < j; k++) s -= L[Li + k] * L[Lj + k]
      L[Li + j] = s / ljj
    }
  }
  return L
}

/** Solve L Lᵀ X = B in place for B n×m row-major (m right-hand sides as columns). */
export function choleskySolveInPlace(L: Float64Array, n: number, B: Float64Array, m = 1): void {
  if (B.length !== n * m) throw new RangeError(`choleskySolve: B has ${B.length} entries, expected ${n}×${m}`)
  for (let i = 0; i < n; i++) {
    const Li = i * n
    for (let k = 0; k < i; k++) {
      const l = L[Li + k]
      if (l === 0) continue
      for (let c = 0; c < m; c++) B[i * m + c] -= l * B[k * m + c]
    }
    const d = L[Li + i]
    for (let c = 0; c < m; c++) B[i * m + c] /= d
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const l = L[k * n + i]
      if (l === 0) continue
      for (let c = 0; c < m; c++) B[i * m + c] -= l * B[k * m + c]
    }
    const d = L[i * n + i]
    for (let c = 0; c < m; c++) B[i * m + c] /= d
  }
}

/** x = A⁻¹ b for SPD A (a copy; A and b untouched). */
export function spdSolve(A: Float64Array, n: number, b: Float64Array, jitter = 0): Float64Array {
  const L = choleskyFactor(A, n, jitter)
  const x = Float64Array.from(b)
  choleskySolveInPlace(L, n, x, b.length / n)
  return x
}
