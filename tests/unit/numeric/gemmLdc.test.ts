import { describe, expect, it } from 'vitest'
import { gemmWith, type GemmBackend } from '@numeric/linalg/gemm'

function lcg(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5
}

describe('gemm with ldc: C a block of a wider matrix', () => {
  for (const which of ['wasm-simd', 'js'] as GemmBackend[])
    it(`${which}: writes only the m×n block (row stride ldc), α and β applied, the rest untouched`, () => {
      // sizes above the small-product cut-off and off the block grid
      const m = 37, n = 70, k = 65, ldc = 101
      const g = lcg(7)
      const A = Float64Array.from({ length: m * k }, g)
      const B = Float64Array.from({ length: k * n }, g)
      const C = Float64Array.from({ length: (m - 1) * ldc + n + 5 }, g)
      const before = C.slice()
      gemmWith(which, m, n, k, A, B, C, { alpha: -0.5, beta: 2, ldc })
      for (let i = 0; i < m; i++)
        for (let j = 0; j < ldc && i * ldc + j < C.length; j++) {
          const at = i * ldc + j
          if (j >= n) {
            expect(C[at]).toBe(before[at])
            continue
          }
          let s = 0
          for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j]
          expect(C[at]).toBeCloseTo(2 * before[at] - 0.5 * s, 12)
        }
      for (let at = (m - 1) * ldc + n; at < C.length; at++) expect(C[at]).toBe(before[at])
    })

  for (const which of ['wasm-simd', 'js'] as GemmBackend[])
    it.each([[37, 70, 65], [53, 530, 300], [9, 20, 600]])(`${which}: β = 0 ignores C's old values (NaN included) at m = %i, n = %i, k = %i, in one k-slice or several`, (m, n, k) => {
      // k = 300, 600 > the 256-deep slice: the first slice stores, the next ones accumulate
      const ldc = n + 3
      const g = lcg(m + n + k)
      const A = Float64Array.from({ length: k * m }, g) // used transposed: stored k×m
      const B = Float64Array.from({ length: n * k }, g) // used transposed: stored n×k
      const C = new Float64Array((m - 1) * ldc + n + 2).fill(NaN)
      for (let i = 0; i < m; i++) for (let j = n; j < ldc && i * ldc + j < C.length; j++) C[i * ldc + j] = 7
      gemmWith(which, m, n, k, A, B, C, { transA: true, transB: true, alpha: 1.5, beta: 0, ldc })
      for (let i = 0; i < m; i++)
        for (let j = 0; j < ldc && i * ldc + j < C.length; j++) {
          const at = i * ldc + j
          if (j >= n) {
            expect(C[at]).toBe(7)
            continue
          }
          let s = 0
          for (let p = 0; p < k; p++) s += A[p * m + i] * B[j * k + p]
          expect(C[at]).toBeCloseTo(1.5 * s, 11)
        }
    })

  it('refuses ldc < n and a C too short for the block, naming them', () => {
    const A = new Float64Array(4), B = new Float64Array(4)
    expect(() => gemmWith('js', 2, 2, 2, A, B, new Float64Array(10), { ldc: 1 })).toThrow(/ldc=1 < n=2/)
    expect(() => gemmWith('js', 2, 2, 2, A, B, new Float64Array(6), { ldc: 5 })).toThrow(/C 6/)
  })
})
