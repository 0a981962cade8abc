import { describe, expect, it } from 'vitest'
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { tridiagonalize, tridiagonalWorkspace } from '@numeric/linalg/householderTridiagonal'
import { symvMemory } from '@numeric/linalg/symv'
import { secularRoots } from '@numeric/linalg/secular'
import ref from '../../reference/symmetric-eigen.json'

function lcg(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5
}

function randomSymmetric(n: number, seed: number): Float64Array {
  const g = lcg(seed)
  const A = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = g()
  return A
}

/** Q Λ Qᵀ with Q a product of n random Householder reflections (an exactly known spectrum). */
function withSpectrum(lambda: number[], seed: number): Float64Array {
  const n = lambda.length
  const g = lcg(seed)
  const Q = new Float64Array(n * n)
  for (let i = 0; i < n; i++) Q[i * n + i] = 1
  const v = new Float64Array(n)
  for (let r = 0; r < 3; r++) {
    let vv = 0
    for (let i = 0; i < n; i++) vv += (v[i] = g()) ** 2
    // Q ← (I − 2vvᵀ/vᵀv) Q
    for (let c = 0; c < n; c++) {
      let s = 0
      for (let i = 0; i < n; i++) s += v[i] * Q[i * n + c]
      s *= 2 / vv
      for (let i = 0; i < n; i++) Q[i * n + c] -= s * v[i]
    }
    // and a random permutation-free mixing: Givens rotations on consecutive pairs
    for (let i = 0; i + 1 < n; i++) {
      const t = g() * Math.PI
      const c = Math.cos(t), s = Math.sin(t)
      for (let k = 0; k < n; k++) {
        const a = Q[i * n + k], b = Q[(i + 1) * n + k]
        Q[i * n + k] = c * a - s * b
        Q[(i + 1) * n + k] = s * a + c * b
      }
    }
  }
  const A = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += Q[i * n + k] * lambda[k] * Q[j * n + k]
      A[i * n + j] = A[j * n + i] = s
    }
  return A
}

/** max_ij |(AV − VΛ)_ij|, max_ij |(VᵀV − I)_ij| and ‖A‖ (max row sum ≥ ‖A‖₂) */
function quality(A: Float64Array, n: number, values: Float64Array, V: Float64Array) {
  let res = 0, orth = 0, norm = 0
  for (let i = 0; i < n; i++) {
    let rs = 0
    for (let k = 0; k < n; k++) rs += Math.abs(A[i * n + k])
    norm = Math.max(norm, rs)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += A[i * n + k] * V[k * n + j]
      res = Math.max(res, Math.abs(s - V[i * n + j] * values[j]))
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += V[k * n + i] * V[k * n + j]
      orth = Math.max(orth, Math.abs(s - (i === j ? 1 : 0)))
    }
  return { res, orth, norm }
}

/** the accuracy bound: residual and orthogonality ≤ 1e-12·‖A‖·n (orthogonality: 1e-12·n) */
function expectAccurate(A: Float64Array, n: number) {
  const { values, vectors } = symmetricEigen(A, n)
  const q = quality(A, n, values, vectors!)
  expect(q.res).toBeLessThanOrEqual(1e-12 * Math.max(q.norm, 1e-300) * n)
  expect(q.orth).toBeLessThanOrEqual(1e-12 * n)
  for (let j = 1; j < n; j++) expect(values[j]).toBeGreaterThanOrEqual(values[j - 1])
  return { values, vectors: vectors!, ...q }
}

