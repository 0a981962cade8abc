// WebAssembly SIMD kernels of the SGD engine, emitted as bytes by @numeric/wasm/asm at load time
// (no toolchain, no binary blob in the repo). Float32 lanes: f32x4 mul + add (no FMA in
// baseline WebAssembly SIMD, so results are the same on every machine).
import { assemble, I, type FuncDef, type ValType } from '@numeric/wasm/asm'
import { instantiate, lazyModule, WasmMemory } from '@numeric/wasm/instance'
import { gemmF32Def, packRowsDef } from '@numeric/linalg/gemmF32'
import { FAST_ERF_TABLE } from '@numeric/special/fastErf'

// the Float32 gemm micro-kernel lives with the linear algebra; this module instantiates it with the SGD's other kernels
export { MR, NR, STRIP } from '@numeric/linalg/gemmF32'

/**
 * peak(n): 12 independent chains a ← a·x + x of f32x4 mul + add, n iterations: the throughput
 * ceiling of (non-FMA) WebAssembly SIMD on this machine. Returns a lane so nothing is dead code.
 */
function peakDef(): FuncDef {
  const CH = 12
  const n = 0, i = 1, x = 2
  const acc = Array.from({ length: CH }, (_, k) => 3 + k)
  const f32 = (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)]
  const body: number[][] = []
  const e = (...z: number[][]) => body.push(...z)
  e(f32(0.9999999), I.f32x4_splat(), I.set(x))
  for (const a of acc) e(f32(1), I.f32x4_splat(), I.set(a))
  e(I.loop())
  for (const a of acc) e(I.get(a), I.get(x), I.f32x4_mul(), I.get(x), I.f32x4_add(), I.set(a))
  e(I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(n), I.i32_lt_u(), I.br_if(0), I.end())
  for (const a of acc.slice(1)) e(I.get(acc[0]), I.get(a), I.f32x4_add(), I.set(acc[0]))
  e(I.get(acc[0]), I.f32x4_extract_lane(0), I.f64_promote_f32())
  return { name: 'peak', params: ['i32'], result: 'f64', locals: ['i32', ...Array<ValType>(CH + 1).fill('v128')], body }
}
/** flops of one peak() iteration: 12 chains × (mul + add) × 4 lanes */
export const PEAK_FLOPS_PER_ITER = 12 * 2 * 4

/**
 * tables(wT, T, nb, Kp): partial-sum tables of the bit-packed test set (f64, Kp even):
 * T[j][byte][k] = Σ_{b ∈ byte} wT[8j + b][k], built as T[byte] = T[byte & (byte−1)] + wT[8j + ctz(byte)].
 */
function tablesDef(): FuncDef {
  const [wT, T, nb, Kp] = [0, 1, 2, 3]
  const [j, tb, byte, src, prev, dst, kk, row, wrow] = [4, 5, 6, 7, 8, 9, 10, 11, 12]
  const b: number[][] = []
  const e = (...z: number[][]) => b.push(...z)
  e(I.get(Kp), I.i32(8), I.i32_mul(), I.set(row))
  e(I.i32(0), I.set(j), I.get(T), I.set(tb), I.get(wT), I.set(wrow))
  e(I.loop())
  e(I.i32(0), I.set(kk), I.loop(), I.get(tb), I.get(kk), I.i32_add(), I.v128_zero(), I.v128_store(), I.get(kk), I.i32(16), I.i32_add(), I.tee(kk), I.get(row), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.i32(1), I.set(byte))
  e(I.loop())
  e(I.get(tb), I.get(byte), I.get(byte), I.i32(1), I.i32_sub(), I.i32_and(), I.get(row), I.i32_mul(), I.i32_add(), I.set(prev))
  e(I.get(wrow), I.get(byte), I.i32_ctz(), I.get(row), I.i32_mul(), I.i32_add(), I.set(src))
  e(I.get(tb), I.get(byte), I.get(row), I.i32_mul(), I.i32_add(), I.set(dst))
  e(I.i32(0), I.set(kk), I.loop())
  e(I.get(dst), I.get(kk), I.i32_add(), I.get(prev), I.get(kk), I.i32_add(), I.v128_load(), I.get(src), I.get(kk), I.i32_add(), I.v128_load(), I.f64x2_add(), I.v128_store())
  e(I.get(kk), I.i32(16), I.i32_add(), I.tee(kk), I.get(row), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(byte), I.i32(1), I.i32_add(), I.tee(byte), I.i32(256), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(tb), I.get(row), I.i32(256), I.i32_mul(), I.i32_add(), I.set(tb))
  e(I.get(wrow), I.get(row), I.i32(8), I.i32_mul(), I.i32_add(), I.set(wrow))
  e(I.get(j), I.i32(1), I.i32_add(), I.tee(j), I.get(nb), I.i32_lt_u(), I.br_if(0), I.end())
  return { name: 'tables', params: ['i32', 'i32', 'i32', 'i32'], locals: Array<ValType>(9).fill('i32'), body: b }
}

