// Seeded, splittable pseudo-random numbers: xoshiro256** (Blackman & Vigna 2018) on 32-bit
// halves, seeded by splitmix64 from (seed, stream name). Same (seed, name) ⇒ the same sequence
// on every machine: only 32-bit integer ops and correctly rounded double ops are used.
// Standard normals by a 256-layer ziggurat (Marsaglia & Tsang 2000), one 64-bit draw per
// normal in 99% of cases. Bulk fills run in a WebAssembly kernel with native 64-bit integers
// (randomKernel.ts); the JavaScript versions (fill*Js) are the reference it is tested against.
import { CHUNK, randomKernel, type RandomKernel } from './kernel'
import { erfc } from '@numeric/special/erf'

const M64 = (1n << 64n) - 1n

/** splitmix64 finaliser (Steele, Lea, Flood 2014): a bijection of 64-bit words. */
export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64
  return z ^ (z >> 31n)
}

/** The splitmix64 generator: state += golden gamma, output mix64(state). */
export function splitmix64(state: bigint): { next: () => bigint } {
  let s = state & M64
  return {
    next() {
      s = (s + 0x9e3779b97f4a7c15n) & M64
      return mix64(s)
    }
  }
}

/** FNV-1a 64-bit hash of the UTF-16 code units of a stream name. */
export function fnv1a64(name: string): bigint {
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < name.length; i++) {
    h ^= BigInt(name.charCodeAt(i))
    h = (h * 0x100000001b3n) & M64
  }
  return h
}

/** The xoshiro256** state words for (seed, name): splitmix64 started at mix64(fnv1a64(name)) ⊕ seed. */
export function streamState(seed: number, name: string): bigint[] {
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 53) throw new Error(`seed must be a non-negative integer, got ${seed}`)
  const sm = splitmix64(mix64(fnv1a64(name)) ^ BigInt(seed))
  return [sm.next(), sm.next(), sm.next(), sm.next()]
}

// ---- ziggurat tables for the half-normal density f(x) = exp(−x²/2), 256 layers ----
// Layers of equal area v: layer 0 = [0,r]×[0,f(r)] ∪ tail, layer i ≥ 1 = [0,x_i]×[f(x_i), f(x_{i+1})],
// x_1 = r, f(x_{i+1}) = f(x_i) + v/x_i, x_256 = 0. r is solved so the top layer closes exactly.
const LAYERS = 256
const TWO52 = 2 ** 52
const f = (x: number) => Math.exp(-0.5 * x * x)
/** tail area ∫_r^∞ f = √(π/2) erfc(r/√2) */
const tailArea = (r: number) => Math.sqrt(Math.PI / 2) * erfc(r / Math.SQRT2)

function zigguratRecursion(r: number): { x: Float64Array; v: number; excess: number } {
  const v = r * f(r) + tailArea(r)
  const x = new Float64Array(LAYERS + 1)
  x[1] = r
  let excess = 0
  for (let i = 1; i < LAYERS; i++) {
    const fn = f(x[i]) + v / x[i]
    if (i === LAYERS - 1) excess = fn - 1
    else if (fn >= 1) return { x, v, excess: fn - 1 + (LAYERS - 1 - i) } // r too small: ran out early
    else x[i + 1] = Math.sqrt(-2 * Math.log(fn))
  }
  return { x, v, excess }
}

function buildZiggurat() {
  // bisection on r: excess(r) > 0 for r too small, < 0 for r too large
  let lo = 3, hi = 4
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi)
    if (zigguratRecursion(mid).excess > 0) lo = mid
    else hi = mid
  }
  const r = hi
  const { x, v } = zigguratRecursion(r)
  x[LAYERS] = 0
  const ki = new Float64Array(LAYERS) // acceptance thresholds on the 52-bit integer
  const wi = new Float64Array(LAYERS) // width / 2^52
  const fi = new Float64Array(LAYERS + 1) // f(x_i)
  const xb = v / f(r) // virtual width of the base layer (rectangle + tail)
  ki[0] = Math.floor((r / xb) * TWO52)
  wi[0] = xb / TWO52
  for (let i = 1; i < LAYERS; i++) {
    ki[i] = Math.floor((x[i + 1] / x[i]) * TWO52)
    wi[i] = x[i] / TWO52
  }
  for (let i = 1; i <= LAYERS; i++) fi[i] = f(x[i])
  return { r, v, ki, wi, fi }
}

