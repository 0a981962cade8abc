// Gaussian kernel density estimate of the latents (MATH.md §4). The rows c_i of C are
// standardised per dimension, z_i = (c_i − μ)/s (s: sample standard deviation, P − 1), and
//   p(c) = (1/P) Σ_i N(c; μ + s⊙z_i, h² diag(s²)),
// i.e. an isotropic kernel of width h on the standardised latents. Sampling: pick a row i
// uniformly, c = μ + s⊙(z_i + h ξ), ξ ~ N(0, I); the row's label travels with the sample.
// Bandwidth rules (for unit-variance data; as scipy.stats.gaussian_kde's factors):
//   Scott h = P^(−1/(D+4)),  Silverman h = (P (D+2)/4)^(−1/(D+4)).
import type { Rng } from '@numeric/random/rng'

export type BandwidthRule = 'scott' | 'silverman'
export type Bandwidth = BandwidthRule | number

export function bandwidth(rule: Bandwidth, P: number, D: number): number {
  if (typeof rule === 'number') {
    if (!(rule > 0) || !Number.isFinite(rule)) throw new Error(`bandwidth must be a positive number, got ${rule}`)
    return rule
  }
  if (rule === 'scott') return Math.pow(P, -1 / (D + 4))
  return Math.pow((P * (D + 2)) / 4, -1 / (D + 4))
}

export class LatentKde {
  readonly P: number
  readonly D: number
  readonly h: number
  /** column means μ of C */
  readonly mean: Float64Array
  /** column standard deviations s of C (1 where a column is constant) */
  readonly scale: Float64Array
  /** standardised rows z_i, P×D */
  readonly Z: Float64Array
  /** labels of the rows (optional) */
  readonly labels: ArrayLike<number> | null

  constructor(C: Float64Array, P: number, D: number, opts: { bandwidth?: Bandwidth; labels?: ArrayLike<number> } = {}) {
    if (P < 2) throw new Error('a KDE needs at least 2 rows')
    if (C.length < P * D) throw new Error(`C has ${C.length} entries < P·D = ${P * D}`)
    if (opts.labels && opts.labels.length < P) throw new Error(`${opts.labels.length} labels for ${P} rows`)
    this.P = P
    this.D = D
    this.h = bandwidth(opts.bandwidth ?? 'scott', P, D)
    this.labels = opts.labels ?? null
    const mean = new Float64Array(D)
    const scale = new Float64Array(D)
    for (let p = 0; p < P; p++) for (let r = 0; r < D; r++) mean[r] += C[p * D + r]
    for (let r = 0; r < D; r++) mean[r] /= P
    for (let p = 0; p < P; p++)
      for (let r = 0; r < D; r++) {
        const d = C[p * D + r] - mean[r]
        scale[r] += d * d
      }
    for (let r = 0; r < D; r++) scale[r] = Math.sqrt(scale[r] / (P - 1)) || 1
    const Z = new Float64Array(P * D)
    for (let p = 0; p < P; p++) for (let r = 0; r < D; r++) Z[p * D + r] = (C[p * D + r] - mean[r]) / scale[r]
    this.mean = mean
    this.scale = scale
    this.Z = Z
  }

  /**
   * B samples into out (B×D, row-major). If `labelsOut` is given, labelsOut[b] = label of the
   * picked row (the KDE must have labels); `rowsOut` receives the picked row indices.
   */
  sample(out: Float64Array, B: number, rng: Rng, labelsOut?: { [i: number]: number; length: number }, rowsOut?: Int32Array): void {
    const { D, P, Z, h, mean, scale } = this
    if (out.length < B * D) throw new Error(`sample: out has ${out.length} < B·D = ${B * D}`)
    if (labelsOut && !this.labels) throw new Error('sample: this KDE has no labels')
    rng.fillNormal(out, 0, B * D)
    for (let b = 0; b < B; b++) {
      const i = rng.int(P)
      const o = b * D
      const z = i * D
      for (let r = 0; r < D; r++) out[o + r] = mean[r] + scale[r] * (Z[z + r] + h * out[o + r])
      if (labelsOut) labelsOut[b] = this.labels![i]
      if (rowsOut) rowsOut[b] = i
    }
  }

  /** log p(c) at one point c (length D), by a stable log-sum-exp over the P kernels. */
  logDensity(c: ArrayLike<number>): number {
    const { D, P, Z, h, mean, scale } = this
    const z = new Float64Array(D)
    let logDetS = 0
    for (let r = 0; r < D; r++) {
      z[r] = (c[r] - mean[r]) / scale[r]
      logDetS += Math.log(scale[r])
    }
    const inv2h2 = 1 / (2 * h * h)
    const e = new Float64Array(P)
    let emax = -Infinity
    for (let i = 0; i < P; i++) {
      let d2 = 0
      for (let r = 0; r < D; r++) {
        const d = z[r] - Z[i * D + r]
        d2 += d * d
      }
      e[i] = -d2 * inv2h2
      if (e[i] > emax) emax = e[i]
    }
    let s = 0
    for (let i = 0; i < P; i++) s += Math.exp(e[i] - emax)
    // log[(1/P) Σ exp(e_i)] − (D/2) log(2π h²) − Σ log s_r
    return emax + Math.log(s / P) - 0.5 * D * Math.log(2 * Math.PI * h * h) - logDetS
  }
}
