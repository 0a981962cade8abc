// Cholesky A = LLᵀ and the triangular solves (numeric/linalg/cholesky.ts) against independent
// checks: the product LLᵀ, residuals of the solves, a hand-factored 3×3, ln det by the product
// of pivots, and refusal of matrices that are not positive definite.
import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import { cholesky, choleskyLogDet, choleskySolve, solveLower, solveLowerTransposed } from '@numeric/linalg/cholesky'

/** A = XXᵀ/m + εI for X n×m normal: symmetric positive definite */
function spd(n: number, seed: number): Float64Array {
  const m = n + 3
  const X = new Float64Array(n * m)
  Rng.stream(seed, 'cholesky-test').fillNormal(X)
  const A = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < m; k++) s += X[i * m + k] * X[j * m + k]
      A[i * n + j] = s / m + (i === j ? 1e-3 : 0)
    }
  return A
}

describe('cholesky', () => {
  it('a hand-factored 3×3: A = [[4,12,−16],[12,37,−43],[−16,−43,98]] → L = [[2,0,0],[6,1,0],[−8,5,3]]', () => {
    const L = cholesky(Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]), 3)
    expect(Array.from(L!)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3])
    expect(choleskyLogDet(L!, 3)).toBeCloseTo(Math.log(36), 13) // det = (2·1·3)² = 36
  })

  for (const n of [1, 7, 40])
    it(`n = ${n}: LLᵀ = A, lower triangular, solves leave residuals < 1e−10`, () => {
      const A = spd(n, n)
      const L = cholesky(A, n)!
      let worst = 0
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          if (j > i) expect(L[i * n + j]).toBe(0)
          let s = 0
          for (let k = 0; k < n; k++) s += L[i * n + k] * L[j * n + k]
          worst = Math.max(worst, Math.abs(s - A[i * n + j]))
        }
      expect(worst).toBeLessThan(1e-12)
      // A X = B for 3 right-hand sides
      const cols = 3
      const B = new Float64Array(n * cols)
      Rng.stream(n, 'rhs').fillNormal(B)
      const X = choleskySolve(L, n, Float64Array.from(B), cols)
      let res = 0
      for (let i = 0; i < n; i++)
        for (let c = 0; c < cols; c++) {
          let s = 0
          for (let k = 0; k < n; k++) s += A[i * n + k] * X[k * cols + c]
          res = Math.max(res, Math.abs(s - B[i * cols + c]))
        }
      expect(res).toBeLessThan(1e-10)
      // the two triangular halves on their own: L y = b, Lᵀ x = b
      const b = B.slice(0, n)
      const y = solveLower(L, n, Float64Array.from(b))
      const x = solveLowerTransposed(L, n, Float64Array.from(b))
      for (let i = 0; i < n; i++) {
        let sy = 0
        let sx = 0
        for (let k = 0; k < n; k++) {
          sy += L[i * n + k] * y[k]
          sx += L[k * n + i] * x[k]
        }
        expect(Math.abs(sy - b[i])).toBeLessThan(1e-10)
        expect(Math.abs(sx - b[i])).toBeLessThan(1e-10)
      }
    })

  it('refuses what is not positive definite; n = 0 is empty', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull() // eigenvalues 3, −1
    expect(cholesky(Float64Array.from([1, 1, 1, 1]), 2)).toBeNull() // singular
    expect(cholesky(Float64Array.from([NaN]), 1)).toBeNull()
    expect(cholesky(new Float64Array(0), 0)!.length).toBe(0)
    expect(() => cholesky(new Float64Array(3), 2)).toThrow(/n²/)
  })
})