/**
 * lookup(bits, T, lam, n, nb, Kp, i0, i1): lam[i][k] += Σ_j T[j][byte_j(i)][k] for i ∈ [i0, i1).
 * Bytes in groups of JQ = 4: the four bytes j = 4g..4g+3 of sample i are the i32 at
 * bits + 4(g·n + i), so one load feeds four lookups and one read-modify-write of lam.
 */
export const JQ = 4
function lookupDef(): FuncDef {
  const [bits, T, lam, n, nb, Kp, i0, i1] = [0, 1, 2, 3, 4, 5, 6, 7]
  const [j, tb, bp, i, dst, kk, row, tstep, word] = [8, 9, 10, 11, 12, 13, 14, 15, 16]
  const src = Array.from({ length: JQ }, (_, q) => 17 + q)
  const b: number[][] = []
  const e = (...z: number[][]) => b.push(...z)
  e(I.get(Kp), I.i32(8), I.i32_mul(), I.set(row))
  e(I.get(row), I.i32(256), I.i32_mul(), I.set(tstep)) // bytes of one table
  e(I.i32(0), I.set(j), I.get(T), I.set(tb), I.get(bits), I.set(bp))
  e(I.loop())
  e(I.get(i0), I.set(i))
  e(I.block(), I.get(i), I.get(i1), I.i32_ge_u(), I.br_if(0))
  e(I.loop())
  e(I.get(bp), I.get(i), I.i32(4), I.i32_mul(), I.i32_add(), I.i32_load(), I.set(word))
  for (let q = 0; q < JQ; q++) {
    // src_q = tb + q·tstep + ((word >> 8q) & 255)·row
    e(I.get(tb))
    if (q > 0) e(I.get(tstep), I.i32(q), I.i32_mul(), I.i32_add())
    e(I.get(word))
    if (q > 0) e(I.i32(8 * q), I.i32_shr_u())
    if (q < JQ - 1) e(I.i32(255), I.i32_and())
    e(I.get(row), I.i32_mul(), I.i32_add(), I.set(src[q]))
  }
  e(I.get(lam), I.get(i), I.get(row), I.i32_mul(), I.i32_add(), I.set(dst))
  e(I.i32(0), I.set(kk), I.loop())
  e(I.get(dst), I.get(kk), I.i32_add())
  e(I.get(dst), I.get(kk), I.i32_add(), I.v128_load())
  for (let q = 0; q < JQ; q++) e(I.get(src[q]), I.get(kk), I.i32_add(), I.v128_load(), I.f64x2_add())
  e(I.v128_store())
  e(I.get(kk), I.i32(16), I.i32_add(), I.tee(kk), I.get(row), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(i1), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.end())
  e(I.get(tb), I.get(tstep), I.i32(JQ), I.i32_mul(), I.i32_add(), I.set(tb))
  e(I.get(bp), I.get(n), I.i32(JQ), I.i32_mul(), I.i32_add(), I.set(bp)) // JQ bytes per sample per group
  e(I.get(j), I.i32(JQ), I.i32_add(), I.tee(j), I.get(nb), I.i32_lt_u(), I.br_if(0), I.end())
  return { name: 'lookup', params: Array<ValType>(8).fill('i32'), locals: Array<ValType>(9 + JQ).fill('i32'), body: b }
}

/**
 * lookup2(bits, T, lam, n, nb, i0, i1): lookup for Kp = 2 (one f64x2 per table entry), with the
 * four table bases hoisted out of the sample loop and ×16 as a shift.
 */
