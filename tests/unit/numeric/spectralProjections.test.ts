// spectralProjections: the eigenvalues of a symmetric A and the projections x_i·v_j of a few vectors on
// its unit eigenvectors, without forming them. Pinned by closed-form eigenpairs (the sine basis),
// by identities that hold for any orthonormal eigenbasis (Parseval, xᵀAy, xᵀA²y), and against the
// full eigendecomposition; symmetricRankK against plain sums.
import { describe, expect, it } from 'vitest'
import { spectralProjections } from '@numeric/linalg/spectralProjections'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { symmetricRankK } from '@numeric/linalg/symmetricRankK'

function lcg(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5
}

const random = (len: number, seed: number) => {
  const g = lcg(seed)
  return Float64Array.from({ length: len }, g)
}

function randomSymmetric(n: number, seed: number): Float64Array {
  const g = lcg(seed)
  const A = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = g()
  return A
}

/** U[i][j] = √(2/(n+1)) sin((i+1)(j+1)π/(n+1)): symmetric and orthogonal (the DST-I basis) */
function sineBasis(n: number): Float64Array {
  const U = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) U[i * n + j] = Math.sqrt(2 / (n + 1)) * Math.sin(((i + 1) * (j + 1) * Math.PI) / (n + 1))
  return U
}

/** A = U diag(λ) Uᵀ */
function withEigenpairs(U: Float64Array, lambda: number[]): Float64Array {
  const n = lambda.length
  const A = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += U[i * n + k] * lambda[k] * U[j * n + k]
      A[i * n + j] = s
    }
  return A
}

const dot = (a: Float64Array, ao: number, b: Float64Array, bo: number, n: number) => {
  let s = 0
  for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i]
  return s
}

/** y = A x */
const apply = (A: Float64Array, n: number, x: Float64Array, xo: number) => Float64Array.from({ length: n }, (_, r) => dot(A, r * n, x, xo, n))

