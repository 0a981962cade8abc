// Symmetric matrix–vector product y ← A x from the upper triangle only, the memory-bound half of
// the Householder tridiagonalisation (LAPACK's dsymv inside dlatrd). A is m×m inside a row-major
// array with leading dimension lda; only A[r][c], c ≥ r, is read. One pass over each row r does
//   y_r += A_rr x_r + Σ_{c>r} A_rc x_c     (a dot product)
//   y_c += A_rc x_r        for c > r        (an axpy)
// so the triangle (m²/2 entries) is read once. Kernels: WebAssembly SIMD (f64x2, emitted by
// ../wasm/asm.ts) working on a memory the caller owns, and plain JS (fallback, test reference);
// beside it the panel's row-combination kernels (axpyRows, dotRows) on the same memory.
import { I, assemble, type FuncDef } from '@numeric/wasm/asm'
import { instantiate, lazyModule, WasmMemory } from '@numeric/wasm/instance'

/** y[0:m) = A x with A upper-stored (plain JS). Offsets are element indices into the arrays. */
export function symvUpperJs(m: number, H: Float64Array, a0: number, lda: number, x: Float64Array, x0: number, y: Float64Array, y0: number): void {
  for (let c = 0; c < m; c++) y[y0 + c] = 0
  for (let r = 0; r < m; r++) {
    const row = a0 + r * lda
    const xr = x[x0 + r]
    let s = H[row + r] * xr
    for (let c = r + 1; c < m; c++) {
      const a = H[row + c]
      s += a * x[x0 + c]
      y[y0 + c] += a * xr
    }
    y[y0 + r] += s
  }
}

/**
 * symv(m, a, lda, x, y): byte addresses a, x, y in the module's memory, lda in bytes; y must be
 * zero on entry. Four columns a step as two f64x2, then a pair, then a scalar tail.
 */
function symvDef(): FuncDef {
  const [m, a, lda, x, y] = [0, 1, 2, 3, 4]
  const [r, pa, px, py, cnt] = [5, 6, 7, 8, 9]
  const [xr, s, t] = [10, 11, 12]
  const [vx, vs, va, vs2, va2] = [13, 14, 15, 16, 17]
  const body: number[][] = []
  const e = (...b: number[][]) => body.push(...b)
  e(I.i32(0), I.set(r))
  e(I.block(), I.loop())
  e(I.get(r), I.get(m), I.i32_ge_u(), I.br_if(1))
  // pa = a + r·lda + r·8 (the diagonal entry)
  e(I.get(a), I.get(r), I.get(lda), I.i32_mul(), I.i32_add(), I.get(r), I.i32(3), I.i32_shl(), I.i32_add(), I.set(pa))
  e(I.get(x), I.get(r), I.i32(3), I.i32_shl(), I.i32_add(), I.tee(px), I.f64_load(0), I.set(xr))
  e(I.get(pa), I.f64_load(0), I.get(xr), I.f64_mul(), I.set(s))
  e(I.get(xr), I.f64x2_splat(), I.set(vx), I.v128_zero(), I.set(vs))
  e(I.get(y), I.get(r), I.i32(3), I.i32_shl(), I.i32_add(), I.set(py))
  e(I.get(pa), I.i32(8), I.i32_add(), I.set(pa), I.get(px), I.i32(8), I.i32_add(), I.set(px), I.get(py), I.i32(8), I.i32_add(), I.set(py))
  e(I.get(m), I.get(r), I.i32_sub(), I.i32(1), I.i32_sub(), I.set(cnt))
  // four columns a step with two dot accumulators (one would serialise on the add latency)
  e(I.v128_zero(), I.set(vs2))
  e(I.block(), I.loop())
  e(I.get(cnt), I.i32(4), I.i32_lt_u(), I.br_if(1))
  e(I.get(pa), I.v128_load(0), I.set(va))
  e(I.get(pa), I.v128_load(16), I.set(va2))
  e(I.get(vs), I.get(va), I.get(px), I.v128_load(0), I.f64x2_mul(), I.f64x2_add(), I.set(vs))
  e(I.get(vs2), I.get(va2), I.get(px), I.v128_load(16), I.f64x2_mul(), I.f64x2_add(), I.set(vs2))
  e(I.get(py), I.get(py), I.v128_load(0), I.get(va), I.get(vx), I.f64x2_mul(), I.f64x2_add(), I.v128_store(0))
  e(I.get(py), I.get(py), I.v128_load(16), I.get(va2), I.get(vx), I.f64x2_mul(), I.f64x2_add(), I.v128_store(16))
  e(I.get(pa), I.i32(32), I.i32_add(), I.set(pa), I.get(px), I.i32(32), I.i32_add(), I.set(px), I.get(py), I.i32(32), I.i32_add(), I.set(py))
  e(I.get(cnt), I.i32(4), I.i32_sub(), I.set(cnt), I.br(0))
  e(I.end(), I.end())
  e(I.get(vs), I.get(vs2), I.f64x2_add(), I.set(vs))
  e(I.block(), I.loop())
  e(I.get(cnt), I.i32(2), I.i32_lt_u(), I.br_if(1))
  e(I.get(pa), I.v128_load(0), I.set(va))
  e(I.get(vs), I.get(va), I.get(px), I.v128_load(0), I.f64x2_mul(), I.f64x2_add(), I.set(vs))
  e(I.get(py), I.get(py), I.v128_load(0), I.get(va), I.get(vx), I.f64x2_mul(), I.f64x2_add(), I.v128_store(0))
  e(I.get(pa), I.i32(16), I.i32_add(), I.set(pa), I.get(px), I.i32(16), I.i32_add(), I.set(px), I.get(py), I.i32(16), I.i32_add(), I.set(py))
  e(I.get(cnt), I.i32(2), I.i32_sub(), I.set(cnt), I.br(0))
  e(I.end(), I.end())
  e(I.get(cnt), I.if_())
  e(I.get(pa), I.f64_load(0), I.set(t))
  e(I.get(s), I.get(t), I.get(px), I.f64_load(0), I.f64_mul(), I.f64_add(), I.set(s))
  e(I.get(py), I.get(py), I.f64_load(0), I.get(t), I.get(xr), I.f64_mul(), I.f64_add(), I.f64_store(0))
  e(I.end())
  e(I.get(s), I.get(vs), I.f64x2_extract_lane(0), I.f64_add(), I.get(vs), I.f64x2_extract_lane(1), I.f64_add(), I.set(s))
  // y_r += s
  e(I.get(y), I.get(r), I.i32(3), I.i32_shl(), I.i32_add(), I.tee(py), I.get(py), I.f64_load(0), I.get(s), I.f64_add(), I.f64_store(0))
  e(I.get(r), I.i32(1), I.i32_add(), I.set(r), I.br(0))
  e(I.end(), I.end())
  return { name: 'symv', params: ['i32', 'i32', 'i32', 'i32', 'i32'], locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'f64', 'f64', 'v128', 'v128', 'v128', 'v128', 'v128'], body }
}