function lookup2Def(): FuncDef {
  const [bits, T, lam, n, nb, i0, i1] = [0, 1, 2, 3, 4, 5, 6]
  const [j, bp, i, word, dst] = [7, 8, 9, 10, 11]
  const tb = Array.from({ length: JQ }, (_, q) => 12 + q)
  const b: number[][] = []
  const e = (...z: number[][]) => b.push(...z)
  e(I.i32(0), I.set(j), I.get(bits), I.set(bp))
  for (let q = 0; q < JQ; q++) e(I.get(T), I.i32(q * 256 * 16), I.i32_add(), I.set(tb[q]))
  e(I.loop())
  e(I.get(i0), I.set(i))
  e(I.block(), I.get(i), I.get(i1), I.i32_ge_u(), I.br_if(0))
  e(I.loop())
  e(I.get(bp), I.get(i), I.i32(2), I.i32_shl(), I.i32_add(), I.i32_load(), I.set(word))
  e(I.get(lam), I.get(i), I.i32(4), I.i32_shl(), I.i32_add(), I.tee(dst))
  e(I.get(dst), I.v128_load())
  for (let q = 0; q < JQ; q++) {
    // T_q[(word >> 8q) & 255]: byte·16 = (word >> (8q − 4)) & 0xff0
    e(I.get(tb[q]), I.get(word))
    if (q === 0) e(I.i32(4), I.i32_shl())
    else if (8 * q - 4 > 0) e(I.i32(8 * q - 4), I.i32_shr_u())
    e(I.i32(0xff0), I.i32_and(), I.i32_add(), I.v128_load(), I.f64x2_add())
  }
  e(I.v128_store())
  e(I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(i1), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.end())
  for (let q = 0; q < JQ; q++) e(I.get(tb[q]), I.i32(JQ * 256 * 16), I.i32_add(), I.set(tb[q]))
  e(I.get(bp), I.get(n), I.i32(JQ), I.i32_mul(), I.i32_add(), I.set(bp)) // JQ bytes per sample per group
  e(I.get(j), I.i32(JQ), I.i32_add(), I.tee(j), I.get(nb), I.i32_lt_u(), I.br_if(0), I.end())
  return { name: 'lookup2', params: Array<ValType>(7).fill('i32'), locals: Array<ValType>(5 + JQ).fill('i32'), body: b }
}

/**
 * gemv(A, w, out, R, C, K): out[k·R + r] = Σ_{j<C} A[r·C + j] w[k·C + j] in f64, C a multiple of 4
 * (two f64x2 accumulators per dot).
 */
function gemvDef(): FuncDef {
  const [A, w, out, R, C, K] = [0, 1, 2, 3, 4, 5]
  const [r, k, ap, wp, aend, rowBytes, op] = [6, 7, 8, 9, 10, 11, 12]
  const [s0, s1] = [13, 14]
  const b: number[][] = []
  const e = (...z: number[][]) => b.push(...z)
  e(I.get(C), I.i32(8), I.i32_mul(), I.set(rowBytes))
  e(I.i32(0), I.set(k), I.get(out), I.set(op))
  e(I.loop()) // k
  e(I.i32(0), I.set(r))
  e(I.loop()) // r
  e(I.v128_zero(), I.set(s0), I.v128_zero(), I.set(s1))
  e(I.get(A), I.get(r), I.get(rowBytes), I.i32_mul(), I.i32_add(), I.tee(ap), I.get(rowBytes), I.i32_add(), I.set(aend))
  e(I.get(w), I.get(k), I.get(rowBytes), I.i32_mul(), I.i32_add(), I.set(wp))
  e(I.loop())
  e(I.get(s0), I.get(ap), I.v128_load(), I.get(wp), I.v128_load(), I.f64x2_mul(), I.f64x2_add(), I.set(s0))
  e(I.get(s1), I.get(ap), I.v128_load(16), I.get(wp), I.v128_load(16), I.f64x2_mul(), I.f64x2_add(), I.set(s1))
  e(I.get(wp), I.i32(32), I.i32_add(), I.set(wp))
  e(I.get(ap), I.i32(32), I.i32_add(), I.tee(ap), I.get(aend), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(s0), I.get(s1), I.f64x2_add(), I.set(s0))
  e(I.get(op), I.get(s0), I.f64x2_extract_lane(0), I.get(s0), I.f64x2_extract_lane(1), I.f64_add(), I.f64_store())
  e(I.get(op), I.i32(8), I.i32_add(), I.set(op))
  e(I.get(r), I.i32(1), I.i32_add(), I.tee(r), I.get(R), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(k), I.i32(1), I.i32_add(), I.tee(k), I.get(K), I.i32_lt_u(), I.br_if(0), I.end())
  return { name: 'gemv', params: Array<ValType>(6).fill('i32'), locals: [...Array<ValType>(7).fill('i32'), 'v128', 'v128'], body: b }
}

/**
 * gemv2(A, w, out, R, C): gemv for two rows of weights at once, k = 0, 1: out[k·R + r] =
 * Σ_{j<C} A[r·C + j] w[k·C + j], each dot summed exactly as gemv sums it (so the same bits), but
 * every row of A read once for both: A (F of the order parameters, D×N doubles) is read from
 * memory half as often.
 */
