import { describe, expect, it } from 'vitest'
import { gemm, gemmBackend, gemmWith, type GemmBackend } from '@numeric/linalg/gemm'

/** dot-product reference: C_ij = β C_ij + α Σ_p op(A)_ip op(B)_pj */
function reference(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array, tA: boolean, tB: boolean, alpha: number, beta: number) {
  const out = new Float64Array(m * n)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += (tA ? A[p * m + i] : A[i * k + p]) * (tB ? B[j * k + p] : B[p * n + j])
      out[i * n + j] = alpha * s + (beta === 0 ? 0 : beta * C[i * n + j])
    }
  return out
}

function lcg(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5
}

const backends: GemmBackend[] = ['wasm-simd', 'js']

describe('gemm', () => {
  it('uses the WebAssembly SIMD kernel on Node 20', () => {
    expect(gemmBackend()).toBe('wasm-simd')
  })

  for (const which of backends) {
    it(`${which}: closed form (A_ip = i+1, B_pj = j+1 ⇒ C_ij = k(i+1)(j+1)) on sizes off the block grid`, () => {
      const m = 53, n = 517, k = 261 // crosses MC=48, NC=512, KC=256 with remainders
      const A = Float64Array.from({ length: m * k }, (_, x) => Math.floor(x / k) + 1)
      const B = Float64Array.from({ length: k * n }, (_, x) => (x % n) + 1)
      const C = new Float64Array(m * n).fill(NaN) // β = 0 must ignore what is there
      gemmWith(which, m, n, k, A, B, C)
      let maxErr = 0
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) maxErr = Math.max(maxErr, Math.abs(C[i * n + j] - k * (i + 1) * (j + 1)))
      expect(maxErr).toBe(0) // integers below 2^53: exact
    })

    for (const [tA, tB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      it(`${which}: matches the dot-product reference, transA=${tA} transB=${tB}, α, β`, () => {
        const rnd = lcg(17 + (tA ? 1 : 0) + (tB ? 2 : 0))
        for (const [m, n, k] of [[1, 1, 1], [7, 5, 3], [61, 37, 300], [100, 530, 49], [13, 4, 700]]) {
          const A = Float64Array.from({ length: m * k }, rnd)
          const B = Float64Array.from({ length: k * n }, rnd)
          const C0 = Float64Array.from({ length: m * n }, rnd)
          const C = C0.slice()
          gemmWith(which, m, n, k, A, B, C, { transA: tA, transB: tB, alpha: -0.7, beta: 0.3 })
          const R = reference(m, n, k, A, B, C0, tA, tB, -0.7, 0.3)
          let maxErr = 0
          for (let i = 0; i < m * n; i++) maxErr = Math.max(maxErr, Math.abs(C[i] - R[i]))
          // |terms| ≤ 0.25, k ≤ 700 terms: rounding ≲ k·ε·0.25
          expect(maxErr).toBeLessThan(1e-13)
        }
      })
    }
  }

  it('β = 1 accumulates; zero-size products leave C scaled by β', () => {
    const A = Float64Array.from([1, 2, 3, 4]) // 2×2
    const B = Float64Array.from([5, 6, 7, 8])
    const C = Float64Array.from([1, 1, 1, 1])
    gemm(2, 2, 2, A, B, C, { beta: 1 })
    expect(Array.from(C)).toEqual([20, 23, 44, 51])
    gemm(2, 2, 0, A, B, C, { beta: 0.5 })
    expect(Array.from(C)).toEqual([10, 11.5, 22, 25.5])
  })

  it('refuses arrays shorter than the shapes', () => {
    expect(() => gemm(3, 3, 3, new Float64Array(8), new Float64Array(9), new Float64Array(9))).toThrow(/too short/)
  })
})
