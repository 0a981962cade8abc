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
/** the rare branch's inputs left by fast(): idx (i32), neg (i32), rabs (f64) */
const RARE = 32
export const OUT = 8192
/** doubles per call */
export const CHUNK = 8192

const MASK52 = (1n << 52n) - 1n
const SIGN = -(1n << 63n) // bit 63
const TWO_M53 = 2 ** -53
const LOG = 0 // imported function indices
const EXP = 1

/** local indices of the generator's state s0..s3, its output rr, the scratch t (i64) and the uniform u (f64) */
interface GenLocals {
  s0: number
  s1: number
  s2: number
  s3: number
  rr: number
  t: number
  u: number
}

/** the generator's code over the locals L */
function generator(L: GenLocals) {
  const { s0, s1, s2, s3, rr, t, u } = L
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
  return { next, uniform, loadState, storeState }
}

/**
 * The module: normals(n) and uniforms(n) into OUT. normals alternates fast(n, i), the ziggurat's
 * fast path, and slow(idx, rabs), its rare branch (the wedge of layer idx ≥ 1, the tail beyond r
 * for idx = 0); the state goes through memory (STATE) between them, so the stream is the one of
 * drawing inline. fast's loop has no call (log and exp there cost its fast path ~20 %: registers
 * saved around calls) and no select (compiled to a branch on the random sign: ~45 %); 3.6 ns a
 * normal where it was 8 (x86-64, Node 20).
 */