function gemv2Def(): FuncDef {
  const [A, w, out, R, C] = [0, 1, 2, 3, 4]
  const [r, ap, wp, aend, rowBytes, op] = [5, 6, 7, 8, 9, 10]
  const [s0, s1, t0, t1, a0, a1] = [11, 12, 13, 14, 15, 16]
  const b: number[][] = []
  const e = (...z: number[][]) => b.push(...z)
  e(I.get(C), I.i32(8), I.i32_mul(), I.set(rowBytes))
  e(I.i32(0), I.set(r), I.get(out), I.set(op))
  e(I.loop()) // r
  e(I.v128_zero(), I.set(s0), I.v128_zero(), I.set(s1), I.v128_zero(), I.set(t0), I.v128_zero(), I.set(t1))
  e(I.get(A), I.get(r), I.get(rowBytes), I.i32_mul(), I.i32_add(), I.tee(ap), I.get(rowBytes), I.i32_add(), I.set(aend))
  e(I.get(w), I.set(wp))
  e(I.loop())
  e(I.get(ap), I.v128_load(), I.set(a0), I.get(ap), I.v128_load(16), I.set(a1))
  e(I.get(s0), I.get(a0), I.get(wp), I.v128_load(), I.f64x2_mul(), I.f64x2_add(), I.set(s0))
  e(I.get(s1), I.get(a1), I.get(wp), I.v128_load(16), I.f64x2_mul(), I.f64x2_add(), I.set(s1))
  e(I.get(t0), I.get(a0), I.get(wp), I.get(rowBytes), I.i32_add(), I.v128_load(), I.f64x2_mul(), I.f64x2_add(), I.set(t0))
  e(I.get(t1), I.get(a1), I.get(wp), I.get(rowBytes), I.i32_add(), I.v128_load(16), I.f64x2_mul(), I.f64x2_add(), I.set(t1))
  e(I.get(wp), I.i32(32), I.i32_add(), I.set(wp))
  e(I.get(ap), I.i32(32), I.i32_add(), I.tee(ap), I.get(aend), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(s0), I.get(s1), I.f64x2_add(), I.set(s0))
  e(I.get(t0), I.get(t1), I.f64x2_add(), I.set(t0))
  e(I.get(op), I.get(s0), I.f64x2_extract_lane(0), I.get(s0), I.f64x2_extract_lane(1), I.f64_add(), I.f64_store())
  e(I.get(op), I.get(R), I.i32(8), I.i32_mul(), I.i32_add(), I.get(t0), I.f64x2_extract_lane(0), I.get(t0), I.f64x2_extract_lane(1), I.f64_add(), I.f64_store())
  e(I.get(op), I.i32(8), I.i32_add(), I.set(op))
  e(I.get(r), I.i32(1), I.i32_add(), I.tee(r), I.get(R), I.i32_lt_u(), I.br_if(0), I.end())
  return { name: 'gemv2', params: Array<ValType>(5).fill('i32'), locals: [...Array<ValType>(6).fill('i32'), ...Array<ValType>(6).fill('v128')], body: b }
}

/**
 * fields(c, w, nu, B, D, M): nu[b·M + m] = Σ_{r<D} w[m·D + r] c[b·D + r] for B rows c (f64),
 * summed as n0 + n1 with n0 over even r (and the last r of an odd D), n1 over odd r, each in
 * order: the two lanes of one f64x2 accumulator (the bits of the JavaScript loop in the hmm
 * teacher, engines/hmm/problem.ts).
 */
