// The element-wise step of the latent fit between its matrix products: for one block of
// U = CF/√D and its pixels p,
//   E = f(U) − X,  X = 2p/255 − 1,   returns Σ E²,   U ← scale · E ⊙ f'(U).
// For f = tanh (the default, and the costly one: an exponential per entry) a WebAssembly SIMD
// kernel does two entries at a time with its own exp:
//   e^y = 2^k e^r, k = round(y/ln 2), r = y − k ln 2 (ln 2 in two parts, |r| ≤ ln2/2),
//   e^r by Taylor to degree 13 (truncation < 1e-17 relative), 2^k from the exponent bits;
//   k by the 1.5·2^52 rounding trick, whose low bits also hold k as an integer.
//   tanh u = 1 − 2/(e^{2u} + 1), 2u clamped to [−40, 40] (tanh = ±1 to double precision there).
// Other maps, or runtimes without SIMD, use the JS loops.
import { erf } from '@numeric/special/erf'
import { I, assemble, uleb, type FuncDef } from '@numeric/wasm/asm'
import { instantiate, lazyModule, WasmMemory } from '@numeric/wasm/instance'

export type ResidualMap = 'tanh' | 'erf' | 'linear'

/** x for pixel byte p: 2p/255 − 1 (MATH.md §4) */
export const PIXEL_TO_UNIT: Float64Array = Float64Array.from({ length: 256 }, (_, p) => (2 * p) / 255 - 1)

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI)

export interface Residual {
  /** workspace for one block of U (blockElements doubles); the matrix product writes U here */
  readonly U: Float64Array
  readonly kernel: 'wasm-simd' | 'js'
  /** E = f(U) − X for pixels[off, off + len); U ← scale·E⊙f'(U); returns Σ E² */
  run(pixels: Uint8Array, off: number, len: number, scale: number): number
}

/** A residual workspace of `blockElements` entries for the map f (`js` forces the JS loops). */
export function makeResidual(f: ResidualMap, blockElements: number, kernel: 'auto' | 'js' = 'auto'): Residual {
  if (f === 'tanh' && kernel === 'auto') {
    const w = wasmTanh(blockElements)
    if (w) return w
  }
  const U = new Float64Array(blockElements)
  return { U, kernel: 'js', run: (pixels, off, len, scale) => jsResidual(f, U, pixels, off, len, scale) }
}

/** The JS loops (also the reference the SIMD kernel is tested against). */
export function jsResidual(f: ResidualMap, U: Float64Array, pixels: Uint8Array, off: number, len: number, scale: number, from = 0): number {
  const X = PIXEL_TO_UNIT
  let sse = 0
  switch (f) {
    case 'tanh':
      // tanh u = 1 − 2/(e^{2u} + 1): absolute error ≤ 4e-16, twice as fast as Math.tanh in V8
      for (let i = from; i < len; i++) {
        const t = 1 - 2 / (Math.exp(2 * U[i]) + 1)
        const e = t - X[pixels[off + i]]
        sse += e * e
        U[i] = scale * e * (1 - t * t)
      }
      break
    case 'erf':
      // f(u) = erf(u/√2), f'(u) = √(2/π) e^{−u²/2}
      for (let i = from; i < len; i++) {
        const u = U[i]
        const e = erf(u * Math.SQRT1_2) - X[pixels[off + i]]
        sse += e * e
        U[i] = scale * e * SQRT_2_OVER_PI * Math.exp(-0.5 * u * u)
      }
      break
    case 'linear':
      for (let i = from; i < len; i++) {
        const e = U[i] - X[pixels[off + i]]
        sse += e * e
        U[i] = scale * e
      }
      break
  }
  return sse
}

// ---- WebAssembly SIMD tanh kernel ----
// memory: [0, 1024) constants (each as two equal lanes, 16 bytes), then U (f64), then pixels (u8)
const MAGIC = 6755399441055744 // 1.5·2^52
const CONST = {
  magic: 0, log2e: 1, ln2hi: 2, ln2lo: 3, lo: 4, hi: 5, one: 6, two: 7, pix: 8, bias: 9, coef: 10 // coef: 1/j!, j = 13 … 0
}
const U_OFFSET = 1024
const TAYLOR_DEGREE = 13

