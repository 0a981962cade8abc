// A tiny WebAssembly binary emitter: enough to hand-write SIMD kernels in TypeScript without a
// toolchain. A module = imported memory "env.mem" + functions of i32/f64 params (no results or one).
// Encoding per the WebAssembly core spec §5 (binary format) and the fixed-width SIMD proposal.

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128'
const valCode: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b }

/** unsigned LEB128 */
export function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n = Math.floor(n / 128)
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}

/** signed LEB128 (32-bit range) */
export function sleb(n: number): number[] {
  const out: number[] = []
  for (;;) {
    const b = n & 0x7f
    n >>= 7
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b)
      return out
    }
    out.push(b | 0x80)
  }
}

/** signed LEB128 of a 64-bit integer */
export function slebBig(n: bigint): number[] {
  const out: number[] = []
  n = BigInt.asIntN(64, n)
  for (;;) {
    const b = Number(n & 0x7fn)
    n >>= 7n
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b)
      return out
    }
    out.push(b | 0x80)
  }
}

const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))]
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body]
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()]

/** Instruction bytes. Memory ops take (offset, alignLog2). */
export const I = {
  block: () => [0x02, 0x40],
  loop: () => [0x03, 0x40],
  if_: () => [0x04, 0x40],
  else_: () => [0x05],
  end: () => [0x0b],
  br: (l: number) => [0x0c, ...uleb(l)],
  br_if: (l: number) => [0x0d, ...uleb(l)],
  return_: () => [0x0f],
  drop: () => [0x1a],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n | 0)],
  i64: (n: bigint) => [0x42, ...slebBig(n)],
  call: (f: number) => [0x10, ...uleb(f)],
  select: () => [0x1b],
  f64: (x: number) => [0x44, ...new Uint8Array(new Float64Array([x]).buffer)],
  i32_load: (off = 0) => [0x28, 2, ...uleb(off)],
  i32_load8_u: (off = 0) => [0x2d, 0, ...uleb(off)],
  f32_load: (off = 0) => [0x2a, 2, ...uleb(off)],
  f64_load: (off = 0) => [0x2b, 3, ...uleb(off)],
  i32_store: (off = 0) => [0x36, 2, ...uleb(off)],
  f32_store: (off = 0) => [0x38, 2, ...uleb(off)],
  f64_store: (off = 0) => [0x39, 3, ...uleb(off)],
  i32_eqz: () => [0x45],
  i32_eq: () => [0x46],
  i32_ne: () => [0x47],
  i32_lt_u: () => [0x49],
  i32_lt_s: () => [0x48],
  i32_ge_u: () => [0x4f],
  i32_add: () => [0x6a],
  i32_sub: () => [0x6b],
  i32_mul: () => [0x6c],
  i32_and: () => [0x71],
  i32_or: () => [0x72],
  i32_shl: () => [0x74],
  i32_shr_u: () => [0x76],
  i32_ctz: () => [0x68],
  i64_load: (off = 0) => [0x29, 3, ...uleb(off)],
  i64_store: (off = 0) => [0x37, 3, ...uleb(off)],
  i64_and: () => [0x83],
  i64_xor: () => [0x85],
  i64_shl: () => [0x86],
  i64_shr_u: () => [0x88],
  i64_rotl: () => [0x89],
  i64_mul: () => [0x7e],
  i32_wrap_i64: () => [0xa7],
  f64_convert_i64_u: () => [0xba],
  f32_demote_f64: () => [0xb6],
  i64_reinterpret_f64: () => [0xbd],
  f64_reinterpret_i64: () => [0xbf],
  f64_eq: () => [0x61],
  f64_lt: () => [0x63],
  f64_gt: () => [0x64],
  f64_neg: () => [0x9a],
  f64_abs: () => [0x99],
  f64_copysign: () => [0xa6],
  f64_ne: () => [0x62],
  i32_trunc_f64_s: () => [0xaa],
  f64_div: () => [0xa3],
  f64_add: () => [0xa0],
  f64_sub: () => [0xa1],
  f64_mul: () => [0xa2],
  f64_promote_f32: () => [0xbb],
  f64_convert_i32_s: () => [0xb7],
  // SIMD (prefix 0xfd, LEB128 sub-opcode)
  v128_load: (off = 0) => [0xfd, ...uleb(0x00), 4, ...uleb(off)],
  v128_load32_splat: (off = 0) => [0xfd, ...uleb(0x09), 2, ...uleb(off)],
  v128_load64_splat: (off = 0) => [0xfd, ...uleb(0x0a), 3, ...uleb(off)],
  v128_store: (off = 0) => [0xfd, ...uleb(0x0b), 4, ...uleb(off)],
  v128_zero: () => [0xfd, ...uleb(0x0c), ...new Array(16).fill(0)],
  /** v128.const with four equal f32 lanes */
  f32x4_const: (x: number) => [0xfd, ...uleb(0x0c), ...[0, 1, 2, 3].flatMap(() => [...new Uint8Array(new Float32Array([x]).buffer)])],
  i8x16_splat: () => [0xfd, ...uleb(0x0f)],
  i32x4_splat: () => [0xfd, ...uleb(0x11)],
  f32x4_splat: () => [0xfd, ...uleb(0x13)],
  f64x2_splat: () => [0xfd, ...uleb(0x14)],
  f32x4_extract_lane: (l: number) => [0xfd, ...uleb(0x1f), l],
  f64x2_extract_lane: (l: number) => [0xfd, ...uleb(0x21), l],
  v128_and: () => [0xfd, ...uleb(0x4e)],
  v128_or: () => [0xfd, ...uleb(0x50)],
  v128_xor: () => [0xfd, ...uleb(0x51)],
  f32x4_add: () => [0xfd, ...uleb(0xe4)],
  f32x4_mul: () => [0xfd, ...uleb(0xe6)],
  f64x2_add: () => [0xfd, ...uleb(0xf0)],
  f64x2_mul: () => [0xfd, ...uleb(0xf2)],
  f64x2_promote_low_f32x4: () => [0xfd, ...uleb(0x5f)],
  f32x4_gt: () => [0xfd, ...uleb(0x44)],
  f32x4_eq: () => [0xfd, ...uleb(0x41)],
  f32x4_abs: () => [0xfd, ...uleb(0xe0)],
  i32x4_bitmask: () => [0xfd, ...uleb(0xa4)],
  f32x4_lt: () => [0xfd, ...uleb(0x43)]
}