function fieldsDef(): FuncDef {
  const [c, w, nu, B, D, M] = [0, 1, 2, 3, 4, 5]
  const [b, m, cp, wp, cend, op, crow] = [6, 7, 8, 9, 10, 11, 12]
  const [acc] = [13]
  const [n0] = [14]
  const e: number[][] = []
  const E = (...z: number[][]) => e.push(...z)
  E(I.block(), I.get(B), I.i32_eqz(), I.get(M), I.i32_eqz(), I.i32_or(), I.br_if(0))
  E(I.i32(0), I.set(b), I.get(nu), I.set(op), I.get(c), I.set(crow))
  E(I.loop()) // b
  E(I.i32(0), I.set(m), I.get(w), I.set(wp))
  E(I.loop()) // m
  E(I.v128_zero(), I.set(acc), I.get(crow), I.tee(cp))
  // pairs r, r + 1 while r + 1 < D: cend = crow + 8·(D − D mod 2)
  E(I.get(D), I.i32(-2), I.i32_and(), I.i32(8), I.i32_mul(), I.i32_add(), I.set(cend))
  E(I.block(), I.get(cp), I.get(cend), I.i32_ge_u(), I.br_if(0), I.loop())
  E(I.get(acc), I.get(wp), I.v128_load(), I.get(cp), I.v128_load(), I.f64x2_mul(), I.f64x2_add(), I.set(acc))
  E(I.get(wp), I.i32(16), I.i32_add(), I.set(wp))
  E(I.get(cp), I.i32(16), I.i32_add(), I.tee(cp), I.get(cend), I.i32_lt_u(), I.br_if(0), I.end(), I.end())
  E(I.get(acc), I.f64x2_extract_lane(0), I.set(n0))
  // odd D: the last r goes to n0
  E(I.get(D), I.i32(1), I.i32_and(), I.if_())
  E(I.get(n0), I.get(wp), I.f64_load(), I.get(cp), I.f64_load(), I.f64_mul(), I.f64_add(), I.set(n0))
  E(I.get(wp), I.i32(8), I.i32_add(), I.set(wp))
  E(I.end())
  E(I.get(op), I.get(n0), I.get(acc), I.f64x2_extract_lane(1), I.f64_add(), I.f64_store())
  E(I.get(op), I.i32(8), I.i32_add(), I.set(op))
  E(I.get(m), I.i32(1), I.i32_add(), I.tee(m), I.get(M), I.i32_lt_u(), I.br_if(0), I.end())
  E(I.get(crow), I.get(D), I.i32(8), I.i32_mul(), I.i32_add(), I.set(crow))
  E(I.get(b), I.i32(1), I.i32_add(), I.tee(b), I.get(B), I.i32_lt_u(), I.br_if(0), I.end())
  E(I.end())
  return { name: 'fields', params: Array<ValType>(6).fill('i32'), locals: [...Array<ValType>(7).fill('i32'), 'v128', 'f64'], body: e }
}

/**
 * erfLosses(lam, v, y, out, n, K, T) → Σ_i e_i: the test-set losses of a student with
 * g(λ) = erf(λ/√2), e_i = ½(ŷ_i − y_i)², ŷ_i = Σ_k v_k g(λ_ik) (lam n×K, v, y, out: f64), with
 * erf by fastErf's table T and its operations in its order (special/fastErf.ts: the same bits;
 * the sign by copysign, as fastErf's s·(±1) for s > 0).
 */