/**
 * axpyRows(len, dst, M, ldm, coef, cnt): dst[0:len) += Σ_{q<cnt} coef_q M[q][0:len) (byte
 * addresses, ldm in bytes) — the panel updates of the blocked reduction (V Wᵀ-type products).
 */
function axpyRowsDef(): FuncDef {
  const [len, dst, M, ldm, coef, cnt] = [0, 1, 2, 3, 4, 5]
  const [q, pm, pd, c] = [6, 7, 8, 9]
  const [a] = [10]
  const [va] = [11]
  const body: number[][] = []
  const e = (...b: number[][]) => body.push(...b)
  e(I.i32(0), I.set(q))
  e(I.block(), I.loop())
  e(I.get(q), I.get(cnt), I.i32_ge_u(), I.br_if(1))
  e(I.get(coef), I.get(q), I.i32(3), I.i32_shl(), I.i32_add(), I.f64_load(0), I.tee(a), I.f64x2_splat(), I.set(va))
  e(I.get(M), I.get(q), I.get(ldm), I.i32_mul(), I.i32_add(), I.set(pm))
  e(I.get(dst), I.set(pd), I.get(len), I.set(c))
  e(I.block(), I.loop())
  e(I.get(c), I.i32(2), I.i32_lt_u(), I.br_if(1))
  e(I.get(pd), I.get(pd), I.v128_load(0), I.get(pm), I.v128_load(0), I.get(va), I.f64x2_mul(), I.f64x2_add(), I.v128_store(0))
  e(I.get(pd), I.i32(16), I.i32_add(), I.set(pd), I.get(pm), I.i32(16), I.i32_add(), I.set(pm))
  e(I.get(c), I.i32(2), I.i32_sub(), I.set(c), I.br(0))
  e(I.end(), I.end())
  e(I.get(c), I.if_())
  e(I.get(pd), I.get(pd), I.f64_load(0), I.get(pm), I.f64_load(0), I.get(a), I.f64_mul(), I.f64_add(), I.f64_store(0))
  e(I.end())
  e(I.get(q), I.i32(1), I.i32_add(), I.set(q), I.br(0))
  e(I.end(), I.end())
  return { name: 'axpyRows', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], locals: ['i32', 'i32', 'i32', 'i32', 'f64', 'v128'], body }
}

