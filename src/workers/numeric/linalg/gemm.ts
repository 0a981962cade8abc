// Dense matrix product C ← α op(A) op(B) + β C on row-major Float64Arrays, cache-blocked in the
// GotoBLAS way: for each NC-column block of op(B) and KC-deep slice, pack the slice of op(B) into
// NR-wide panels; for each MC-row block of op(A), pack it into MR-tall panels; a micro-kernel
// multiplies an MR×KC panel by a KC×NR panel into MR×NR accumulators held in registers. Packing
// makes the kernel's reads sequential whatever the transposes, so one kernel serves NN, NT, TN.
// Kernels: WebAssembly SIMD (f64x2; emitted by ../wasm/asm.ts, no toolchain) and plain JS
// (fallback, and the second opinion in tests). Measured in bench/mnist-fit.bench.ts.
import { I, assemble, type FuncDef } from '@numeric/wasm/asm'
import { instantiate, lazyModule, WasmMemory } from '@numeric/wasm/instance'

export interface GemmOptions {
  /** use Aᵀ: A is stored k×m */
  transA?: boolean
  /** use Bᵀ: B is stored n×k */
  transB?: boolean
  alpha?: number
  /** β = 0 overwrites C (NaNs in C are not propagated) */
  beta?: number
  /** row stride of C (default n): C may be a block of a wider matrix */
  ldc?: number
}

export type GemmBackend = 'wasm-simd' | 'js'

// Block sizes (doubles). KC×NC of packed B stays in L2, MC×KC of packed A in L1/L2.
const KC = 256
const MC = 48
const NC = 512
/** micro-kernel columns (both backends) */
const NR = 4
/** micro-kernel rows: wasm 4 (8 f64x2 accumulators: with 6, V8's 15 usable xmm registers spill and
 * the kernel runs 1.6× slower), JS 4 (16 scalar accumulators) */
const MR_WASM = 4
const MR_JS = 4
/** below this many multiply-adds the packing does not pay: plain loops */
const SMALL = 1 << 15

/** C ← α op(A) op(B) + β C; op(A) is m×k, op(B) is k×n, C is m×n (row-major, first m·n entries). */
export function gemm(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array, opts: GemmOptions = {}): void {
  gemmWith(backend, m, n, k, A, B, C, opts)
}

/** The same product with a chosen kernel (tests compare the two). */
export function gemmWith(which: GemmBackend, m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array, opts: GemmOptions = {}): void {
  const { transA = false, transB = false, alpha = 1, beta = 0, ldc = n } = opts
  if (ldc < n) throw new Error(`gemm: ldc=${ldc} < n=${n}`)
  if (A.length < m * k || B.length < k * n || C.length < (m - 1) * ldc + n)
    throw new Error(`gemm: arrays too short for m=${m} n=${n} k=${k} ldc=${ldc} (A ${A.length}, B ${B.length}, C ${C.length})`)
  const packed = m > 0 && n > 0 && k > 0 && alpha !== 0 && m * n * k > SMALL
  // with β = 0 the packed product's first k-slice stores into C (every entry of its m×n block):
  // no pass to zero C first, and no copy of C into the kernel's buffer
  if (!(packed && beta === 0)) {
    if (ldc === n) scale(C, m * n, beta)
    else for (let i = 0; i < m; i++) scale(C.subarray(i * ldc, i * ldc + n), n, beta)
  }
  if (m === 0 || n === 0 || k === 0 || alpha === 0) return
  if (!packed) return smallProduct(m, n, k, A, B, C, ldc, transA, transB, alpha)
  if (which === 'wasm-simd' && wasm) blocked(wasm, m, n, k, A, B, C, ldc, transA, transB, alpha, beta === 0)
  else blocked(jsKernel, m, n, k, A, B, C, ldc, transA, transB, alpha, beta === 0)
}

/** The kernel `gemm` uses: WebAssembly SIMD where the runtime has it, else JS. */
export function gemmBackend(): GemmBackend {
  return backend
}

/** Choose the kernel for `gemm` (benchmarks); returns the previous one. */
export function setGemmBackend(b: GemmBackend): GemmBackend {
  const prev = backend
  backend = b === 'wasm-simd' && !wasm ? 'js' : b
  return prev
}

function scale(C: Float64Array, len: number, beta: number): void {
  if (beta === 0) C.fill(0, 0, len)
  else if (beta !== 1) for (let i = 0; i < len; i++) C[i] *= beta
}

/** i-p-j loops (C row += a_ip · B row), any transposes. */
function smallProduct(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array, ldc: number, tA: boolean, tB: boolean, alpha: number): void {
  for (let i = 0; i < m; i++) {
    const ci = i * ldc
    for (let p = 0; p < k; p++) {
      const a = alpha * (tA ? A[p * m + i] : A[i * k + p])
      if (a === 0) continue
      if (tB) for (let j = 0; j < n; j++) C[ci + j] += a * B[j * k + p]
      else {
        const bp = p * n
        for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j]
      }
    }
  }
}