export const ziggurat = buildZiggurat()
let kernel: RandomKernel | undefined
const { ki: KI, wi: WI, fi: FI } = ziggurat
const ZR = ziggurat.r
const TWO_M53 = 2 ** -53
/** outputs converted per fillU64 call in fillUniformJs */
const UNIFORM_CHUNK = 256

export type FloatArray = Float64Array | Float32Array

/** What samplers draw from: an Rng, or a Buffered view of one. */
export interface RandomSource {
  uniform(): number
  normal(): number
}

const BUFFER = 4096

/**
 * Single draws served from blocks filled by the kernel (≈5× cheaper per draw than Rng.uniform /
 * Rng.normal). Uniforms and normals come from two separate blocks, each refilled from the
 * underlying stream when empty, so the sequence depends only on the order of consumption.
 */
export class Buffered implements RandomSource {
  private readonly u = new Float64Array(BUFFER)
  private readonly z = new Float64Array(BUFFER)
  private iu = BUFFER
  private iz = BUFFER
  constructor(readonly rng: Rng) {}
  uniform(): number {
    if (this.iu === BUFFER) (this.rng.fillUniform(this.u), (this.iu = 0))
    return this.u[this.iu++]
  }
  normal(): number {
    if (this.iz === BUFFER) (this.rng.fillNormal(this.z), (this.iz = 0))
    return this.z[this.iz++]
  }
}

/**
 * A stream of random numbers. Construct with `Rng.stream(seed, name)`; `split(name)` derives an
 * independent child stream (seeded from (seed, `${parent}/${name}`), not from the parent's state).
 */
export class Rng implements RandomSource {
  /** xoshiro256** state s0..s3 as (hi, lo) int32 pairs */
  private readonly s = new Int32Array(8)

  private constructor(
    readonly seed: number,
    readonly name: string
  ) {
    const st = streamState(seed, name)
    for (let i = 0; i < 4; i++) {
      this.s[2 * i] = Number((st[i] >> 32n) & 0xffffffffn) | 0
      this.s[2 * i + 1] = Number(st[i] & 0xffffffffn) | 0
    }
  }

  static stream(seed: number, name: string): Rng {
    return new Rng(seed, name)
  }

  split(name: string): Rng {
    return new Rng(this.seed, `${this.name}/${name}`)
  }

  /** Set the raw state (for known-answer tests): four 64-bit words. */
  static fromState(words: bigint[]): Rng {
    const r = new Rng(0, '')
    for (let i = 0; i < 4; i++) {
      r.s[2 * i] = Number((words[i] >> 32n) & 0xffffffffn) | 0
      r.s[2 * i + 1] = Number(words[i] & 0xffffffffn) | 0
    }
    return r
  }