/** SIMD ops not in asm.ts (sub-opcodes from the WebAssembly SIMD spec). */
const S = {
  f64x2_sub: () => [0xfd, ...uleb(0xf1)],
  f64x2_div: () => [0xfd, ...uleb(0xf3)],
  f64x2_pmin: () => [0xfd, ...uleb(0xf6)],
  f64x2_pmax: () => [0xfd, ...uleb(0xf7)],
  f64x2_replace_lane: (l: number) => [0xfd, ...uleb(0x22), l],
  i64x2_sub: () => [0xfd, ...uleb(0xd1)],
  i64x2_shl: () => [0xfd, ...uleb(0xcb)],
  f64_convert_i32_u: () => [0xb8]
}

/** lanes pairs processed per loop iteration, interleaved so their dependency chains overlap */
const GROUPS = 2

function tanhKernelDef(): FuncDef {
  // params: up (U byte address), xp (pixel byte address), quads (iterations of 2·GROUPS entries), scale
  // result: Σ E²
  const [up, xp, iters, scale] = [0, 1, 2, 3]
  const acc = 4
  const vs = 5
  // per group g: y, kf, r, p, t, x, err at 6 + 7g …
  const L = (g: number, k: number) => 6 + 7 * g + k
  const [Y, KF, R, Pp, T, X, ERR] = [0, 1, 2, 3, 4, 5, 6]
  const c = (k: number) => [...I.i32(0), ...I.v128_load(16 * k)]
  const body: number[][] = []
  const e = (...x: number[][]) => body.push(...x)
  /** emit the same step for every group (g = lane pair at byte offset 16g of U, 2g of pixels) */
  const each = (step: (g: number) => number[][]) => {
    for (let g = 0; g < GROUPS; g++) body.push(...step(g))
  }
  e(I.v128_zero(), I.set(acc))
  e(I.get(scale), I.f64x2_splat(), I.set(vs))
  e(I.block(), I.get(iters), I.i32_eqz(), I.br_if(0))
  e(I.loop())
  // y = clamp(2u, −40, 40)
  each((g) => [I.get(up), I.v128_load(16 * g), c(CONST.two), I.f64x2_mul(), c(CONST.lo), S.f64x2_pmax(), c(CONST.hi), S.f64x2_pmin(), I.set(L(g, Y))])
  // kf = y·log2e + 1.5·2^52 (rounds to the nearest integer k); T = k as f64
  each((g) => [I.get(L(g, Y)), c(CONST.log2e), I.f64x2_mul(), c(CONST.magic), I.f64x2_add(), I.set(L(g, KF))])
  each((g) => [I.get(L(g, KF)), c(CONST.magic), S.f64x2_sub(), I.set(L(g, T))])
  // r = y − k ln2_hi − k ln2_lo
  each((g) => [I.get(L(g, Y)), I.get(L(g, T)), c(CONST.ln2hi), I.f64x2_mul(), S.f64x2_sub(), I.get(L(g, T)), c(CONST.ln2lo), I.f64x2_mul(), S.f64x2_sub(), I.set(L(g, R))])
  // p = Σ_j r^j/j! by Horner
  each((g) => [c(CONST.coef), I.set(L(g, Pp))])
  for (let j = 1; j <= TAYLOR_DEGREE; j++) each((g) => [I.get(L(g, Pp)), I.get(L(g, R)), I.f64x2_mul(), c(CONST.coef + j), I.f64x2_add(), I.set(L(g, Pp))])
  // e^y = p · 2^k, 2^k = bits((bits(kf) − (bits(MAGIC) − 1023)) << 52)
  each((g) => [I.get(L(g, Pp)), I.get(L(g, KF)), c(CONST.bias), S.i64x2_sub(), I.i32(52), S.i64x2_shl(), I.f64x2_mul(), I.set(L(g, Pp))])
  // t = 1 − 2/(e^{2u} + 1)
  each((g) => [c(CONST.one), c(CONST.two), I.get(L(g, Pp)), c(CONST.one), I.f64x2_add(), S.f64x2_div(), S.f64x2_sub(), I.set(L(g, T))])
  // x = 2p/255 − 1 for the two pixel bytes
  each((g) => [
    I.get(xp), I.i32_load8_u(2 * g), S.f64_convert_i32_u(), I.f64x2_splat(), I.get(xp), I.i32_load8_u(2 * g + 1), S.f64_convert_i32_u(), S.f64x2_replace_lane(1),
    c(CONST.pix), I.f64x2_mul(), c(CONST.one), S.f64x2_sub(), I.set(L(g, X))
  ])
  // err = t − x; acc += err²; U ← scale·err·(1 − t²)
  each((g) => [I.get(L(g, T)), I.get(L(g, X)), S.f64x2_sub(), I.set(L(g, ERR))])
  each((g) => [I.get(acc), I.get(L(g, ERR)), I.get(L(g, ERR)), I.f64x2_mul(), I.f64x2_add(), I.set(acc)])
  each((g) => [I.get(up), I.get(vs), I.get(L(g, ERR)), I.f64x2_mul(), c(CONST.one), I.get(L(g, T)), I.get(L(g, T)), I.f64x2_mul(), S.f64x2_sub(), I.f64x2_mul(), I.v128_store(16 * g)])
  e(I.get(up), I.i32(16 * GROUPS), I.i32_add(), I.set(up), I.get(xp), I.i32(2 * GROUPS), I.i32_add(), I.set(xp))
  e(I.get(iters), I.i32(1), I.i32_sub(), I.tee(iters), I.br_if(0))
  e(I.end(), I.end())
  e(I.get(acc), I.f64x2_extract_lane(0), I.get(acc), I.f64x2_extract_lane(1), I.f64_add())
  return { name: 'tanh', params: ['i32', 'i32', 'i32', 'f64'], result: 'f64', locals: Array<'v128'>(2 + 7 * GROUPS).fill('v128'), body }
}

