// xoshiro256** and the ziggurat of random.ts as a WebAssembly kernel with native 64-bit integers
// (≈5× the JavaScript 32-bit-halves version). Same algorithm, same operation order, so the two
// give bit-identical outputs (tests/unit/hmm/random.test.ts checks it). exp and log, needed in
// the ziggurat's rare wedge/tail branch, are JavaScript's Math.exp/Math.log passed as imports.
import { assemble, I, type FuncDef, type ValType } from '@numeric/wasm/asm'
import { instantiate, lazyModule, WasmMemory } from '@numeric/wasm/instance'

/** byte offsets in the kernel's memory */
export const STATE = 0 // s0..s3, i64 little-endian
const KI_OFF = 64
const WI_OFF = KI_OFF + 256 * 8
const FI_OFF = WI_OFF + 256 * 8
export const OUT = 8192
/** doubles per call */
export const CHUNK = 8192

const MASK52 = (1n << 52n) - 1n
const TWO_M53 = 2 ** -53
const LOG = 0 // imported function indices
const EXP = 1

function build(r: number): Uint8Array {
  // locals: n(0) | s0..s3(1..4) r(5) t(6) i64 | i(7) idx(8) neg(9) i32 | rabs(10) x(11) xx(12) yy(13) u(14) f64
  const [n, s0, s1, s2, s3, rr, t, i, idx, neg, rabs, x, xx, yy, u] = [...Array(15).keys()]
  const locals: ValType[] = ['i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i32', 'i32', 'i32', 'f64', 'f64', 'f64', 'f64', 'f64']

  // rr = next(): rotl(s1·5, 7)·9, then the xoshiro256 linear step
  const next = (): number[][] => [
    I.get(s1), I.i64(5n), I.i64_mul(), I.i64(7n), I.i64_rotl(), I.i64(9n), I.i64_mul(), I.set(rr),
    I.get(s1), I.i64(17n), I.i64_shl(), I.set(t),
    I.get(s2), I.get(s0), I.i64_xor(), I.set(s2),
    I.get(s3), I.get(s1), I.i64_xor(), I.set(s3),
    I.get(s1), I.get(s2), I.i64_xor(), I.set(s1),
    I.get(s0), I.get(s3), I.i64_xor(), I.set(s0),
    I.get(s2), I.get(t), I.i64_xor(), I.set(s2),
    I.get(s3), I.i64(45n), I.i64_rotl(), I.set(s3)
  ]
  // u = (next >> 11)·2^−53
  const uniform = (): number[][] => [...next(), I.get(rr), I.i64(11n), I.i64_shr_u(), I.f64_convert_i64_u(), I.f64(TWO_M53), I.f64_mul(), I.set(u)]
  const loadState = (): number[][] => [0, 1, 2, 3].flatMap((k) => [I.i32(STATE), I.i64_load(8 * k), I.set(s0 + k)])
  const storeState = (): number[][] => [0, 1, 2, 3].flatMap((k) => [I.i32(STATE), I.get(s0 + k), I.i64_store(8 * k)])
  const tab = (off: number, extra = 0): number[][] => [I.get(idx), I.i32(8), I.i32_mul(), I.f64_load(off + extra)]

  const normals: number[][] = [
    ...loadState(),
    I.i32(0), I.set(i),
    I.block(), I.get(i), I.get(n), I.i32_ge_u(), I.br_if(0),
    I.loop(), // $main
    I.block(), // $store: leaves with x set
    ...next(),
    I.get(rr), I.i32_wrap_i64(), I.i32(0xff), I.i32_and(), I.set(idx),
    I.get(rr), I.i32_wrap_i64(), I.i32(8), I.i32_shr_u(), I.i32(1), I.i32_and(), I.set(neg),
    I.get(rr), I.i64(9n), I.i64_shr_u(), I.i64(MASK52), I.i64_and(), I.f64_convert_i64_u(), I.set(rabs),
    // fast path: rabs < ki[idx] ⇒ x = rabs·wi[idx]
    I.get(rabs), ...tab(KI_OFF), I.f64_lt(),
    I.if_(), I.get(rabs), ...tab(WI_OFF), I.f64_mul(), I.set(x), I.br(1), I.end(),
    // layer 0: the tail beyond r
    I.get(idx), I.i32_eqz(),
    I.if_(),
    I.loop(),
    ...uniform(), I.f64(1), I.get(u), I.f64_sub(), I.call(LOG), I.f64_neg(), I.f64(r), I.f64_div(), I.set(xx),
    ...uniform(), I.f64(1), I.get(u), I.f64_sub(), I.call(LOG), I.f64_neg(), I.set(yy),
    I.get(yy), I.get(yy), I.f64_add(), I.get(xx), I.get(xx), I.f64_mul(), I.f64_gt(),
    I.if_(), I.f64(r), I.get(xx), I.f64_add(), I.set(x), I.br(3), I.end(),
    I.br(0),
    I.end(),
    I.end(),
    // wedge: y = f(x_idx) + U·(f(x_{idx+1}) − f(x_idx)) < exp(−x²/2)
    I.get(rabs), ...tab(WI_OFF), I.f64_mul(), I.set(x),
    ...uniform(),
    ...tab(FI_OFF), I.get(u), ...tab(FI_OFF, 8), ...tab(FI_OFF), I.f64_sub(), I.f64_mul(), I.f64_add(),
    I.f64(-0.5), I.get(x), I.f64_mul(), I.get(x), I.f64_mul(), I.call(EXP), I.f64_lt(),
    I.br_if(0),
    I.br(1), // rejected: draw again
    I.end(), // $store
    I.i32(OUT), I.get(i), I.i32(8), I.i32_mul(), I.i32_add(),
    I.get(x), I.f64_neg(), I.get(x), I.get(neg), I.select(),
    I.f64_store(),
    I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(n), I.i32_lt_u(), I.br_if(0),
    I.end(), // $main
    I.end(),
    ...storeState()
  ]
  const uniforms: number[][] = [
    ...loadState(),
    I.i32(0), I.set(i),
    I.block(), I.get(i), I.get(n), I.i32_ge_u(), I.br_if(0),
    I.loop(),
    ...uniform(),
    I.i32(OUT), I.get(i), I.i32(8), I.i32_mul(), I.i32_add(), I.get(u), I.f64_store(),
    I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(n), I.i32_lt_u(), I.br_if(0),
    I.end(),
    I.end(),
    ...storeState()
  ]
  const defs: FuncDef[] = [
    { name: 'normals', params: ['i32'], locals, body: normals },
    { name: 'uniforms', params: ['i32'], locals, body: uniforms }
  ]
  return assemble(defs, 1, [
    { name: 'log', params: ['f64'], result: 'f64' },
    { name: 'exp', params: ['f64'], result: 'f64' }
  ])
}

export interface RandomKernel {
  normals(n: number): void
  uniforms(n: number): void
  /** the state as int32 words lo0, hi0, lo1, hi1, … */
  state: Int32Array
  out: Float64Array
}

/** Instantiate the kernel with the ziggurat tables (one per thread; Rng objects share it). */
export function randomKernel(tables: { r: number; ki: Float64Array; wi: Float64Array; fi: Float64Array }): RandomKernel {
  const mem = new WasmMemory(OUT + CHUNK * 8, 0)
  const mod = lazyModule(() => build(tables.r))()
  if (!mod) throw new Error('the random kernel needs WebAssembly')
  const ex = instantiate<{ normals(n: number): void; uniforms(n: number): void }>(mod, mem, { log: Math.log, exp: Math.exp })
  const buf = mem.buffer
  new Float64Array(buf, KI_OFF, 256).set(tables.ki)
  new Float64Array(buf, WI_OFF, 256).set(tables.wi)
  new Float64Array(buf, FI_OFF, 257).set(tables.fi)
  return { normals: ex.normals, uniforms: ex.uniforms, state: new Int32Array(buf, STATE, 8), out: new Float64Array(buf, OUT, CHUNK) }
}