function erfLossesDef(): FuncDef {
  const { STEPS, XMAX, W } = FAST_ERF_TABLE
  const [lam, v, y, out, n, K, T] = [0, 1, 2, 3, 4, 5, 6]
  const [i, k, lp, o] = [7, 8, 9, 10]
  const [x, a, d, g, yh, dd, e, s1] = [11, 12, 13, 14, 15, 16, 17, 18]
  const body: number[][] = []
  const E = (...z: number[][]) => body.push(...z)
  const t = (c: number): number[][] => [I.get(o), I.f64_load(8 * c)]
  E(I.f64(0), I.set(s1), I.get(lam), I.set(lp), I.i32(0), I.set(i))
  E(I.block(), I.get(n), I.i32_eqz(), I.br_if(0))
  E(I.loop()) // i
  E(I.f64(0), I.set(yh), I.i32(0), I.set(k))
  E(I.block(), I.get(K), I.i32_eqz(), I.br_if(0))
  E(I.loop()) // k
  E(I.get(lp), I.f64_load(), I.f64(Math.SQRT1_2), I.f64_mul(), I.tee(x), I.f64_abs(), I.set(a))
  E(I.block()) // $g: leaves g set
  // !(a < XMAX): NaN stays, else ±1
  E(I.get(a), I.f64(XMAX), I.f64_lt(), I.i32_eqz(), I.if_())
  E(I.get(x), I.f64(1), I.get(x), I.f64_copysign(), I.get(x), I.get(x), I.f64_ne(), I.select(), I.set(g), I.br(1), I.end())
  // ±0 keeps its sign
  E(I.get(a), I.f64(0), I.f64_eq(), I.if_(), I.get(x), I.set(g), I.br(1), I.end())
  // i = (a·STEPS + ½) | 0, d = a − i/STEPS, o = T + 8·W·i
  E(I.get(a), I.f64(STEPS), I.f64_mul(), I.f64(0.5), I.f64_add(), I.i32_trunc_f64_s(), I.set(o))
  E(I.get(a), I.get(o), I.f64_convert_i32_s(), I.f64(STEPS), I.f64_div(), I.f64_sub(), I.set(d))
  E(I.get(T), I.get(o), I.i32(8 * W), I.i32_mul(), I.i32_add(), I.set(o))
  // s = T0 + T1·d·(1 + d(T2 + d(T3 + d(T4 + d(T5 + d·T6)))))
  E(...t(0), ...t(1), I.get(d), I.f64_mul())
  E(I.f64(1), I.get(d))
  E(...t(2), I.get(d))
  E(...t(3), I.get(d))
  E(...t(4), I.get(d))
  E(...t(5), I.get(d), ...t(6), I.f64_mul(), I.f64_add())
  E(I.f64_mul(), I.f64_add()) // T4 + d(…)
  E(I.f64_mul(), I.f64_add()) // T3 + d(…)
  E(I.f64_mul(), I.f64_add()) // T2 + d(…)
  E(I.f64_mul(), I.f64_add()) // 1 + d(…)
  E(I.f64_mul(), I.f64_add()) // T0 + (T1·d)(…)
  E(I.get(x), I.f64_copysign(), I.set(g))
  E(I.end()) // $g
  E(I.get(yh), I.get(v), I.get(k), I.i32(8), I.i32_mul(), I.i32_add(), I.f64_load(), I.get(g), I.f64_mul(), I.f64_add(), I.set(yh))
  E(I.get(lp), I.i32(8), I.i32_add(), I.set(lp))
  E(I.get(k), I.i32(1), I.i32_add(), I.tee(k), I.get(K), I.i32_lt_u(), I.br_if(0), I.end()) // k
  E(I.end())
  // d = ŷ − y_i, e = ½d·d
  E(I.get(yh), I.get(y), I.get(i), I.i32(8), I.i32_mul(), I.i32_add(), I.f64_load(), I.f64_sub(), I.set(dd))
  E(I.f64(0.5), I.get(dd), I.f64_mul(), I.get(dd), I.f64_mul(), I.set(e))
  E(I.get(out), I.get(i), I.i32(8), I.i32_mul(), I.i32_add(), I.get(e), I.f64_store())
  E(I.get(s1), I.get(e), I.f64_add(), I.set(s1))
  E(I.get(i), I.i32(1), I.i32_add(), I.tee(i), I.get(n), I.i32_lt_u(), I.br_if(0), I.end()) // i
  E(I.end())
  E(I.get(s1))
  return { name: 'erfLosses', params: Array<ValType>(7).fill('i32'), result: 'f64', locals: [...Array<ValType>(4).fill('i32'), ...Array<ValType>(8).fill('f64')], body }
}

/**
 * dots(x, w, lam, C, K): lam[k] = Σ_{j<C} w[k·C + j] x[j], x f32 promoted to f64, C a multiple of 4.
 * axpy(x, w, a, C, K): w[k·C + j] += a[k] x[j]. The two halves of one SGD step.
 */
function dotsDef(): FuncDef {
  const [x, w, lam, C, K] = [0, 1, 2, 3, 4]
  const [k, xp, wp, xend] = [5, 6, 7, 8]
  const [s0, s1] = [9, 10]
  const b: number[][] = []
  const e = (...z: number[][]) => b.push(...z)
  e(I.i32(0), I.set(k), I.get(w), I.set(wp))
  e(I.loop())
  e(I.v128_zero(), I.set(s0), I.v128_zero(), I.set(s1))
  e(I.get(x), I.tee(xp), I.get(C), I.i32(4), I.i32_mul(), I.i32_add(), I.set(xend))
  e(I.loop())
  e(I.get(s0), I.get(wp), I.v128_load(), I.get(xp), I.v128_load64_splat(), I.f64x2_promote_low_f32x4(), I.f64x2_mul(), I.f64x2_add(), I.set(s0))
  e(I.get(s1), I.get(wp), I.v128_load(16), I.get(xp), I.v128_load64_splat(8), I.f64x2_promote_low_f32x4(), I.f64x2_mul(), I.f64x2_add(), I.set(s1))
  e(I.get(wp), I.i32(32), I.i32_add(), I.set(wp))
  e(I.get(xp), I.i32(16), I.i32_add(), I.tee(xp), I.get(xend), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(s0), I.get(s1), I.f64x2_add(), I.set(s0))
  e(I.get(lam), I.get(k), I.i32(8), I.i32_mul(), I.i32_add(), I.get(s0), I.f64x2_extract_lane(0), I.get(s0), I.f64x2_extract_lane(1), I.f64_add(), I.f64_store())
  e(I.get(k), I.i32(1), I.i32_add(), I.tee(k), I.get(K), I.i32_lt_u(), I.br_if(0), I.end())
  return { name: 'dots', params: Array<ValType>(5).fill('i32'), locals: [...Array<ValType>(4).fill('i32'), 'v128', 'v128'], body: b }
}