  /**
   * Fill out[start..end) with raw 64-bit outputs as (hi, lo) uint32 pairs:
   * out[2i] = high word, out[2i+1] = low word. The generator itself.
   */
  fillU64(out: Uint32Array, count: number): void {
    const s = this.s
    let ah = s[0], al = s[1], bh = s[2], bl = s[3], ch = s[4], cl = s[5], dh = s[6], dl = s[7]
    for (let i = 0; i < count; i++) {
      // result = rotl(s1 * 5, 7) * 9
      // 64-bit adds on halves; carry-out of a + b = s is ((a & b) | ((a | b) & ~s)) >>> 31 (branch-free)
      let rl = bl << 2
      let rh = (bh << 2) | (bl >>> 30)
      let sl = (rl + bl) | 0
      let sh = (rh + bh + (((rl & bl) | ((rl | bl) & ~sl)) >>> 31)) | 0
      rh = (sh << 7) | (sl >>> 25)
      rl = (sl << 7) | (sh >>> 25)
      sl = rl << 3
      sh = (rh << 3) | (rl >>> 29)
      const ol = (sl + rl) | 0
      const oh = (sh + rh + (((sl & rl) | ((sl | rl) & ~ol)) >>> 31)) | 0
      out[2 * i] = oh
      out[2 * i + 1] = ol
      // t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
      const th = (bh << 17) | (bl >>> 15)
      const tl = bl << 17
      ch ^= ah; cl ^= al
      dh ^= bh; dl ^= bl
      bh ^= ch; bl ^= cl
      ah ^= dh; al ^= dl
      ch ^= th; cl ^= tl
      const nh = (dl << 13) | (dh >>> 19)
      dl = (dh << 13) | (dl >>> 19)
      dh = nh
    }
    s[0] = ah; s[1] = al; s[2] = bh; s[3] = bl; s[4] = ch; s[5] = cl; s[6] = dh; s[7] = dl
  }

  private readonly one = new Uint32Array(2)

  /** next 64-bit output as a BigInt (slow; for tests) */
  nextBigInt(): bigint {
    this.fillU64(this.one, 1)
    return (BigInt(this.one[0]) << 32n) | BigInt(this.one[1])
  }

  /** uniform on [0, 1) with 53 random bits: (x >> 11) · 2^−53 */
  uniform(): number {
    this.fillU64(this.one, 1)
    return (this.one[0] * 2097152 + (this.one[1] >>> 11)) * TWO_M53
  }

  /** uniform integer in [0, n), 1 ≤ n ≤ 2^32: the high 32 bits, rejecting the last partial block */
  int(n: number): number {
    const limit = 4294967296 - (4294967296 % n)
    for (;;) {
      this.fillU64(this.one, 1)
      const x = this.one[0]
      if (x < limit) return x % n
    }
  }

  /** fill out[start..end) with uniforms on [0, 1) (JavaScript reference): (x >> 11) · 2^−53 of fillU64's words */
  fillUniformJs(out: FloatArray, start = 0, end = out.length): void {
    const words = this.words
    for (let i = start; i < end; i += UNIFORM_CHUNK) {
      const n = Math.min(UNIFORM_CHUNK, end - i)
      this.fillU64(words, n)
      for (let j = 0; j < n; j++) out[i + j] = (words[2 * j] * 2097152 + (words[2 * j + 1] >>> 11)) * TWO_M53
    }
  }

  /** scratch for fillUniformJs: UNIFORM_CHUNK outputs as (hi, lo) words */
  private readonly words = new Uint32Array(2 * UNIFORM_CHUNK)

  /** fill out[start..end) with uniforms on [0, 1) */
  fillUniform(out: FloatArray, start = 0, end = out.length): void {
    this.viaKernel(out, start, end, false)
  }

  /**
   * Fill out[start..end) with standard normals (ziggurat). From one 64-bit draw x: layer = bits 0–7,
   * sign = bit 8, a 52-bit uniform integer = bits 9–60; accept at once when it is below ki[layer].
   */
  fillNormal(out: FloatArray, start = 0, end = out.length): void {
    this.viaKernel(out, start, end, true)
  }

  private viaKernel(out: FloatArray, start: number, end: number, normal: boolean): void {
    const k = (kernel ??= randomKernel(ziggurat))
    const s = this.s
    const st = k.state
    // (hi, lo) pairs here, little-endian i64 (lo, hi) there
    for (let i = 0; i < 4; i++) ((st[2 * i] = s[2 * i + 1]), (st[2 * i + 1] = s[2 * i]))
    for (let pos = start; pos < end; ) {
      const n = Math.min(CHUNK, end - pos)
      if (normal) k.normals(n)
      else k.uniforms(n)
      out.set(n === CHUNK ? k.out : k.out.subarray(0, n), pos)
      pos += n
    }
    for (let i = 0; i < 4; i++) ((s[2 * i] = st[2 * i + 1]), (s[2 * i + 1] = st[2 * i]))
  }

