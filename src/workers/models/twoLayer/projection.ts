// The student's inputs for a block of latents: x = f(u) − centre, u = c F/√D (MATH.md §1, §4: the
// pseudo-real inputs subtract the per-pixel mean E f(u_j); centre null leaves x = f(u)), with the
// product C·F in Float32 by the WebAssembly SIMD kernel. F/√D is packed once per run.
// Float32 here changes u by ~1e−7 relative (a D-term sum of O(1) products): for sgn only the
// sign matters, and tests/unit/hmm/sgd.test.ts checks ε_g curves against a Float64 projection.
import type { InputMap } from '@shared/spec'
import { fastErf } from '@numeric/special/fastErf'
import { type Kernels, MR as MR_, STRIP as STRIP_ } from './kernels'

const MR = MR_
const STRIP = STRIP_

export class Projector {
  /** row stride of x, in floats (N padded to the strip width) */
  readonly stride: number
  private readonly cOff: number
  private readonly fOff: number
  /** maxB latents in f64 rows of D (latents()), byte offset in the kernels' memory */
  readonly latentsOff: number
  private latView: Float64Array | null = null
  /** byte offset of x in the kernels' memory */
  readonly uOff: number
  private readonly Bp: number

  /** F itself, kept only for the 'f64' reference (the f32 path reads its packed copy) */
  private readonly F: Float64Array | null

  constructor(
    private readonly kern: Kernels,
    F: Float64Array,
    readonly D: number,
    readonly N: number,
    /** largest block of latents projected at once */
    readonly maxB: number,
    /** 'f64': u in Float64 by plain loops (slow; the reference the tests compare Float32 against) */
    readonly precision: 'f32' | 'f64' = 'f32'
  ) {
    this.F = precision === 'f64' ? F : null
    const strips = Math.ceil(N / STRIP)
    this.stride = strips * STRIP
    this.Bp = Math.ceil(maxB / MR) * MR
    this.fOff = this.kern.alloc(strips * D * STRIP * 4)
    this.cOff = this.kern.alloc(this.Bp * D * 4)
    this.latentsOff = this.kern.alloc(maxB * D * 8)
    this.uOff = this.kern.alloc(this.Bp * this.stride * 4)
    // pack F/√D as [strip][d][q], reading F row by row; the padding columns stay 0
    const fp = this.kern.f32(this.fOff, strips * D * STRIP)
    const s = 1 / Math.sqrt(D)
    const full = Math.floor(N / STRIP)
    for (let d = 0; d < D; d++) {
      const row = d * N
      for (let st = 0; st < full; st++) {
        const o = (st * D + d) * STRIP
        const j0 = row + st * STRIP
        for (let q = 0; q < STRIP; q++) fp[o + q] = F[j0 + q] * s
      }
      for (let j = full * STRIP; j < N; j++) fp[(full * D + d) * STRIP + (j - full * STRIP)] = F[row + j] * s
    }
  }

  /**
   * Where to draw up to maxB latents (rows of D) for project(): a view of the kernels' memory,
   * made again if a growth of the memory detached it.
   */
  latents(): Float64Array {
    if (!this.latView || this.latView.buffer !== this.kern.buffer) this.latView = this.kern.f64(this.latentsOff, this.maxB * this.D)
    return this.latView
  }

  /**
   * x = f(c F/√D) − centre for B ≤ maxB latents c (rows of D; latents() saves a copy). Returns a view of B rows of `stride`
   * floats (valid until the next call); the padding past N stays 0 (f(0) = 0 for every map).
   */
  project(c: Float64Array, B: number, f: InputMap, centre: Float64Array | null = null): Float32Array {
    const x = this.precision === 'f64' ? this.projectF64(c, B, f) : this.projectF32(c, B, f)
    if (centre) {
      const { N, stride } = this
      for (let b = 0; b < B; b++) for (let j = 0; j < N; j++) x[b * stride + j] -= centre[j]
    }
    return x
  }

  private projectF32(c: Float64Array, B: number, f: InputMap): Float32Array {
    const { D, kern } = this
    const G = Math.ceil(B / MR)
    const lat = this.latents()
    if (c.buffer !== lat.buffer || c.byteOffset !== this.latentsOff) lat.set(c.subarray(0, B * D))
    // pack C as [g][d][r] in f32, rows past B are 0
    kern.k.packRows(this.latentsOff, this.cOff, B, D, G)
    kern.k.gemm(this.cOff, this.fOff, this.uOff, G, D, this.stride / STRIP, this.stride * 4)
    const x = kern.f32(this.uOff, B * this.stride)
    if (f === 'sgn') kern.k.sgn(this.uOff, B * this.stride)
    else applyInputMap(x, f)
    return x
  }

  /** the same in Float64 (then stored as Float32): u_j = Σ_r c_r F_rj / √D */
  private projectF64(c: Float64Array, B: number, f: InputMap): Float32Array {
    const { D, N, stride } = this
    const F = this.F!
    const x = this.kern.f32(this.uOff, B * stride)
    x.fill(0)
    const u = new Float64Array(N)
    const inv = 1 / Math.sqrt(D)
    for (let b = 0; b < B; b++) {
      u.fill(0)
      for (let r = 0; r < D; r++) {
        const cr = c[b * D + r]
        const fo = r * N
        for (let j = 0; j < N; j++) u[j] += cr * F[fo + j]
      }
      for (let j = 0; j < N; j++) x[b * stride + j] = u[j] * inv
    }
    applyInputMap(x, f)
    return x
  }
}

/** x ← f(x) in place (the 1/√D is already in the packed F). erf means erf(u/√2) (by fastErf). */
export function applyInputMap(x: Float32Array, f: InputMap): void {
  const n = x.length
  switch (f) {
    case 'sgn':
      for (let i = 0; i < n; i++) {
        const u = x[i]
        x[i] = u > 0 ? 1 : u < 0 ? -1 : 0
      }
      return
    case 'erf':
      for (let i = 0; i < n; i++) x[i] = fastErf(x[i] * Math.SQRT1_2)
      return
    case 'tanh':
      for (let i = 0; i < n; i++) x[i] = Math.tanh(x[i])
      return
    case 'linear':
      return
  }
}
