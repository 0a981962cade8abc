// Dense matrix product in Float32, C ← α op(A) op(B) + β C, the twin of gemm.ts's Float64 one
// (same signature style): row-major arrays, op(A) m×k, op(B) k×n, C m×n. Products and sums in
// f32 lanes (f32x4 mul + add, no FMA, so every machine gives the same bits); relative error of
// an entry ~k·2⁻²⁴ of the sum of |terms|. Used where Float32 suffices and speed matters: the SGD's
// projection u = cF/√D (models/twoLayer/projection.ts packs F once per run and calls the kernel
// directly through the SGD's Kernels instance) and its test-set fields.
// The kernel multiplies packed panels: A as [g][d][r] (groups of MR rows), B as [s][d][q]
// (strips of STRIP columns); gemmF32 packs, runs it in blocks of rows and accumulates into C.
// Measured in bench/sgd.bench.ts (GFLOP/s of the projection against the SIMD peak).
import { assemble, I, type FuncDef, type ValType } from '@numeric/wasm/asm'
import { instantiate, lazyModule, WasmMemory } from '@numeric/wasm/instance'
import type { GemmOptions } from './gemm'

/** micro-kernel shape: MR rows of C × NR·4 columns of F, MR·NR v128 accumulators (fits 16 xmm) */
export const MR = 4
export const NR = 2
/** columns per packed strip of F */
export const STRIP = NR * 4

/**
 * gemm(c, fp, u, G, D, S, ldu): U = C·F for G groups of MR rows and S strips of STRIP columns.
 * c:  packed C, [g][d][r] (f32), r < MR
 * fp: packed F, [s][d][q] (f32), q < STRIP
 * u:  output rows of ldu bytes; U[g·MR + r][s·STRIP + q]
 * Loop order: strip (F strip, D·32 bytes, stays in L1) ▸ row group (C from L2) ▸ d.
 */
export function gemmF32Def(): FuncDef {
  const [c, fp, u, G, D, S, ldu] = [0, 1, 2, 3, 4, 5, 6]
  let n = 7
  const s = n++, g = n++, fptr = n++, fend = n++, cp = n++, fs = n++, fstride = n++, up = n++
  const acc: number[][] = []
  for (let r = 0; r < MR; r++) acc.push(Array.from({ length: NR }, () => n++))
  const fv = Array.from({ length: NR }, () => n++)
  const a = n++
  const locals: ValType[] = [...Array<ValType>(8).fill('i32'), ...Array<ValType>(MR * NR + NR + 1).fill('v128')]
  const body: number[][] = []
  const e = (...x: number[][]) => body.push(...x)
  e(I.get(D), I.i32(NR * 16), I.i32_mul(), I.set(fstride))
  e(I.i32(0), I.set(s), I.get(fp), I.set(fs))
  e(I.loop()) // strips
  e(I.i32(0), I.set(g), I.get(c), I.set(cp))
  e(I.loop()) // row groups
  for (let r = 0; r < MR; r++) for (let j = 0; j < NR; j++) e(I.v128_zero(), I.set(acc[r][j]))
  e(I.get(fs), I.tee(fptr), I.get(fstride), I.i32_add(), I.set(fend))
  e(I.loop()) // d
  for (let j = 0; j < NR; j++) e(I.get(fptr), I.v128_load(16 * j), I.set(fv[j]))
  for (let r = 0; r < MR; r++) {
    e(I.get(cp), I.v128_load32_splat(r * 4), I.set(a))
    for (let j = 0; j < NR; j++) e(I.get(acc[r][j]), I.get(a), I.get(fv[j]), I.f32x4_mul(), I.f32x4_add(), I.set(acc[r][j]))
  }
  e(I.get(cp), I.i32(MR * 4), I.i32_add(), I.set(cp))
  e(I.get(fptr), I.i32(NR * 16), I.i32_add(), I.tee(fptr), I.get(fend), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(u), I.get(g), I.i32(MR), I.i32_mul(), I.get(ldu), I.i32_mul(), I.i32_add(), I.get(s), I.i32(NR * 16), I.i32_mul(), I.i32_add(), I.set(up))
  for (let r = 0; r < MR; r++) {
    for (let j = 0; j < NR; j++) e(I.get(up), I.get(acc[r][j]), I.v128_store(16 * j))
    if (r < MR - 1) e(I.get(up), I.get(ldu), I.i32_add(), I.set(up))
  }
  e(I.get(g), I.i32(1), I.i32_add(), I.tee(g), I.get(G), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(fs), I.get(fstride), I.i32_add(), I.set(fs))
  e(I.get(s), I.i32(1), I.i32_add(), I.tee(s), I.get(S), I.i32_lt_u(), I.br_if(0), I.end())
  return { name: 'gemm', params: Array<ValType>(7).fill('i32'), locals, body }
}

/**
 * packRows(a, cp, B, D, G): the A operand of gemm from Float64 rows: cp[g][d][r] = f32(a[i·D + d])
 * for row i = g·MR + r < B, 0 for the rows B ≤ i < G·MR (a: B rows of D doubles, row-major).
 * f32 by IEEE round-to-nearest (f32.demote_f64), as a Float32Array store rounds.
 */