/**
 * A macro-kernel: Cs[0:mcp, 0:ncp] += α Ap · Bp over kc (accumulate), or = α Ap · Bp (store), from
 * the packed buffers in `buf`.
 */
interface Kernel {
  mr: number
  /** the buffer the packing writes to (may be replaced when it grows) */
  buffer(doubles: number): Float64Array
  macro(mcp: number, ncp: number, kc: number, ap: number, bp: number, cs: number, alpha: number, accumulate: boolean): void
}

/** C (+)= α op(A) op(B) by packed blocks; `overwrite`: C's old values are not read (β = 0). */
function blocked(K: Kernel, m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array, ldc: number, tA: boolean, tB: boolean, alpha: number, overwrite: boolean): void {
  const MR = K.mr
  const mcMax = Math.ceil(Math.min(MC, m) / MR) * MR
  const ncMax = Math.ceil(Math.min(NC, n) / NR) * NR
  const kcMax = Math.min(KC, k)
  // layout in doubles: [Ap: mcMax·kcMax][Bp: ncMax·kcMax][Cs: mcMax·ncMax]
  const ap = 0
  const bp = ap + mcMax * kcMax
  const cs = bp + ncMax * kcMax
  const buf = K.buffer(cs + mcMax * ncMax)
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc)
    const ncp = Math.ceil(nc / NR) * NR
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc)
      packB(buf, bp, B, tB, n, k, pc, kc, jc, nc)
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic)
        const mcp = Math.ceil(mc / MR) * MR
        packA(buf, ap, A, tA, m, k, ic, mc, pc, kc, MR)
        // the kernel accumulates into a copy of C's block (row copies are memcpy), or stores into
        // the buffer on the first slice when C's values do not count
        const store = overwrite && pc === 0
        if (!store) for (let i = 0; i < mc; i++) buf.set(C.subarray((ic + i) * ldc + jc, (ic + i) * ldc + jc + nc), cs + i * ncp)
        K.macro(mcp, ncp, kc, ap, bp, cs, alpha, !store)
        for (let i = 0; i < mc; i++) C.set(buf.subarray(cs + i * ncp, cs + i * ncp + nc), (ic + i) * ldc + jc)
      }
    }
  }
}

/** op(B)[pc:pc+kc, jc:jc+nc] → NR-wide panels, each kc × NR, zero-padded. */
function packB(buf: Float64Array, at: number, B: Float64Array, tB: boolean, n: number, k: number, pc: number, kc: number, jc: number, nc: number): void {
  // op(B)[p, j] = B[j, p] (tB: stride k along j, 1 along p) or B[p, j] (stride 1 along j, n along p)
  const sj = tB ? k : 1
  const sp = tB ? 1 : n
  packPanels(buf, at, B, tB ? jc * k + pc : pc * n + jc, sj, sp, nc, kc, NR)
}

/** op(A)[ic:ic+mc, pc:pc+kc] → MR-tall panels, each kc × MR, zero-padded. */
function packA(buf: Float64Array, at: number, A: Float64Array, tA: boolean, m: number, k: number, ic: number, mc: number, pc: number, kc: number, MR: number): void {
  // op(A)[i, p] = A[p, i] (tA: stride 1 along i, m along p) or A[i, p] (stride k along i, 1 along p)
  const si = tA ? 1 : k
  const sp = tA ? m : 1
  packPanels(buf, at, A, tA ? pc * m + ic : ic * k + pc, si, sp, mc, kc, MR)
}

/**
 * The packing of both operands: X[x0 + q·sq + p·sp] for q < len, p < kc, in panels of w values of
 * q per p (q-fastest), the last panel zero-padded. Full panels of 4 go through an unrolled loop
 * (the packing was a fifth of the MNIST fit's time with one loop per value).
 */
function packPanels(buf: Float64Array, at: number, X: Float64Array, x0: number, sq: number, sp: number, len: number, kc: number, w: number): void {
  let o = at
  for (let r = 0; r < len; r += w) {
    const h = Math.min(w, len - r)
    let x = x0 + r * sq
    if (h === 4 && w === 4) {
      const s1 = sq, s2 = 2 * sq, s3 = 3 * sq
      for (let p = 0; p < kc; p++, x += sp, o += 4) {
        buf[o] = X[x]
        buf[o + 1] = X[x + s1]
        buf[o + 2] = X[x + s2]
        buf[o + 3] = X[x + s3]
      }
      continue
    }
    for (let p = 0; p < kc; p++, x += sp) {
      for (let q = 0; q < h; q++) buf[o + q] = X[x + q * sq]
      for (let q = h; q < w; q++) buf[o + q] = 0
      o += w
    }
  }
}