  /** the ziggurat in JavaScript on 32-bit halves (reference for the kernel) */
  fillNormalJs(out: FloatArray, start = 0, end = out.length): void {
    const s = this.s
    let ah = s[0], al = s[1], bh = s[2], bl = s[3], ch = s[4], cl = s[5], dh = s[6], dl = s[7]
    let i = start
    while (i < end) {
      // 64-bit adds on halves; carry-out of a + b = s is ((a & b) | ((a | b) & ~s)) >>> 31 (branch-free)
      let rl = bl << 2
      let rh = (bh << 2) | (bl >>> 30)
      let sl = (rl + bl) | 0
      let sh = (rh + bh + (((rl & bl) | ((rl | bl) & ~sl)) >>> 31)) | 0
      rh = (sh << 7) | (sl >>> 25)
      rl = (sl << 7) | (sh >>> 25)
      sl = rl << 3
      sh = (rh << 3) | (rl >>> 29)
      const ol = (sl + rl) | 0
      const oh = (sh + rh + (((sl & rl) | ((sl | rl) & ~ol)) >>> 31)) | 0
      const th = (bh << 17) | (bl >>> 15)
      const tl = bl << 17
      ch ^= ah; cl ^= al
      dh ^= bh; dl ^= bl
      bh ^= ch; bl ^= cl
      ah ^= dh; al ^= dl
      ch ^= th; cl ^= tl
      const nh = (dl << 13) | (dh >>> 19)
      dl = (dh << 13) | (dl >>> 19)
      dh = nh

      const idx = ol & 0xff
      const rabs = (oh & 0x1fffffff) * 8388608 + (ol >>> 9)
      const neg = (ol & 0x100) !== 0
      if (rabs < KI[idx]) {
        const x = rabs * WI[idx]
        out[i++] = neg ? -x : x
        continue
      }
      // rare path (≈1%): store the state, use the scalar helpers, reload
      s[0] = ah; s[1] = al; s[2] = bh; s[3] = bl; s[4] = ch; s[5] = cl; s[6] = dh; s[7] = dl
      const x = this.zigguratSlow(idx, rabs)
      ah = s[0]; al = s[1]; bh = s[2]; bl = s[3]; ch = s[4]; cl = s[5]; dh = s[6]; dl = s[7]
      if (x === x) out[i++] = neg ? -x : x // NaN = rejected: draw again
    }
    s[0] = ah; s[1] = al; s[2] = bh; s[3] = bl; s[4] = ch; s[5] = cl; s[6] = dh; s[7] = dl
  }

  /** the wedge or tail of layer idx; NaN when the point is rejected */
  private zigguratSlow(idx: number, rabs: number): number {
    if (idx === 0) {
      // tail beyond r (Marsaglia 1964): x = −ln(U1)/r, y = −ln(U2), accept if 2y > x²
      for (;;) {
        const x = -Math.log(1 - this.uniform()) / ZR
        const y = -Math.log(1 - this.uniform())
        if (y + y > x * x) return ZR + x
      }
    }
    const x = rabs * WI[idx]
    // uniform height in layer idx: [f(x_idx), f(x_{idx+1})]
    const y = FI[idx] + this.uniform() * (FI[idx + 1] - FI[idx])
    return y < Math.exp(-0.5 * x * x) ? x : NaN
  }

  private readonly buf1 = new Float64Array(1)

  /** one standard normal (the JavaScript path: no kernel call overhead for a single draw) */
  normal(): number {
    this.fillNormalJs(this.buf1, 0, 1)
    return this.buf1[0]
  }
}