export function packRowsDef(): FuncDef {
  const [a, cp, B, D, G] = [0, 1, 2, 3, 4]
  const [i, n, src, dst, end] = [5, 6, 7, 8, 9]
  const body: number[][] = []
  const e = (...x: number[][]) => body.push(...x)
  e(I.get(G), I.i32(MR), I.i32_mul(), I.set(n))
  e(I.block(), I.get(n), I.i32_eqz(), I.br_if(0))
  e(I.i32(0), I.set(i), I.loop()) // rows i < G·MR
  // dst = cp + ((i / MR)·D·MR + i mod MR)·4, then steps of MR floats
  e(I.get(cp), I.get(i), I.i32(~(MR - 1)), I.i32_and(), I.get(D), I.i32_mul(), I.get(i), I.i32(MR - 1), I.i32_and(), I.i32_add(), I.i32(4), I.i32_mul(), I.i32_add(), I.set(dst))
  e(I.get(dst), I.get(D), I.i32(MR * 4), I.i32_mul(), I.i32_add(), I.set(end))
  e(I.block(), I.get(D), I.i32_eqz(), I.br_if(0))
  e(I.get(i), I.get(B), I.i32_lt_u(), I.if_())
  e(I.get(a), I.get(i), I.get(D), I.i32_mul(), I.i32(8), I.i32_mul(), I.i32_add(), I.set(src))
  e(I.loop(), I.get(dst), I.get(src), I.f64_load(), I.f32_demote_f64(), I.f32_store())
  e(I.get(src), I.i32(8), I.i32_add(), I.set(src))
  e(I.get(dst), I.i32(MR * 4), I.i32_add(), I.tee(dst), I.get(end), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.else_())
  e(I.loop(), I.get(dst), I.f64(0), I.f32_demote_f64(), I.f32_store())
  e(I.get(dst), I.i32(MR * 4), I.i32_add(), I.tee(dst), I.get(end), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.end())
  e(I.end())
  e(I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(n), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.end())
  return { name: 'packRows', params: Array<ValType>(5).fill('i32'), locals: Array<ValType>(5).fill('i32'), body }
}

interface GemmF32Exports {
  gemm(c: number, fp: number, u: number, G: number, D: number, S: number, ldu: number): void
}
const gemmModule = lazyModule(() => assemble([gemmF32Def()]))
let kernel: { memory: WasmMemory; gemm: GemmF32Exports['gemm'] } | undefined

/** row groups of MR per pass (bounds the packed A and the product block in memory) */
const GROUPS_PER_PASS = 64

/** C ← α op(A) op(B) + β C in Float32; A, B may be Float64Array (rounded to f32 when packed) */
export function gemmF32(m: number, n: number, k: number, A: Float32Array | Float64Array, B: Float32Array | Float64Array, C: Float32Array, opts: GemmOptions = {}): void {
  const { transA = false, transB = false, alpha = 1, beta = 0 } = opts
  if (A.length < m * k || B.length < k * n || C.length < m * n)
    throw new Error(`gemmF32: arrays too short for m=${m} n=${n} k=${k} (A ${A.length}, B ${B.length}, C ${C.length})`)
  if (beta === 0) C.fill(0, 0, m * n)
  else if (beta !== 1) for (let i = 0; i < m * n; i++) C[i] *= beta
  if (m === 0 || n === 0 || k === 0 || alpha === 0) return
  if (!kernel) {
    const mod = gemmModule()
    if (!mod) throw new Error('gemmF32 needs WebAssembly with fixed-width SIMD')
    const memory = new WasmMemory(0, 0)
    kernel = { memory, gemm: instantiate<GemmF32Exports>(mod, memory).gemm }
  }
  const { memory } = kernel
  const S = Math.ceil(n / STRIP)
  const ldu = S * STRIP
  const Gmax = Math.min(GROUPS_PER_PASS, Math.ceil(m / MR))
  // layout: [packed B: S·k·STRIP][packed A: Gmax·k·MR][U: Gmax·MR·ldu], f32
  const fOff = 0
  const cOff = fOff + S * k * STRIP * 4
  const uOff = cOff + Gmax * k * MR * 4
  memory.ensure(uOff + Gmax * MR * ldu * 4)
  const fp = memory.f32(fOff, S * k * STRIP)
  for (let s = 0; s < S; s++)
    for (let d = 0; d < k; d++) {
      const o = (s * k + d) * STRIP
      for (let q = 0; q < STRIP; q++) {
        const j = s * STRIP + q
        fp[o + q] = j < n ? (transB ? B[j * k + d] : B[d * n + j]) : 0
      }
    }
  const cp = memory.f32(cOff, Gmax * k * MR)
  const U = memory.f32(uOff, Gmax * MR * ldu)
  for (let i0 = 0; i0 < m; i0 += Gmax * MR) {
    const rows = Math.min(Gmax * MR, m - i0)
    const G = Math.ceil(rows / MR)
    for (let g = 0; g < G; g++)
      for (let d = 0; d < k; d++) {
        const o = (g * k + d) * MR
        for (let r = 0; r < MR; r++) {
          const i = i0 + g * MR + r
          cp[o + r] = i < i0 + rows ? (transA ? A[d * m + i] : A[i * k + d]) : 0
        }
      }
    kernel.gemm(cOff, fOff, uOff, G, k, S, ldu * 4)
    for (let i = 0; i < rows; i++) {
      const co = (i0 + i) * n
      const uo = i * ldu
      for (let j = 0; j < n; j++) C[co + j] += alpha * U[uo + j]
    }
  }
}