// ---- JS kernel: 4×4 accumulators in locals ----
let jsBuf = new Float64Array(0)
const jsKernel: Kernel = {
  mr: MR_JS,
  buffer(doubles) {
    if (jsBuf.length < doubles) jsBuf = new Float64Array(doubles)
    return jsBuf
  },
  macro(mcp, ncp, kc, ap, bp, cs, alpha, accumulate) {
    const b = jsBuf
    for (let jr = 0; jr < ncp; jr += 4)
      for (let ir = 0; ir < mcp; ir += 4) micro4x4(b, kc, ap + ir * kc, bp + jr * kc, cs + ir * ncp + jr, ncp, alpha, accumulate)
  }
}

function micro4x4(b: Float64Array, kc: number, ao: number, bo: number, co: number, ldc: number, alpha: number, accumulate: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0
  for (let p = 0; p < kc; p++) {
    const a0 = b[ao], a1 = b[ao + 1], a2 = b[ao + 2], a3 = b[ao + 3]
    const b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3]
    ao += 4
    bo += 4
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3
  }
  if (!accumulate) {
    // = instead of +=: 0 + x is x, so the values equal accumulating into zeros
    b[co] = alpha * c00; b[co + 1] = alpha * c01; b[co + 2] = alpha * c02; b[co + 3] = alpha * c03
    co += ldc
    b[co] = alpha * c10; b[co + 1] = alpha * c11; b[co + 2] = alpha * c12; b[co + 3] = alpha * c13
    co += ldc
    b[co] = alpha * c20; b[co + 1] = alpha * c21; b[co + 2] = alpha * c22; b[co + 3] = alpha * c23
    co += ldc
    b[co] = alpha * c30; b[co + 1] = alpha * c31; b[co + 2] = alpha * c32; b[co + 3] = alpha * c33
    return
  }
  b[co] += alpha * c00; b[co + 1] += alpha * c01; b[co + 2] += alpha * c02; b[co + 3] += alpha * c03
  co += ldc
  b[co] += alpha * c10; b[co + 1] += alpha * c11; b[co + 2] += alpha * c12; b[co + 3] += alpha * c13
  co += ldc
  b[co] += alpha * c20; b[co + 1] += alpha * c21; b[co + 2] += alpha * c22; b[co + 3] += alpha * c23
  co += ldc
  b[co] += alpha * c30; b[co + 1] += alpha * c31; b[co + 2] += alpha * c32; b[co + 3] += alpha * c33
}

// ---- WebAssembly SIMD kernel: MR×4 block as MR×2 f64x2 accumulators ----
/**
 * macro(mcp, ncp, kc, ap, bp, cs, ldc, α) with byte addresses: for each 4-column panel jr and
 * MR-row panel ir, Cs[ir.., jr..] += α Σ_p a_p ⊗ b_p, a_p = MR packed values (splat one at a time),
 * b_p = 4 packed values (two f64x2). mcp % MR = 0, ncp % 4 = 0, kc ≥ 1. With `accumulate` false
 * (the function macroStore), Cs[ir.., jr..] = α Σ_p a_p ⊗ b_p: Cs is not read.
 */
