// Dot products between groups of four rows ("quads"), the inner kernel of the brute-force
// k-nearest-neighbour search (knn.ts). A quad of four rows of length d is stored interleaved,
// element t of row r at [4t + r], so one 32-byte load gives the four rows' t-th entries.
//
//   dots(x, y, yEnd, d, out): for the X quad at x and each Y quad q in [y, yEnd),
//     out[16·q' + 4c + r] = Σ_t X_r[t] · Y_c[t]          (q' = index of q within the call)
//
// The kernel is WebAssembly SIMD (f64x2, 8 accumulators = a 4×4 register tile), hand-assembled
// with ../wasm/asm.ts; a plain-JS kernel with the same summation order stands in where SIMD is
// missing. Both add the products in increasing t, so they agree bit for bit.
import { I, assemble, type FuncDef } from '@numeric/wasm/asm'
import { instantiate, lazyModule, WasmMemory } from '@numeric/wasm/instance'

/** bytes of one quad of rows of length d */
export const quadBytes = (d: number) => 32 * d

// params
const X = 0, Y = 1, YEND = 2, QB = 3, OUT = 4
// locals
const P = 5, Q = 6, E = 7, ACC = 8, X01 = 16, X23 = 17, YC = 18

/** the kernel; QB = 32·d bytes per quad. Requires y < yEnd and d ≥ 1 (loops are do-while). */
function dotsKernel(): FuncDef {
  const body: number[][] = []
  body.push(I.loop()) // over Y quads
  for (let a = 0; a < 8; a++) body.push(I.v128_zero(), I.set(ACC + a))
  body.push(I.get(X), I.set(P), I.get(Y), I.set(Q), I.get(X), I.get(QB), I.i32_add(), I.set(E))
  body.push(I.loop()) // over t: acc[2c] += (x0,x1)·y_c, acc[2c+1] += (x2,x3)·y_c
  body.push(I.get(P), I.v128_load(0), I.set(X01), I.get(P), I.v128_load(16), I.set(X23))
  for (let c = 0; c < 4; c++) {
    body.push(I.get(Q), I.v128_load64_splat(8 * c), I.set(YC))
    body.push(I.get(ACC + 2 * c), I.get(X01), I.get(YC), I.f64x2_mul(), I.f64x2_add(), I.set(ACC + 2 * c))
    body.push(I.get(ACC + 2 * c + 1), I.get(X23), I.get(YC), I.f64x2_mul(), I.f64x2_add(), I.set(ACC + 2 * c + 1))
  }
  body.push(I.get(P), I.i32(32), I.i32_add(), I.tee(P))
  body.push(I.get(Q), I.i32(32), I.i32_add(), I.set(Q))
  body.push(I.get(E), I.i32_lt_u(), I.br_if(0), I.end())
  // out[4c + r]: acc[2c] holds rows 0,1 of column c, acc[2c+1] rows 2,3
  for (let a = 0; a < 8; a++) body.push(I.get(OUT), I.get(ACC + a), I.v128_store(16 * a))
  body.push(I.get(OUT), I.i32(128), I.i32_add(), I.set(OUT))
  body.push(I.get(Q), I.tee(Y), I.get(YEND), I.i32_lt_u(), I.br_if(0), I.end())
  return {
    name: 'dots',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', ...new Array<'v128'>(11).fill('v128')],
    body
  }
}

/** Memory + kernel. Offsets are in bytes (multiples of 8). */
export interface QuadDots {
  readonly memory: WebAssembly.Memory
  /** a fresh Float64Array view (the buffer changes when memory grows) */
  view(): Float64Array
  /** make the memory at least `bytes` long */
  reserve(bytes: number): void
  dots(x: number, y: number, yEnd: number, d: number, out: number): void
  readonly simd: boolean
}

const compiled = lazyModule(() => assemble([dotsKernel()]))

/** The same kernel in JS (reference and fallback): identical summation order. */
export function dotsJs(F: Float64Array, x: number, y: number, yEnd: number, d: number, out: number): void {
  const d4 = 4 * d
  for (let q = y; q < yEnd; q += d4, out += 16) {
    let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0
    let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0
    for (let p = x, b = q, e = x + d4; p < e; p += 4, b += 4) {
      const x0 = F[p], x1 = F[p + 1], x2 = F[p + 2], x3 = F[p + 3]
      let yc = F[b]
      s00 += x0 * yc; s10 += x1 * yc; s20 += x2 * yc; s30 += x3 * yc
      yc = F[b + 1]
      s01 += x0 * yc; s11 += x1 * yc; s21 += x2 * yc; s31 += x3 * yc
      yc = F[b + 2]
      s02 += x0 * yc; s12 += x1 * yc; s22 += x2 * yc; s32 += x3 * yc
      yc = F[b + 3]
      s03 += x0 * yc; s13 += x1 * yc; s23 += x2 * yc; s33 += x3 * yc
    }
    F[out] = s00; F[out + 1] = s10; F[out + 2] = s20; F[out + 3] = s30
    F[out + 4] = s01; F[out + 5] = s11; F[out + 6] = s21; F[out + 7] = s31
    F[out + 8] = s02; F[out + 9] = s12; F[out + 10] = s22; F[out + 11] = s32
    F[out + 12] = s03; F[out + 13] = s13; F[out + 14] = s23; F[out + 15] = s33
  }
}

/** A kernel over its own memory; `preferJs` forces the JS kernel (tests, benchmarks). */
export function createQuadDots(preferJs = false): QuadDots {
  const wm = new WasmMemory(0, 0)
  const memory = wm.memory
  const mod = preferJs ? null : compiled()
  if (mod) {
    const kernel = instantiate<{ dots: (x: number, y: number, yEnd: number, qb: number, out: number) => void }>(mod, wm).dots
    return {
      memory,
      simd: true,
      view: () => new Float64Array(memory.buffer),
      reserve: (bytes) => wm.ensure(bytes),
      dots: (x, y, yEnd, d, out) => kernel(x, y, yEnd, quadBytes(d), out)
    }
  }
  let F = new Float64Array(memory.buffer)
  return {
    memory,
    simd: false,
    view: () => new Float64Array(memory.buffer),
    reserve: (bytes) => wm.ensure(bytes),
    dots: (x, y, yEnd, d, out) => {
      if (F.buffer !== memory.buffer) F = new Float64Array(memory.buffer)
      dotsJs(F, x / 8, y / 8, yEnd / 8, d, out / 8)
    }
  }
}