describe('symmetricEigen', () => {
  it('n = 0, 1, 2: the closed forms', () => {
    expect(symmetricEigen(new Float64Array(0), 0).values.length).toBe(0)
    const one = symmetricEigen(new Float64Array([-3.5]), 1)
    expect(Array.from(one.values)).toEqual([-3.5])
    expect(Math.abs(one.vectors![0])).toBe(1)
    // [[a, b], [b, c]]: λ = (a+c)/2 ∓ √(((a−c)/2)² + b²)
    const [a, b, c] = [2, -0.7, -1.25]
    const two = symmetricEigen(new Float64Array([a, b, b, c]), 2)
    const r = Math.hypot((a - c) / 2, b)
    expect(two.values[0]).toBeCloseTo((a + c) / 2 - r, 14)
    expect(two.values[1]).toBeCloseTo((a + c) / 2 + r, 14)
    expectAccurate(new Float64Array([a, b, b, c]), 2)
  })

  it('diagonal: the entries sorted, unit coordinate vectors', () => {
    const n = 70
    const diag = Array.from({ length: n }, (_, i) => ((i * 37) % n) - 20.5)
    const A = new Float64Array(n * n)
    diag.forEach((x, i) => (A[i * n + i] = x))
    const { values, vectors } = expectAccurate(A, n)
    expect(Array.from(values)).toEqual([...diag].sort((x, y) => x - y))
    for (let j = 0; j < n; j++) {
      const i = diag.indexOf(values[j])
      expect(Math.abs(vectors[i * n + j])).toBe(1)
    }
  })

  it('tridiagonal Toeplitz (a, b), also disguised by an orthogonal similarity: λ_k = a + 2b cos(kπ/(n+1)), v_k(i) ∝ sin(ikπ/(n+1))', () => {
    const n = 97
    const [a, b] = [0.3, -1.1]
    const T = new Float64Array(n * n)
    for (let i = 0; i < n; i++) {
      T[i * n + i] = a
      if (i + 1 < n) T[i * n + i + 1] = T[(i + 1) * n + i] = b
    }
    const exact = Array.from({ length: n }, (_, k) => a + 2 * b * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((x, y) => x - y)
    const { values, vectors } = expectAccurate(T, n)
    values.forEach((x, k) => expect(Math.abs(x - exact[k])).toBeLessThan(1e-13 * n))
    // b < 0: the smallest eigenvalue is k = 1, v(i) = √(2/(n+1)) sin(iπ/(n+1)) (i = 1…n)
    const s = Math.sqrt(2 / (n + 1))
    const sign = Math.sign(vectors[0])
    for (let i = 0; i < n; i++) expect(sign * vectors[i * n]).toBeCloseTo(s * Math.sin(((i + 1) * Math.PI) / (n + 1)), 12)
    const hidden = expectAccurate(withSpectrum(exact, 7), n)
    hidden.values.forEach((x, k) => expect(Math.abs(x - exact[k])).toBeLessThan(1e-12 * n))
  })

  it('rank-one update c I + σ u uᵀ: c (n − 1 times, fully degenerate) and c + σ‖u‖², eigenvector u/‖u‖', () => {
    const n = 130
    const g = lcg(3)
    const u = Array.from({ length: n }, g)
    const uu = u.reduce((s, x) => s + x * x, 0)
    const [c, sigma] = [1.5, 2.25]
    const A = new Float64Array(n * n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = (i === j ? c : 0) + sigma * u[i] * u[j]
    const { values, vectors } = expectAccurate(A, n)
    for (let j = 0; j < n - 1; j++) expect(Math.abs(values[j] - c)).toBeLessThan(1e-13 * n)
    expect(values[n - 1]).toBeCloseTo(c + sigma * uu, 12)
    const sgn = Math.sign(vectors[n - 1]) * Math.sign(u[0])
    for (let i = 0; i < n; i++) expect(sgn * vectors[i * n + n - 1]).toBeCloseTo(u[i] / Math.sqrt(uu), 13)
  })

  it('clusters: repeated, 1e-10-close and 1e-14-close eigenvalues are found and the vectors stay orthogonal', () => {
    const lambda: number[] = []
    for (let i = 0; i < 40; i++) lambda.push(1)
    for (let i = 0; i < 30; i++) lambda.push(2 + i * 1e-10)
    for (let i = 0; i < 20; i++) lambda.push(-3 + i * 1e-14)
    for (let i = 0; i < 60; i++) lambda.push(Math.sin(i) * 5)
    const n = lambda.length
    const exact = [...lambda].sort((x, y) => x - y)
    const { values } = expectAccurate(withSpectrum(lambda, 11), n)
    values.forEach((x, k) => expect(Math.abs(x - exact[k])).toBeLessThan(1e-13 * 5 * n))
  })

  it('random matrices across the block sizes (32-row panels, 64-reflector blocks, 32-row leaves): accurate', () => {
    for (const n of [3, 33, 64, 65, 129, 300]) expectAccurate(randomSymmetric(n, n), n)
  })

  it('zero matrix and a scaled one (1e-150, 1e150): no overflow, no underflow', () => {
    const n = 40
    const zero = expectAccurate(new Float64Array(n * n), n)
    expect(Array.from(zero.values)).toEqual(new Array(n).fill(0))
    const A = randomSymmetric(n, 5)
    const base = symmetricEigen(A, n).values
    for (const s of [1e-150, 1e150]) {
      const { values } = expectAccurate(A.map((x) => x * s), n)
      values.forEach((x, k) => expect(x / s).toBeCloseTo(base[k], 12))
    }
  })

  it('values only: the same eigenvalues', () => {
    const n = 200
    const A = randomSymmetric(n, 9)
    const full = symmetricEigen(A, n)
    const only = symmetricEigen(A, n, { vectors: false })
    expect(only.vectors).toBeNull()
    only.values.forEach((x, k) => expect(Math.abs(x - full.values[k])).toBeLessThan(1e-12 * n))
  })

  it('agrees with LAPACK dsyevd (SciPy, tests/reference/symmetric_eigen_reference.py)', () => {
    const build: Record<string, (i: number, j: number, n: number) => number> = {
      smooth: (i, j, n) => Math.cos((0.37 * i * j) / n) + 1 / (1 + Math.abs(i - j)),
      hilbertish: (i, j) => 1 / (i + j + 1) + (i === j ? (i % 7) / 7 : 0)
    }
    for (const [name, r] of Object.entries(ref)) {
      const n = r.n
      const A = new Float64Array(n * n)
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = build[name](i, j, n)
      const { values, vectors, norm } = expectAccurate(A, n)
      r.values.forEach((x, k) => expect(Math.abs(values[k] - x)).toBeLessThan(1e-13 * norm))
      r.vectorColumns.forEach((col, q) => {
        let big = 0
        for (let i = 0; i < n; i++) if (Math.abs(vectors[i * n + col]) > Math.abs(vectors[big * n + col])) big = i
        const sgn = Math.sign(vectors[big * n + col])
        const tol = (1e-12 * norm) / r.gaps[q]
        for (let i = 0; i < n; i++) expect(Math.abs(sgn * vectors[i * n + col] - r.vectors[q][i])).toBeLessThan(tol)
      })
    }
  })

  it('agrees with ml-matrix (JAMA tred2 + tql2) on the values', () => {
    const n = 80
    const A = randomSymmetric(n, 21)
    const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, i * n + n)))
    const jama = [...new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues].sort((x, y) => x - y)
    const ours = symmetricEigen(A, n, { vectors: false }).values
    ours.forEach((x, k) => expect(Math.abs(x - jama[k])).toBeLessThan(1e-12 * n))
  })

  it('the WebAssembly symv and the JS one give the same tridiagonal form', () => {
    const n = 150
    const A = randomSymmetric(n, 4)
    const mem = symvMemory(tridiagonalWorkspace(n))
    expect(mem).not.toBeNull()
    mem!.H.set(A)
    const wasm = tridiagonalize(n, mem!.H, mem)
    const H = new Float64Array(tridiagonalWorkspace(n))
    H.set(A)
    const js = tridiagonalize(n, H, null)
    wasm.d.forEach((x, i) => expect(Math.abs(x - js.d[i])).toBeLessThan(1e-12))
    wasm.e.forEach((x, i) => expect(Math.abs(x - js.e[i])).toBeLessThan(1e-12))
  })

  it('secular equation: roots interlace the poles and zero 1/ρ + Σ z²/(d − λ)', () => {
    const d = Float64Array.from([-2, -1.5, 0, 1e-9, 3])
    const z = Float64Array.from([0.3, 0.5, 0.4, 0.6, 0.37])
    const rho = 0.8
    const { origin, tau } = secularRoots(5, d, z, rho)
    for (let j = 0; j < 5; j++) {
      const lambda = d[origin[j]] + tau[j]
      expect(lambda).toBeGreaterThan(d[j])
      if (j < 4) expect(lambda).toBeLessThan(d[j + 1])
      let g = 1 / rho, scale = 1 / rho
      for (let i = 0; i < 5; i++) {
        const t = (z[i] * z[i]) / (d[i] - d[origin[j]] - tau[j])
        g += t
        scale += Math.abs(t)
      }
      expect(Math.abs(g)).toBeLessThan(1e-14 * scale)
    }
  })

  it('refuses a wrong size and non-finite entries, naming them', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/A has 5 entries, expected n² = 4/)
    expect(() => symmetricEigen(new Float64Array([1, NaN, NaN, 1]), 2)).toThrow(/A\[0\]\[1\] is NaN/)
  })
})