function axpyDef(): FuncDef {
  const [x, w, a, C, K] = [0, 1, 2, 3, 4]
  const [k, xp, wp, xend] = [5, 6, 7, 8]
  const av = 9
  const b: number[][] = []
  const e = (...z: number[][]) => b.push(...z)
  e(I.i32(0), I.set(k), I.get(w), I.set(wp))
  e(I.loop())
  e(I.get(a), I.get(k), I.i32(8), I.i32_mul(), I.i32_add(), I.v128_load64_splat(), I.set(av))
  e(I.get(x), I.tee(xp), I.get(C), I.i32(4), I.i32_mul(), I.i32_add(), I.set(xend))
  e(I.loop())
  e(I.get(wp), I.get(wp), I.v128_load(), I.get(av), I.get(xp), I.v128_load64_splat(), I.f64x2_promote_low_f32x4(), I.f64x2_mul(), I.f64x2_add(), I.v128_store())
  e(I.get(wp), I.get(wp), I.v128_load(16), I.get(av), I.get(xp), I.v128_load64_splat(8), I.f64x2_promote_low_f32x4(), I.f64x2_mul(), I.f64x2_add(), I.v128_store(16))
  e(I.get(wp), I.i32(32), I.i32_add(), I.set(wp))
  e(I.get(xp), I.i32(16), I.i32_add(), I.tee(xp), I.get(xend), I.i32_lt_u(), I.br_if(0), I.end())
  e(I.get(k), I.i32(1), I.i32_add(), I.tee(k), I.get(K), I.i32_lt_u(), I.br_if(0), I.end())
  return { name: 'axpy', params: Array<ValType>(5).fill('i32'), locals: [...Array<ValType>(4).fill('i32'), 'v128'], body: b }
}

/**
 * signBits(x, stride, N, B, bits, n, i0, nw) → the first row b < B whose x_j (j < N) are not all
 * ±1, else B: packs rows b = 0 … of x (f32, `stride` floats apart) as bits, bit j of sample
 * i = i0 + b set ⇔ x_j > 0, in nw words of 32 bits (word g holds bytes 4g … 4g + 3 of the
 * sample, little-endian) at bits + 4(g·n + i): the test set's layout (testSet.ts). A row that
 * is not ±1 (an x = sgn(0) = 0) and the rows after it are left to the caller. Reads up to the
 * next multiple of 4 floats past N (ignored): the memory must extend that far past the last row.
 */
function signBitsDef(): FuncDef {
  const [x, stride, N, B, bits, n, i0, nw] = [0, 1, 2, 3, 4, 5, 6, 7]
  const [b, g, q, xrow, word, j0, valid] = [8, 9, 10, 11, 12, 13, 14]
  const v = 15
  const e: number[][] = []
  const E = (...z: number[][]) => e.push(...z)
  E(I.i32(0), I.set(b))
  E(I.block()) // $done
  E(I.loop()) // $rows
  E(I.get(b), I.get(B), I.i32_ge_u(), I.br_if(1))
  E(I.get(x), I.get(b), I.get(stride), I.i32_mul(), I.i32(4), I.i32_mul(), I.i32_add(), I.set(xrow))
  E(I.i32(0), I.set(g))
  E(I.loop()) // $groups
  E(I.i32(0), I.set(word), I.i32(0), I.set(q))
  E(I.loop()) // $q: floats 32g + 4q … + 3
  E(I.get(g), I.i32(32), I.i32_mul(), I.get(q), I.i32(4), I.i32_mul(), I.i32_add(), I.tee(j0), I.get(N), I.i32_lt_u())
  E(I.if_())
  E(I.get(xrow), I.get(j0), I.i32(4), I.i32_mul(), I.i32_add(), I.v128_load(), I.set(v))
  // the lanes j < N (the last vector of a row may reach past N): their bits, and all |x_j| = 1, else stop at this row
  E(I.i32(15), I.i32(1), I.get(N), I.get(j0), I.i32_sub(), I.i32_shl(), I.i32(1), I.i32_sub(), I.get(N), I.get(j0), I.i32_sub(), I.i32(4), I.i32_ge_u(), I.select(), I.set(valid))
  E(I.get(word), I.get(v), I.v128_zero(), I.f32x4_gt(), I.i32x4_bitmask(), I.get(valid), I.i32_and(), I.get(q), I.i32(4), I.i32_mul(), I.i32_shl(), I.i32_or(), I.set(word))
  E(I.get(v), I.f32x4_abs(), I.f32x4_const(1), I.f32x4_eq(), I.i32x4_bitmask(), I.get(valid), I.i32_and(), I.get(valid), I.i32_ne(), I.br_if(4))
  E(I.end())
  E(I.get(q), I.i32(1), I.i32_add(), I.tee(q), I.i32(8), I.i32_lt_u(), I.br_if(0), I.end()) // $q
  E(I.get(bits), I.get(g), I.get(n), I.i32_mul(), I.get(i0), I.i32_add(), I.get(b), I.i32_add(), I.i32(4), I.i32_mul(), I.i32_add(), I.get(word), I.i32_store())
  E(I.get(g), I.i32(1), I.i32_add(), I.tee(g), I.get(nw), I.i32_lt_u(), I.br_if(0), I.end()) // $groups
  E(I.get(b), I.i32(1), I.i32_add(), I.set(b), I.br(0))
  E(I.end()) // $rows
  E(I.end()) // $done
  E(I.get(b))
  return { name: 'signBits', params: Array<ValType>(8).fill('i32'), result: 'i32', locals: [...Array<ValType>(7).fill('i32'), 'v128'], body: e }
}

