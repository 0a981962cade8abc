// The Float32 gemm (numeric/linalg/gemmF32.ts) against the Float64 one on the same inputs: every
// transpose, α and β, shapes that are not multiples of the kernel's 4×8 tile, more rows than one
// pass; entries within the f32 rounding bound 4k·2⁻²⁴·Σ|a_ip b_pj| of the exact sum.
import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import { gemm } from '@numeric/linalg/gemm'
import { gemmF32, MR, packRowsDef } from '@numeric/linalg/gemmF32'
import { assemble } from '@numeric/wasm/asm'
import { instantiate, WasmMemory } from '@numeric/wasm/instance'

function check(m: number, n: number, k: number, transA: boolean, transB: boolean, alpha: number, beta: number) {
  const rng = Rng.stream(m * 1000 + n * 10 + k, 'gemmF32')
  // inputs representable in f32, so both products start from the same numbers
  const A = Float64Array.from(Float32Array.from({ length: m * k }, () => rng.normal()))
  const B = Float64Array.from(Float32Array.from({ length: k * n }, () => rng.normal()))
  const C0 = Float32Array.from({ length: m * n }, () => rng.normal())
  const ref = Float64Array.from(C0)
  gemm(m, n, k, A, B, ref, { transA, transB, alpha, beta })
  const absA = A.map(Math.abs)
  const absB = B.map(Math.abs)
  const bound = new Float64Array(m * n)
  gemm(m, n, k, absA, absB, bound, { transA, transB, alpha: Math.abs(alpha) })
  const C = Float32Array.from(C0)
  gemmF32(m, n, k, Float32Array.from(A), Float32Array.from(B), C, { transA, transB, alpha, beta })
  let worst = 0
  for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(C[i] - ref[i]) / (4 * (k + 2) * 2 ** -24 * (bound[i] + Math.abs(beta * C0[i])) + 1e-30))
  return worst
}

describe('gemmF32 against the Float64 gemm', () => {
  for (const [m, n, k] of [[1, 1, 1], [5, 9, 3], [37, 21, 50], [300, 17, 40]] as const)
    for (const tA of [false, true])
      for (const tB of [false, true])
        it(`${m}×${k}·${k}×${n}, transA=${tA} transB=${tB}`, () => {
          expect(check(m, n, k, tA, tB, 1, 0)).toBeLessThan(1)
        })
  it('α and β', () => {
    expect(check(13, 11, 7, false, false, -0.5, 2)).toBeLessThan(1)
    expect(check(13, 11, 7, true, false, 3, 1)).toBeLessThan(1)
  })
  it('empty products scale C by β only; short arrays are refused', () => {
    const C = Float32Array.from([1, 2])
    gemmF32(1, 2, 0, new Float32Array(0), new Float32Array(0), C, { beta: 3 })
    expect(Array.from(C)).toEqual([3, 6])
    expect(() => gemmF32(2, 2, 2, new Float32Array(3), new Float32Array(4), new Float32Array(4))).toThrow(/too short/)
  })
})

describe('packRows: the A operand from Float64 rows', () => {
  it('cp[g][d][r] = fround(a[i·D + d]) for rows i < B, zeros for B ≤ i < G·MR (over garbage), D and B not multiples of MR', () => {
    const mem = new WasmMemory()
    const { packRows } = instantiate<{ packRows(a: number, cp: number, B: number, D: number, G: number): void }>(new WebAssembly.Module(assemble([packRowsDef()])), mem)
    const rng = Rng.stream(5, 'packRows')
    for (const [B, D] of [[7, 13], [8, 1], [1, 5], [0, 3]]) {
      const G = Math.ceil(B / MR) + (B === 0 ? 1 : 0) // B = 0: one group of zeros
      const aOff = mem.alloc(Math.max(1, B * D) * 8)
      const cOff = mem.alloc(G * MR * D * 4)
      const a = mem.f64(aOff, B * D)
      for (let i = 0; i < a.length; i++) a[i] = rng.normal() * 10 ** (4 * rng.uniform() - 2) // most need rounding to f32
      mem.f32(cOff, G * MR * D).fill(NaN)
      packRows(aOff, cOff, B, D, G)
      const cp = mem.f32(cOff, G * MR * D)
      let wrong = 0
      for (let g = 0; g < G; g++)
        for (let d = 0; d < D; d++)
          for (let r = 0; r < MR; r++) {
            const i = g * MR + r
            const want = i < B ? Math.fround(a[i * D + d]) : 0
            if (!Object.is(cp[(g * D + d) * MR + r], want)) wrong++
          }
      expect(wrong).toBe(0)
    }
  })
})