function build(r: number): Uint8Array {
  // fast/uniforms locals: n(0) i(1) i32 | s0..s3(2..5) r(6) t(7) i64 | idx(8) i32 | rabs(9) u(10) f64
  const [n, i, s0, s1, s2, s3, rr, t, idx, rabs, u] = [...Array(11).keys()]
  const locals: ValType[] = ['i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i32', 'f64', 'f64']
  const G = generator({ s0, s1, s2, s3, rr, t, u })
  const tab = (at: number, off: number, extra = 0): number[][] => [I.get(at), I.i32(8), I.i32_mul(), I.f64_load(off + extra)]
  const SLOW = 4 // log, exp, normals, uniforms, slow, fast
  const FAST = 5

  // fast(n, i) → the position where it stopped: normals from i on while the fast path accepts;
  // at the first draw that needs the rare branch it stores the state, idx, neg, rabs (RARE) and
  // returns its position (n when all are done).
  const fast: number[][] = [
    ...G.loadState(),
    I.block(), I.get(i), I.get(n), I.i32_ge_u(), I.br_if(0),
    I.loop(), // $main
    ...G.next(),
    I.get(rr), I.i32_wrap_i64(), I.i32(0xff), I.i32_and(), I.set(idx),
    I.get(rr), I.i64(9n), I.i64_shr_u(), I.i64(MASK52), I.i64_and(), I.f64_convert_i64_u(), I.set(rabs),
    // fast path: rabs < ki[idx] ⇒ x = rabs·wi[idx]; else leave for the rare branch
    I.get(rabs), ...tab(idx, KI_OFF), I.f64_lt(), I.i32_eqz(),
    I.if_(),
    I.i32(RARE), I.get(idx), I.i32_store(0),
    I.i32(RARE), I.get(rr), I.i32_wrap_i64(), I.i32(8), I.i32_shr_u(), I.i32(1), I.i32_and(), I.i32_store(4),
    I.i32(RARE), I.get(rabs), I.f64_store(8),
    I.br(2),
    I.end(),
    // x = ±rabs·wi[idx], the sign bit 8 of the draw moved to bit 63 (no branch: a select here
    // compiled to one, mispredicted half the time, and took half the kernel's time)
    I.i32(OUT), I.get(i), I.i32(8), I.i32_mul(), I.i32_add(),
    I.get(rabs), ...tab(idx, WI_OFF), I.f64_mul(), I.i64_reinterpret_f64(),
    I.get(rr), I.i64(55n), I.i64_shl(), I.i64(SIGN), I.i64_and(), I.i64_xor(), I.f64_reinterpret_i64(),
    I.f64_store(),
    I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(n), I.i32_lt_u(), I.br_if(0),
    I.end(), // $main
    I.end(),
    ...G.storeState(),
    I.get(i)
  ]
  // normals(n): fast runs, and between them the rare branch x = slow(idx, rabs) (NaN: rejected,
  // the same position draws again). locals: n(0) | i(1) i32 | x(2) f64
  const [nn, ni, nx] = [0, 1, 2]
  const normals: number[][] = [
    I.i32(0), I.set(ni),
    I.loop(),
    I.get(nn), I.get(ni), I.call(FAST), I.tee(ni), I.get(nn), I.i32_lt_u(),
    I.if_(),
    I.i32(RARE), I.i32_load(0), I.i32(RARE), I.f64_load(8), I.call(SLOW), I.set(nx),
    I.get(nx), I.get(nx), I.f64_eq(),
    I.if_(),
    I.i32(OUT), I.get(ni), I.i32(8), I.i32_mul(), I.i32_add(),
    I.get(nx), I.f64_neg(), I.get(nx), I.i32(RARE), I.i32_load(4), I.select(),
    I.f64_store(),
    I.get(ni), I.i32(1), I.i32_add(), I.set(ni),
    I.end(),
    I.br(1),
    I.end(),
    I.end()
  ]
  const uniforms: number[][] = [
    ...G.loadState(),
    I.i32(0), I.set(i),
    I.block(), I.get(i), I.get(n), I.i32_ge_u(), I.br_if(0),
    I.loop(),
    ...G.uniform(),
    I.i32(OUT), I.get(i), I.i32(8), I.i32_mul(), I.i32_add(), I.get(u), I.f64_store(),
    I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(n), I.i32_lt_u(), I.br_if(0),
    I.end(),
    I.end(),
    ...G.storeState()
  ]

  // slow(idx, rabs) → x, or NaN where the point is rejected; the state in and out through STATE
  // locals: idx(0) i32, rabs(1) f64 | s0..s3(2..5) rr(6) t(7) i64 | x(8) xx(9) yy(10) u(11) f64
  const [sIdx, sRabs, q0, q1, q2, q3, qr, qt, sx, xx, yy, su] = [...Array(12).keys()]
  const H = generator({ s0: q0, s1: q1, s2: q2, s3: q3, rr: qr, t: qt, u: su })
  const slow: number[][] = [
    ...H.loadState(),
    I.get(sIdx), I.i32_eqz(),
    I.if_(),
    // layer 0: the tail beyond r (Marsaglia 1964): x = −ln(U1)/r, y = −ln(U2), accept if 2y > x²
    I.loop(),
    ...H.uniform(), I.f64(1), I.get(su), I.f64_sub(), I.call(LOG), I.f64_neg(), I.f64(r), I.f64_div(), I.set(xx),
    ...H.uniform(), I.f64(1), I.get(su), I.f64_sub(), I.call(LOG), I.f64_neg(), I.set(yy),
    I.get(yy), I.get(yy), I.f64_add(), I.get(xx), I.get(xx), I.f64_mul(), I.f64_gt(),
    I.if_(), ...H.storeState(), I.f64(r), I.get(xx), I.f64_add(), I.return_(), I.end(),
    I.br(0),
    I.end(),
    I.end(),
    // wedge: y = f(x_idx) + U·(f(x_{idx+1}) − f(x_idx)) < exp(−x²/2)
    I.get(sRabs), ...tab(sIdx, WI_OFF), I.f64_mul(), I.set(sx),
    ...H.uniform(),
    ...H.storeState(),
    I.get(sx), I.f64(NaN),
    ...tab(sIdx, FI_OFF), I.get(su), ...tab(sIdx, FI_OFF, 8), ...tab(sIdx, FI_OFF), I.f64_sub(), I.f64_mul(), I.f64_add(),
    I.f64(-0.5), I.get(sx), I.f64_mul(), I.get(sx), I.f64_mul(), I.call(EXP), I.f64_lt(),
    I.select()
  ]
  const defs: FuncDef[] = [
    { name: 'normals', params: ['i32'], locals: ['i32', 'f64'], body: normals },
    { name: 'uniforms', params: ['i32'], locals: ['i32', ...locals], body: uniforms },
    { name: 'slow', params: ['i32', 'f64'], result: 'f64', locals: ['i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'f64', 'f64', 'f64', 'f64'], body: slow },
    { name: 'fast', params: ['i32', 'i32'], result: 'i32', locals, body: fast }
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