describe('spectralProjections', () => {
  it('gives the closed-form eigenvalues and |x·v_j| of a dense matrix with the sine basis as eigenvectors', () => {
    const n = 90
    const lambda = Array.from({ length: n }, (_, j) => 0.5 + j * j / n) // distinct, ascending
    const U = sineBasis(n)
    const A = withEigenpairs(U, lambda)
    const m = 3
    const X = random(m * n, 7)
    const { values, projections: P } = spectralProjections(A, n, X, m)
    for (let j = 0; j < n; j++) expect(values[j]).toBeCloseTo(lambda[j], 11)
    for (let j = 0; j < n; j++) {
      // exact x_i·u_j (column j of U); one sign per eigenvector, common to every i
      const exact = Array.from({ length: m }, (_, i) => {
        let s = 0
        for (let r = 0; r < n; r++) s += X[i * n + r] * U[r * n + j]
        return s
      })
      const big = exact.reduce((b, x, i) => (Math.abs(x) > Math.abs(exact[b]) ? i : b), 0)
      const sign = Math.sign(P[big * n + j]) * Math.sign(exact[big])
      for (let i = 0; i < m; i++) expect(Math.abs(P[i * n + j] - sign * exact[i])).toBeLessThan(1e-12 * Math.sqrt(n))
    }
  })

  it.each([1, 2, 3, 31, 33, 100, 257])('satisfies Σ_j λ_j^p P_ij P_kj = x_iᵀ A^p x_k (p = 0, 1, 2) at n = %i', (n) => {
    const A = randomSymmetric(n, 100 + n)
    const m = 4
    const X = random(m * n, 200 + n)
    const { values, projections: P } = spectralProjections(A, n, X, m)
    const scale = Math.max(...values.map(Math.abs), 1)
    const Ax = Array.from({ length: m }, (_, i) => apply(A, n, X, i * n))
    for (let i = 0; i < m; i++)
      for (let k = 0; k < m; k++) {
        const sums = [0, 0, 0]
        for (let j = 0; j < n; j++) for (let p = 0; p < 3; p++) sums[p] += values[j] ** p * P[i * n + j] * P[k * n + j]
        // xᵢ·xₖ, xₖᵀ A xᵢ, (A xᵢ)·(A xₖ)
        const exact = [dot(X, i * n, X, k * n, n), dot(X, k * n, Ax[i], 0, n), dot(Ax[i], 0, Ax[k], 0, n)]
        for (let p = 0; p < 3; p++) expect(Math.abs(sums[p] - exact[p])).toBeLessThan(1e-12 * n * scale ** p * (1 + Math.abs(exact[p])))
      }
  })

  it('agrees with the full eigendecomposition: values, and P_ij P_kj = (x_i·v_j)(x_k·v_j)', () => {
    const n = 140
    const A = randomSymmetric(n, 5)
    const m = 3
    const X = random(m * n, 6)
    const { values, projections: P } = spectralProjections(A, n, X, m)
    const full = symmetricEigen(A, n)
    const V = full.vectors!
    for (let j = 0; j < n; j++) {
      expect(values[j]).toBeCloseTo(full.values[j], 12)
      const exact = Array.from({ length: m }, (_, i) => {
        let s = 0
        for (let r = 0; r < n; r++) s += X[i * n + r] * V[r * n + j]
        return s
      })
      for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) expect(Math.abs(P[i * n + j] * P[k * n + j] - exact[i] * exact[k])).toBeLessThan(1e-11)
    }
  })

  it('handles a repeated eigenvalue: the identity keeps |x|² and x·y whatever basis it picks', () => {
    const n = 40
    const A = new Float64Array(n * n)
    for (let i = 0; i < n; i++) A[i * n + i] = 2
    const X = random(2 * n, 9)
    const { values, projections: P } = spectralProjections(A, n, X, 2)
    for (const v of values) expect(v).toBe(2)
    let s00 = 0, s01 = 0
    for (let j = 0; j < n; j++) (s00 += P[j] ** 2), (s01 += P[j] * P[n + j])
    expect(s00).toBeCloseTo(dot(X, 0, X, 0, n), 12)
    expect(s01).toBeCloseTo(dot(X, 0, X, n, n), 12)
  })

  it('reads only the upper triangle and leaves A and X as they were', () => {
    const n = 50
    const A = randomSymmetric(n, 11)
    const upper = A.slice()
    for (let r = 1; r < n; r++) for (let c = 0; c < r; c++) upper[r * n + c] = NaN
    const X = random(2 * n, 12)
    const X0 = X.slice()
    const a = spectralProjections(A, n, X, 2)
    const b = spectralProjections(upper, n, X, 2)
    expect(Array.from(b.values)).toEqual(Array.from(a.values))
    expect(Array.from(b.projections)).toEqual(Array.from(a.projections))
    expect(Array.from(X)).toEqual(Array.from(X0))
  })

  it('names the bad entry or size', () => {
    const A = randomSymmetric(3, 1)
    A[1 * 3 + 2] = Infinity
    expect(() => spectralProjections(A, 3, new Float64Array(3), 1)).toThrow(/A\[1\]\[2\] is Infinity/)
    expect(() => spectralProjections(randomSymmetric(3, 1), 3, new Float64Array(4), 1)).toThrow(/X has 4 entries, expected m·n = 3/)
    expect(() => spectralProjections(randomSymmetric(3, 1), 3, Float64Array.of(0, NaN, 0), 1)).toThrow(/X\[0\]\[1\] is NaN/)
  })
})

describe('symmetricRankK', () => {
  it.each([[1, 5], [63, 7], [64, 64], [130, 300]])('C = α A Aᵀ on the upper triangle at n = %i, k = %i, and exactly symmetric when mirrored', (n, k) => {
    const A = random(n * k, n + k)
    const C = new Float64Array(n * n).fill(-7)
    symmetricRankK(n, k, A, C, { alpha: 0.25 })
    for (let r = 0; r < n; r++) for (let c = r; c < n; c++) expect(C[r * n + c]).toBeCloseTo(0.25 * dot(A, r * k, A, c * k, k), 12)
    symmetricRankK(n, k, A, C, { alpha: 0.25, mirror: true })
    for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) expect(C[r * n + c]).toBe(C[c * n + r])
  })
})