export interface FuncDef {
  name: string
  params: ValType[]
  result?: ValType
  /** extra locals (after the params) */
  locals: ValType[]
  body: number[][]
}

/** An imported function env.<name>; imports take the first function indices (0, 1, …), in order. */
export interface ImportDef {
  name: string
  params: ValType[]
  result?: ValType
}

/**
 * Assemble a module importing one memory (env.mem, min `pages`) and the functions `imports`, and
 * exporting every function of `funcs` (function index = imports.length + position).
 */
export function assemble(funcs: FuncDef[], pages = 1, imports: ImportDef[] = []): Uint8Array {
  const sig = (f: { params: ValType[]; result?: ValType }) => [0x60, ...vec(f.params.map((p) => [valCode[p]])), ...(f.result ? [1, valCode[f.result]] : [0])]
  const types = [...imports.map(sig), ...funcs.map(sig)]
  const importEntries = [
    [...str('env'), ...str('mem'), 0x02, 0x00, ...uleb(pages)],
    ...imports.map((f, i) => [...str('env'), ...str(f.name), 0x00, ...uleb(i)])
  ]
  const nImp = imports.length
  const exports = funcs.map((f, i) => [...str(f.name), 0x00, ...uleb(nImp + i)])
  const codes = funcs.map((f) => {
    const locals = vec(f.locals.map((t) => [1, valCode[t]]))
    const body = [...locals, ...f.body.flat(), 0x0b]
    return [...uleb(body.length), ...body]
  })
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(importEntries)),
    ...section(3, vec(funcs.map((_, i) => uleb(nImp + i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(codes))
  ])
}