function macroKernelDef(MR: number, accumulate: boolean): FuncDef {
  // params 0..7: mcp ncp kc ap bp cs ldc α ; i32 locals 8.. ; v128 locals after
  const [mcp, ncp, kc, apB, bpB, csB, ldc, alpha] = [0, 1, 2, 3, 4, 5, 6, 7]
  const [ir, jr, p, aPtr, bPtr, cPtr] = [8, 9, 10, 11, 12, 13]
  const acc = 14
  const va = acc + 2 * MR
  const vb0 = va + 1
  const vb1 = va + 2
  const body: number[][] = []
  const e = (...x: number[][]) => body.push(...x)
  e(I.i32(0), I.set(jr))
  e(I.block(), I.loop()) // columns
  e(I.get(jr), I.get(ncp), I.i32_ge_u(), I.br_if(1))
  e(I.i32(0), I.set(ir))
  e(I.block(), I.loop()) // rows
  e(I.get(ir), I.get(mcp), I.i32_ge_u(), I.br_if(1))
  // aPtr = ap + ir·kc·8, bPtr = bp + jr·kc·8
  e(I.get(apB), I.get(ir), I.get(kc), I.i32_mul(), I.i32(3), I.i32_shl(), I.i32_add(), I.set(aPtr))
  e(I.get(bpB), I.get(jr), I.get(kc), I.i32_mul(), I.i32(3), I.i32_shl(), I.i32_add(), I.set(bPtr))
  for (let r = 0; r < 2 * MR; r++) e(I.v128_zero(), I.set(acc + r))
  e(I.get(kc), I.set(p))
  e(I.loop()) // p = kc … 1
  e(I.get(bPtr), I.v128_load(0), I.set(vb0), I.get(bPtr), I.v128_load(16), I.set(vb1))
  for (let r = 0; r < MR; r++) {
    e(I.get(aPtr), I.v128_load64_splat(8 * r), I.set(va))
    e(I.get(acc + 2 * r), I.get(va), I.get(vb0), I.f64x2_mul(), I.f64x2_add(), I.set(acc + 2 * r))
    e(I.get(acc + 2 * r + 1), I.get(va), I.get(vb1), I.f64x2_mul(), I.f64x2_add(), I.set(acc + 2 * r + 1))
  }
  e(I.get(aPtr), I.i32(8 * MR), I.i32_add(), I.set(aPtr))
  e(I.get(bPtr), I.i32(32), I.i32_add(), I.set(bPtr))
  e(I.get(p), I.i32(1), I.i32_sub(), I.tee(p), I.br_if(0))
  e(I.end())
  // cPtr = cs + ir·ldc + jr·8; store MR rows of 4
  e(I.get(csB), I.get(ir), I.get(ldc), I.i32_mul(), I.i32_add(), I.get(jr), I.i32(3), I.i32_shl(), I.i32_add(), I.set(cPtr))
  e(I.get(alpha), I.f64x2_splat(), I.set(va))
  for (let r = 0; r < MR; r++) {
    if (accumulate) {
      e(I.get(cPtr), I.get(cPtr), I.v128_load(0), I.get(acc + 2 * r), I.get(va), I.f64x2_mul(), I.f64x2_add(), I.v128_store(0))
      e(I.get(cPtr), I.get(cPtr), I.v128_load(16), I.get(acc + 2 * r + 1), I.get(va), I.f64x2_mul(), I.f64x2_add(), I.v128_store(16))
    } else {
      e(I.get(cPtr), I.get(acc + 2 * r), I.get(va), I.f64x2_mul(), I.v128_store(0))
      e(I.get(cPtr), I.get(acc + 2 * r + 1), I.get(va), I.f64x2_mul(), I.v128_store(16))
    }
    e(I.get(cPtr), I.get(ldc), I.i32_add(), I.set(cPtr))
  }
  e(I.get(ir), I.i32(MR), I.i32_add(), I.set(ir), I.br(0), I.end(), I.end())
  e(I.get(jr), I.i32(NR), I.i32_add(), I.set(jr), I.br(0), I.end(), I.end())
  return {
    name: accumulate ? 'macro' : 'macroStore',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64'],
    locals: [...Array<'i32'>(6).fill('i32'), ...Array<'v128'>(2 * MR + 3).fill('v128')],
    body
  }
}

const gemmModule = lazyModule(() => assemble([macroKernelDef(MR_WASM, true), macroKernelDef(MR_WASM, false)], 1))

function makeWasmKernel(MR: number): Kernel | null {
  try {
    const mod = gemmModule()
    if (!mod) return null
    const memory = new WasmMemory(0, 0)
    const { macro, macroStore } = instantiate<{ macro: (...a: number[]) => void; macroStore: (...a: number[]) => void }>(mod, memory)
    let view = new Float64Array(memory.buffer)
    const kernel: Kernel = {
      mr: MR,
      buffer(doubles) {
        memory.ensure(doubles * 8)
        if (view.buffer !== memory.buffer) view = new Float64Array(memory.buffer)
        return view
      },
      macro(mcp, ncp, kc, ap, bp, cs, alpha, accumulate) {
        ;(accumulate ? macro : macroStore)(mcp, ncp, kc, ap * 8, bp * 8, cs * 8, ncp * 8, alpha)
      }
    }
    // self-check on an MR×3·3×4 product before trusting the kernel
    const buf = kernel.buffer(256)
    for (let i = 0; i < 256; i++) buf[i] = 0
    for (let i = 0; i < MR * 3; i++) buf[i] = i + 1
    for (let i = 0; i < 12; i++) buf[64 + i] = 1
    kernel.macro(MR, 4, 3, 0, 64, 128, 1, true)
    // Cs[0][0] = Σ_p a_p[0] · 1 = 1 + (MR+1) + (2MR+1)
    if (buf[128] !== 3 + 3 * MR) return null
    buf[128] = 99
    kernel.macro(MR, 4, 3, 0, 64, 128, 1, false)
    if (buf[128] !== 3 + 3 * MR) return null
    return kernel
  } catch {
    return null
  }
}

const wasm = makeWasmKernel(MR_WASM)
let backend: GemmBackend = wasm ? 'wasm-simd' : 'js'