/** dotRows(len, x, M, ldm, cnt, out): out_q = M[q][0:len) · x[0:len) for q < cnt (byte addresses). */
function dotRowsDef(): FuncDef {
  const [len, x, M, ldm, cnt, out] = [0, 1, 2, 3, 4, 5]
  const [q, pm, px, c] = [6, 7, 8, 9]
  const [s] = [10]
  const [vs] = [11]
  const body: number[][] = []
  const e = (...b: number[][]) => body.push(...b)
  e(I.i32(0), I.set(q))
  e(I.block(), I.loop())
  e(I.get(q), I.get(cnt), I.i32_ge_u(), I.br_if(1))
  e(I.get(M), I.get(q), I.get(ldm), I.i32_mul(), I.i32_add(), I.set(pm))
  e(I.get(x), I.set(px), I.get(len), I.set(c), I.v128_zero(), I.set(vs), I.f64(0), I.set(s))
  e(I.block(), I.loop())
  e(I.get(c), I.i32(2), I.i32_lt_u(), I.br_if(1))
  e(I.get(vs), I.get(pm), I.v128_load(0), I.get(px), I.v128_load(0), I.f64x2_mul(), I.f64x2_add(), I.set(vs))
  e(I.get(px), I.i32(16), I.i32_add(), I.set(px), I.get(pm), I.i32(16), I.i32_add(), I.set(pm))
  e(I.get(c), I.i32(2), I.i32_sub(), I.set(c), I.br(0))
  e(I.end(), I.end())
  e(I.get(c), I.if_(), I.get(pm), I.f64_load(0), I.get(px), I.f64_load(0), I.f64_mul(), I.set(s), I.end())
  e(I.get(out), I.get(q), I.i32(3), I.i32_shl(), I.i32_add())
  e(I.get(s), I.get(vs), I.f64x2_extract_lane(0), I.f64_add(), I.get(vs), I.f64x2_extract_lane(1), I.f64_add(), I.f64_store(0))
  e(I.get(q), I.i32(1), I.i32_add(), I.set(q), I.br(0))
  e(I.end(), I.end())
  return { name: 'dotRows', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], locals: ['i32', 'i32', 'i32', 'i32', 'f64', 'v128'], body }
}

/** A WebAssembly memory of at least `doubles` entries with the SIMD kernels bound to it. */
export interface SymvMemory {
  /** the memory as doubles (element i at byte 8i) */
  H: Float64Array
  /** y[y0:y0+m) = A x, A at element a0 with leading dimension lda, x at x0 (element indices in H) */
  symv(m: number, a0: number, lda: number, x0: number, y0: number): void
  /** H[d0 : d0+len) += Σ_{q<cnt} H[c0+q] · H[m0 + q·ldm : … + len) */
  axpyRows(len: number, d0: number, m0: number, ldm: number, c0: number, cnt: number): void
  /** H[o0+q] = H[m0 + q·ldm : … + len) · H[x0 : x0+len) for q < cnt */
  dotRows(len: number, x0: number, m0: number, ldm: number, cnt: number, o0: number): void
}

const symvModule = lazyModule(() => assemble([symvDef(), axpyRowsDef(), dotRowsDef()], 1))

interface SymvExports {
  symv(m: number, a: number, lda: number, x: number, y: number): void
  axpyRows(len: number, d: number, M: number, ldm: number, coef: number, cnt: number): void
  dotRows(len: number, x: number, M: number, ldm: number, cnt: number, out: number): void
}

/** A fresh memory for one decomposition (freed with it), or null without WebAssembly SIMD. */
export function symvMemory(doubles: number): SymvMemory | null {
  const mod = symvModule()
  if (!mod) return null
  try {
    const memory = new WasmMemory(doubles * 8, 0)
    const k = instantiate<SymvExports>(mod, memory)
    const H = memory.f64(0, doubles)
    return {
      H,
      symv(m, a0, lda, x0, y0) {
        H.fill(0, y0, y0 + m)
        k.symv(m, a0 * 8, lda * 8, x0 * 8, y0 * 8)
      },
      axpyRows(len, d0, m0, ldm, c0, cnt) {
        k.axpyRows(len, d0 * 8, m0 * 8, ldm * 8, c0 * 8, cnt)
      },
      dotRows(len, x0, m0, ldm, cnt, o0) {
        k.dotRows(len, x0 * 8, m0 * 8, ldm * 8, cnt, o0 * 8)
      }
    }
  } catch {
    // no room for the memory: the caller falls back to JS
    return null
  }
}