/** sgn(p, n): x ← sgn(x) for n floats (n a multiple of 4): (x > 0)·1 | (x < 0)·(−1), branch-free */
function sgnDef(): FuncDef {
  const [p, n] = [0, 1]
  const [end, v] = [2, 3]
  const b: number[][] = []
  const e = (...z: number[][]) => b.push(...z)
  e(I.get(p), I.get(n), I.i32(4), I.i32_mul(), I.i32_add(), I.set(end))
  e(I.block(), I.get(p), I.get(end), I.i32_ge_u(), I.br_if(0), I.loop())
  e(I.get(p), I.v128_load(), I.set(v))
  e(I.get(p))
  e(I.get(v), I.v128_zero(), I.f32x4_gt(), I.f32x4_const(1), I.v128_and())
  e(I.get(v), I.v128_zero(), I.f32x4_lt(), I.f32x4_const(-1), I.v128_and())
  e(I.v128_or(), I.v128_store())
  e(I.get(p), I.i32(16), I.i32_add(), I.tee(p), I.get(end), I.i32_lt_u(), I.br_if(0), I.end(), I.end())
  return { name: 'sgn', params: ['i32', 'i32'], locals: ['i32', 'v128'], body: b }
}

const compiled = lazyModule(() => assemble([gemmF32Def(), peakDef(), tablesDef(), lookupDef(), lookup2Def(), gemvDef(), gemv2Def(), dotsDef(), axpyDef(), sgnDef(), packRowsDef(), signBitsDef(), fieldsDef(), erfLossesDef()]))

export function kernelModule(): WebAssembly.Module {
  const mod = compiled()
  if (!mod) throw new Error('the SGD kernels need WebAssembly with fixed-width SIMD (Node ≥ 16.4, Electron ≥ 14)')
  return mod
}

export interface KernelExports {
  gemm(c: number, fp: number, u: number, G: number, D: number, S: number, ldu: number): void
  peak(n: number): number
  tables(wT: number, T: number, nb: number, Kp: number): void
  lookup(bits: number, T: number, lam: number, n: number, nb: number, Kp: number, i0: number, i1: number): void
  lookup2(bits: number, T: number, lam: number, n: number, nb: number, i0: number, i1: number): void
  gemv(A: number, w: number, out: number, R: number, C: number, K: number): void
  gemv2(A: number, w: number, out: number, R: number, C: number): void
  dots(x: number, w: number, lam: number, C: number, K: number): void
  axpy(x: number, w: number, a: number, C: number, K: number): void
  sgn(p: number, n: number): void
  packRows(a: number, cp: number, B: number, D: number, G: number): void
  signBits(x: number, stride: number, N: number, B: number, bits: number, n: number, i0: number, nw: number): number
  fields(c: number, w: number, nu: number, B: number, D: number, M: number): void
  erfLosses(lam: number, v: number, y: number, out: number, n: number, K: number, T: number): number
}

/** A kernel instance over its own memory, with a bump allocator (16-byte aligned byte offsets). */
export class Kernels extends WasmMemory {
  readonly k: KernelExports

  constructor(bytes = 0) {
    super(bytes)
    this.k = instantiate<KernelExports>(kernelModule(), this)
  }
}