const tanhModule = lazyModule(() => assemble([tanhKernelDef()], 1))

function wasmTanh(blockElements: number): Residual | null {
  try {
    const mod = tanhModule()
    if (!mod) return null
    const pxOffset = U_OFFSET + 8 * blockElements
    const memory = new WasmMemory(pxOffset + blockElements + 16, 0)
    const run = instantiate<{ tanh: (up: number, xp: number, pairs: number, scale: number) => number }>(mod, memory).tanh
    // constants, each in both lanes
    const f64 = new Float64Array(memory.buffer, 0, U_OFFSET / 8)
    const set = (k: number, v: number) => (f64[2 * k] = f64[2 * k + 1] = v)
    set(CONST.magic, MAGIC)
    set(CONST.log2e, Math.LOG2E)
    set(CONST.ln2hi, 6.93147180369123816490e-1) // fdlibm's split of ln 2
    set(CONST.ln2lo, 1.90821492927058770002e-10)
    set(CONST.lo, -40)
    set(CONST.hi, 40)
    set(CONST.one, 1)
    set(CONST.two, 2)
    set(CONST.pix, 2 / 255)
    const i64 = new BigInt64Array(memory.buffer, 0, U_OFFSET / 8)
    const magicBits = new BigInt64Array(new Float64Array([MAGIC]).buffer)[0]
    i64[2 * CONST.bias] = i64[2 * CONST.bias + 1] = magicBits - 1023n
    let fact = 1
    const inv = [1]
    for (let j = 1; j <= TAYLOR_DEGREE; j++) inv.push(1 / (fact *= j))
    for (let j = 0; j <= TAYLOR_DEGREE; j++) set(CONST.coef + j, inv[TAYLOR_DEGREE - j])
    const U = new Float64Array(memory.buffer, U_OFFSET, blockElements)
    const px = new Uint8Array(memory.buffer, pxOffset, blockElements)
    const residual: Residual = {
      U,
      kernel: 'wasm-simd',
      run(pixels, off, len, scale) {
        px.set(pixels.subarray(off, off + len))
        const step = 2 * GROUPS
        const done = len - (len % step)
        let sse = run(U_OFFSET, pxOffset, done / step, scale)
        if (done < len) sse += jsResidual('tanh', U, pixels, off, len, scale, done)
        return sse
      }
    }
    // self-check against the JS loop before trusting the kernel
    const n = Math.min(8, blockElements)
    if (n >= 4) {
      const probe = Float64Array.from({ length: n }, (_, i) => (i - 3.5) * 1.7)
      const pix = Uint8Array.from({ length: n }, (_, i) => i * 31)
      const ref = probe.slice()
      const sRef = jsResidual('tanh', ref, pix, 0, n, 0.5)
      U.set(probe)
      const s = residual.run(pix, 0, n, 0.5)
      if (!(Math.abs(s - sRef) < 1e-13) || ref.some((v, i) => !(Math.abs(v - U[i]) < 1e-14))) return null
    }
    return residual
  } catch {
    return null
  }
}
