// The fixed test set of the SGD engine and the student's local fields on it, λ = X wᵀ/√N.
// Stored compactly: for f = sgn one bit per input (x = ±1) and λ by 8-bit lookup tables
// ("four Russians": Σ_j x_j w_j = 2 Σ_{x_j=+1} w_j − Σ_j w_j, the first sum read byte by byte
// from 256-entry tables of partial sums of w; exact in f64 up to summation order); otherwise
// Float32 rows and the SIMD product (Float32 products, relative error ~1e−7).
import { JQ as JQ_, Kernels, MR as MR_, STRIP as STRIP_ } from './kernels'

const MR = MR_
const STRIP = STRIP_
const JQ = JQ_
/** where byte j of sample i lives (groups of JQ = 4 bytes, see the lookup kernel) */
const byteIndex = (j: number, i: number, n: number) => (((j >> 2) * n + i) << 2) + (j & 3)

/** samples per pass of the lookup kernel: their λ (BLOCK·Kp doubles) stay in L1 */
const BLOCK = 1024

export class TestSet {
  /** teacher labels y */
  readonly y: Float64Array
  private filled = 0
  private readonly kern = new Kernels()
  /**
   * bits: byte j of sample i (bit b ⇔ x_{8j+b} = +1) at bitsOff + 4(⌊j/4⌋·n + i) + j mod 4, i.e.
   * for each group of four bytes the samples' words are consecutive; −1 once in Float32 mode
   */
  private bitsOff = -1
  private readonly nb: number
  /** K rounded up to even (f64x2 lanes) */
  private readonly Kp: number
  private tOff = 0
  private wtOff = 0
  private lamOff = 0
  // Float32 mode: X packed as the kernel's F, [strip][j][q] over samples; w packed as its C
  private xOff = -1
  private wOff = 0
  private lOff = 0

  constructor(
    readonly n: number,
    readonly N: number,
    readonly K: number,
    binary: boolean
  ) {
    this.y = new Float64Array(n)
    this.nb = Math.ceil(N / 8 / JQ) * JQ // bytes per sample, padded with zero bytes to the lookup's JQ
    this.Kp = K + (K & 1)
    if (binary) {
      const { nb, Kp } = this
      this.bitsOff = this.kern.alloc(nb * n)
      this.tOff = this.kern.alloc(nb * 256 * Kp * 8)
      this.wtOff = this.kern.alloc(nb * 8 * Kp * 8)
      this.lamOff = this.kern.alloc(n * Kp * 8)
    } else this.allocFloat()
  }

  get binary(): boolean {
    return this.bitsOff >= 0
  }

  private allocFloat(): void {
    const { n, N } = this
    const strips = Math.ceil(n / STRIP)
    this.xOff = this.kern.alloc(strips * N * STRIP * 4)
    this.wOff = this.kern.alloc(Math.ceil(this.K / MR) * MR * N * 4)
    this.lOff = this.kern.alloc(Math.ceil(this.K / MR) * MR * strips * STRIP * 4)
  }

  private storeFloat(i: number, x: Float32Array, xo: number): void {
    const { N, n } = this
    const strips = Math.ceil(n / STRIP)
    const X = this.kern.f32(this.xOff, strips * N * STRIP)
    const s = Math.floor(i / STRIP)
    const q = i - s * STRIP
    for (let j = 0; j < N; j++) X[(s * N + j) * STRIP + q] = x[xo + j]
  }

  /** append B samples: inputs x (rows of `stride` floats), labels y */
  add(x: Float32Array, stride: number, y: Float64Array, B: number): void {
    const { n } = this
    if (this.filled + B > n) throw new Error('test set overfilled')
    const i0 = this.filled
    this.y.set(y.subarray(0, B), i0)
    this.filled += B
    let b = 0
    if (this.bitsOff >= 0) {
      // the rows to bits by the kernel, up to the first that is not ±1 (then Float32 storage)
      const stage = this.stage(B * stride)
      this.kern.f32(stage, B * stride).set(x.subarray(0, B * stride))
      b = this.kern.k.signBits(stage, stride, this.N, B, this.bitsOff, n, i0, this.nb / JQ)
      if (b < B) this.toFloat(i0 + b)
    }
    for (; b < B; b++) this.storeFloat(i0 + b, x, b * stride)
  }

  /** a staging area in the kernels' memory for `floats` inputs (grown when a larger block comes) */
  private stage(floats: number): number {
    if (floats > this.stageFloats) {
      this.stageOff = this.kern.alloc(floats * 4 + 16) // + 16: the kernel reads whole vectors of 4
      this.stageFloats = floats
    }
    return this.stageOff
  }
  private stageOff = 0
  private stageFloats = 0

  /** some x is not ±1 (sgn(0) = 0): move the rows so far to Float32 storage */
  private toFloat(upto: number): void {
    const { n, N } = this
    const bits = this.kern.u8(this.bitsOff, this.nb * n).slice() // copy: allocating may detach the view
    this.bitsOff = -1
    this.allocFloat()
    const row = new Float32Array(N)
    for (let i = 0; i < upto; i++) {
      for (let j = 0; j < N; j++) row[j] = (bits[byteIndex(j >> 3, i, n)] >> (j & 7)) & 1 ? 1 : -1
      this.storeFloat(i, row, 0)
    }
  }

  /** lam[i·K + k] = x_i·w_k/√N for all test samples; w is K×N row-major */
  fields(w: Float64Array, lam: Float64Array): void {
    const { n, N, K, nb, Kp, kern } = this
    if (this.bitsOff < 0) return this.fieldsFloat(w, lam)
    const inv = 1 / Math.sqrt(N)
    // wT[j][k] (8·nb rows, zero past N), the tables, then the lookups in blocks of samples
    const wT = kern.f64(this.wtOff, nb * 8 * Kp)
    wT.fill(0)
    const tot = new Float64Array(K)
    for (let k = 0; k < K; k++) {
      let s = 0
      for (let j = 0; j < N; j++) {
        wT[j * Kp + k] = w[k * N + j]
        s += w[k * N + j]
      }
      tot[k] = s
    }
    kern.k.tables(this.wtOff, this.tOff, nb, Kp)
    const L = kern.f64(this.lamOff, n * Kp)
    L.fill(0)
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const i1 = Math.min(n, i0 + BLOCK)
      if (Kp === 2) kern.k.lookup2(this.bitsOff, this.tOff, this.lamOff, n, nb, i0, i1)
      else kern.k.lookup(this.bitsOff, this.tOff, this.lamOff, n, nb, Kp, i0, i1)
    }
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) lam[i * K + k] = (2 * L[i * Kp + k] - tot[k]) * inv
  }

  /** λ by the SIMD kernel: (K×N, f32 w) · (N×n packed X) */
  private fieldsFloat(w: Float64Array, lam: Float64Array): void {
    const { n, N, K, kern } = this
    const G = Math.ceil(K / MR)
    const strips = Math.ceil(n / STRIP)
    const wp = kern.f32(this.wOff, G * MR * N)
    wp.fill(0)
    for (let k = 0; k < K; k++) {
      const g = Math.floor(k / MR)
      const r = k - g * MR
      for (let j = 0; j < N; j++) wp[(g * N + j) * MR + r] = w[k * N + j]
    }
    const ld = strips * STRIP
    kern.k.gemm(this.wOff, this.xOff, this.lOff, G, N, strips, ld * 4)
    const L = kern.f32(this.lOff, G * MR * ld)
    const inv = 1 / Math.sqrt(N)
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) lam[i * K + k] = L[k * ld + i] * inv
  }
}
