// Latent distributions of the hidden manifold model (MATH.md §5, Bae & Jeong Table 1) and their
// per-dimension standardisation c_r ← (c_r − E c_r)/√Var c_r, or full whitening c ← Σ_c^{−1/2}(c − E c).
import gammaln from '@stdlib/math-base-special-gammaln'
import type { LatentSpec } from '@shared/spec'
import { Buffered, type RandomSource, type Rng } from '@numeric/random/rng'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'

export interface Latent {
  D: number
  /** Per-dimension mean and variance of the raw distribution: closed form (NaN where it does not exist). */
  mean: Float64Array
  variance: Float64Array
  /** The shift and scale applied to every draw: c ← (c − shift)·scale (shift 0, scale 1 for 'none'). */
  shift: Float64Array
  scale: Float64Array
  /**
   * standardize = 'whiten' on a per-vector mixture: after the shift, c ← c + Σ_j γ_j u_j (u_j·c) with
   * u_j (rows of U, rank×D, orthonormal) the directions of the covariance spikes and γ_j = (1 + s_j)^{−1/2} − 1.
   */
  whitening?: { U: Float64Array; gamma: Float64Array; rank: number }
  /** the drawn mixture: component means (m×D, row-major) and weights p (kind 'mixture' only) */
  mixture?: { means: Float64Array; weights: Float64Array }
  /** Draw B latents into out (row-major B×D) from this sampler's stream. labels[b] = mixture component (−1 otherwise, and for per-coordinate mixtures). */
  sample(out: Float64Array, B: number, labels?: Int32Array): void
  /** The same distribution (same drawn parameters and standardisation) sampled from another stream. */
  withStream(rng: Rng): Latent
}

export interface LatentStreams {
  /** per-run parameters (mixture means and weights); default rng.split('params') */
  params?: Rng
  /** draws that estimate the moments for standardize = 'sample'; default rng.split('standardize') */
  standardize?: Rng
}

export type MixtureComponents = 'vector' | 'coordinate'

/**
 * How a mixture draws its component: `components` on the mixture spec when the schema has it,
 * else 'vector' (MATH.md §5).
 */
export function mixtureComponents(spec: LatentSpec): MixtureComponents {
  const c = (spec as { components?: unknown }).components
  return c === 'coordinate' ? 'coordinate' : 'vector'
}

/** Marsaglia & Tsang (2000) gamma(a, 1); for a < 1 use gamma(a+1)·U^{1/a}. */
export function gamma(rng: RandomSource, a: number): number {
  if (a < 1) {
    const u = 1 - rng.uniform() // (0, 1]
    return gamma(rng, a + 1) * Math.pow(u, 1 / a)
  }
  const d = a - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    const x = rng.normal()
    let v = 1 + c * x
    if (v <= 0) continue
    v = v * v * v
    const u = rng.uniform()
    const x2 = x * x
    if (u < 1 - 0.0331 * x2 * x2) return d * v
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v
  }
}

/** beta(a, b) = X/(X+Y) with X ~ gamma(a), Y ~ gamma(b) */
export function beta(rng: RandomSource, a: number, b: number): number {
  const x = gamma(rng, a)
  const y = gamma(rng, b)
  return x / (x + y)
}

/** Poisson(λ): Knuth's product of uniforms for λ < 10, Hörmann's PTRS (1993) otherwise. */
export function poisson(rng: RandomSource, lambda: number): number {
  if (lambda < 10) {
    const L = Math.exp(-lambda)
    let k = 0
    let p = rng.uniform()
    while (p > L) {
      k++
      p *= rng.uniform()
    }
    return k
  }
  const slam = Math.sqrt(lambda)
  const loglam = Math.log(lambda)
  const b = 0.931 + 2.53 * slam
  const a = -0.059 + 0.02483 * b
  const invalpha = 1.1239 + 1.1328 / (b - 3.4)
  const vr = 0.9277 - 3.6224 / (b - 2)
  for (;;) {
    const U = rng.uniform() - 0.5
    const V = rng.uniform()
    const us = 0.5 - Math.abs(U)
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43)
    if (us >= 0.07 && V <= vr) return k
    if (k < 0 || (us < 0.013 && V > us)) continue
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - gammaln(k + 1)) return k
  }
}

/**
 * A scalar (i.i.d. per dimension) kind with its closed-form mean and variance. Either `map`, an
 * inverse CDF applied to uniforms filled in bulk, or `draw`, a rejection sampler on a Buffered source.
 */
interface Scalar {
  map?: (u: number) => number
  draw?: (src: RandomSource) => number
  mean: number
  variance: number
}

function scalarKind(spec: Exclude<LatentSpec, { kind: 'gaussian' } | { kind: 'mixture' }>): Scalar {
  switch (spec.kind) {
    case 'uniform': {
      const { a, b } = spec
      return { map: (u) => a + (b - a) * u, mean: (a + b) / 2, variance: ((b - a) * (b - a)) / 12 }
    }
    case 'beta': {
      const { a, b } = spec
      const s = a + b
      return { draw: (r) => beta(r, a, b), mean: a / s, variance: (a * b) / (s * s * (s + 1)) }
    }
    case 'poisson': {
      const l = spec.lambda
      return { draw: (r) => poisson(r, l), mean: l, variance: l }
    }
    case 'laplace': {
      // inverse CDF: x = μ − b·sgn(v)·ln(1 − 2|v|), v = u − ½
      const { mu, b } = spec
      return {
        map: (u) => {
          const v = u - 0.5
          return v < 0 ? mu + b * Math.log(1 + 2 * v) : mu - b * Math.log(1 - 2 * v)
        },
        mean: mu,
        variance: 2 * b * b
      }
    }
    case 'pareto': {
      // type I on [scale, ∞): x = scale·(1−u)^{−1/shape}; mean exists for shape > 1, variance for shape > 2
      const { shape: al, scale: xm } = spec
      return {
        map: (u) => xm * Math.pow(1 - u, -1 / al),
        mean: al > 1 ? (al * xm) / (al - 1) : NaN,
        variance: al > 2 ? (xm * xm * al) / ((al - 1) * (al - 1) * (al - 2)) : NaN
      }
    }
    case 'lorentz': {
      // Cauchy: x = x0 + γ tan(π(u − ½)); no mean, no variance
      const { x0, gamma: g } = spec
      return { map: (u) => x0 + g * Math.tan(Math.PI * (u - 0.5)), mean: NaN, variance: NaN }
    }
  }
}

/**
 * The latent distribution of `spec` in D dimensions, sampled from `rng`. Its parameters and sample
 * moments come from their own streams (see LatentStreams), so train and test samplers made with
 * withStream share them.
 */
export function makeLatent(spec: LatentSpec, D: number, rng: Rng, streams: LatentStreams = {}): Latent {
  const params = streams.params ?? rng.split('params')
  const standardizeRng = streams.standardize ?? rng.split('standardize')
  const mean = new Float64Array(D)
  const variance = new Float64Array(D)
  let raw: (rng: Rng, out: Float64Array, B: number, labels?: Int32Array) => void
  let mixture: Latent['mixture']

  if (spec.kind === 'gaussian') {
    variance.fill(1)
    raw = (rng, out, B, labels) => {
      rng.fillNormal(out, 0, B * D)
      labels?.fill(-1, 0, B)
    }
  } else if (spec.kind === 'mixture') {
    // GM(m, α): means μ_i ∈ U[−α, α]^D, weights p_i ~ U[0,1] normalised; c = μ_i + N(0, I)
    const { m, alpha } = spec
    const mu = new Float64Array(m * D)
    params.fillUniform(mu)
    for (let i = 0; i < mu.length; i++) mu[i] = alpha * (2 * mu[i] - 1)
    const p = new Float64Array(m)
    params.fillUniform(p)
    let tot = p.reduce((a, b) => a + b, 0)
    if (!(tot > 0)) (p.fill(1), (tot = m))
    for (let i = 0; i < m; i++) p[i] /= tot
    mixture = { means: mu, weights: p }
    const cum = new Float64Array(m)
    for (let i = 0, s = 0; i < m; i++) cum[i] = s += p[i]
    cum[m - 1] = 1
    // mean_r = Σ p_i μ_ir, var_r = 1 + Σ p_i μ_ir² − mean_r²
    for (let r = 0; r < D; r++) {
      let s1 = 0, s2 = 0
      for (let i = 0; i < m; i++) {
        s1 += p[i] * mu[i * D + r]
        s2 += p[i] * mu[i * D + r] * mu[i * D + r]
      }
      mean[r] = s1
      variance[r] = 1 + s2 - s1 * s1
    }
    // 'vector' (MATH.md §5): one component for the whole latent vector, so the coordinates share
    // it and Cov c = I + Σ_i p_i (μ_i − μ̄)(μ_i − μ̄)ᵀ has m − 1 spikes of size ~Dα²/3 that a
    // per-dimension standardisation leaves in place. 'coordinate': an independent component per
    // coordinate (i.i.d. 1-D mixtures), the setting in which standardisation restores the ODE.
    const components = mixtureComponents(spec)
    raw = (rng, out, B, labels) => {
      // row by row (normals, then the component), so a block of B rows = B blocks of one row
      for (let b = 0; b < B; b++) {
        rng.fillNormal(out, b * D, (b + 1) * D)
        if (components === 'coordinate') {
          for (let r = 0; r < D; r++) {
            const u = rng.uniform()
            let i = 0
            while (u >= cum[i] && i < m - 1) i++
            out[b * D + r] += mu[i * D + r]
          }
          if (labels) labels[b] = -1
          continue
        }
        const u = rng.uniform()
        let i = 0
        while (u >= cum[i] && i < m - 1) i++
        if (labels) labels[b] = i
        const o = b * D
        const mo = i * D
        for (let r = 0; r < D; r++) out[o + r] += mu[mo + r]
      }
    }
  } else {
    const sc = scalarKind(spec)
    mean.fill(sc.mean)
    variance.fill(sc.variance)
    const { map, draw } = sc
    // one Buffered source per stream (a sampler is tied to its stream for its lifetime)
    const sources = new WeakMap<Rng, Buffered>()
    raw = (rng, out, B, labels) => {
      if (map) {
        rng.fillUniform(out, 0, B * D)
        for (let i = 0; i < B * D; i++) out[i] = map(out[i])
      } else {
        let src = sources.get(rng)
        if (!src) sources.set(rng, (src = new Buffered(rng)))
        for (let i = 0; i < B * D; i++) out[i] = draw!(src)
      }
      labels?.fill(-1, 0, B)
    }
  }

  const shift = new Float64Array(D)
  const scale = new Float64Array(D).fill(1)
  let whitening: Latent['whitening']
  if (spec.standardize === 'whiten' && mixture && mixtureComponents(spec) === 'vector') {
    // Cov c = I + A Aᵀ, A = [√p_i (μ_i − μ̄)] (D×m): no per-dimension scale, the spikes are removed
    shift.set(mean)
    whitening = spikeWhitening(mixture.means, mixture.weights, mean, D)
  } else if (spec.standardize === 'exact' || spec.standardize === 'whiten') {
    // (whiten with independent coordinates: the covariance is diagonal, whitening = standardisation)
    for (let r = 0; r < D; r++) {
      if (!(Number.isFinite(mean[r]) && variance[r] > 0 && Number.isFinite(variance[r])))
        throw new Error(
          `latent.standardize = 'exact' needs a finite mean and variance, and the ${spec.kind} distribution` +
            (spec.kind === 'pareto' ? ` with shape ${spec.shape} has ${spec.shape > 1 ? 'no variance (shape ≤ 2)' : 'neither (shape ≤ 1)'}` : ' has none') +
            (spec.standardize === 'whiten' ? ': whitening needs them, use' : ': use') + " latent.standardize = 'sample' or 'none'"
        )
      shift[r] = mean[r]
      scale[r] = 1 / Math.sqrt(variance[r])
    }
  } else if (spec.standardize === 'sample') {
    // moments from n draws, streamed in blocks (Welford would be overkill: sums in double, n ≤ 1e7)
    const n = spec.standardizeSamples
    const blk = Math.max(1, Math.min(n, Math.floor(65536 / D)))
    const buf = new Float64Array(blk * D)
    const s1 = new Float64Array(D)
    const s2 = new Float64Array(D)
    // shift by a first draw to keep the sum of squares well conditioned
    raw(standardizeRng, buf, 1)
    const ref = buf.slice(0, D)
    for (let done = 0; done < n; ) {
      const b = Math.min(blk, n - done)
      raw(standardizeRng, buf, b)
      for (let i = 0; i < b; i++)
        for (let r = 0; r < D; r++) {
          const x = buf[i * D + r] - ref[r]
          s1[r] += x
          s2[r] += x * x
        }
      done += b
    }
    for (let r = 0; r < D; r++) {
      const m1 = s1[r] / n
      const v = n > 1 ? (s2[r] - n * m1 * m1) / (n - 1) : 0
      shift[r] = ref[r] + m1
      if (!(v > 0)) throw new Error(`latent.standardize = 'sample': the ${spec.kind} draws of dimension ${r} have zero variance`)
      scale[r] = 1 / Math.sqrt(v)
    }
  }

  const standardized = spec.standardize !== 'none'
  const sampler = (stream: Rng): Latent => ({
    D,
    mean,
    variance,
    shift,
    scale,
    whitening,
    mixture,
    sample(out, B, labels) {
      raw(stream, out, B, labels)
      if (!standardized) return
      for (let b = 0; b < B; b++) {
        const o = b * D
        for (let r = 0; r < D; r++) out[o + r] = (out[o + r] - shift[r]) * scale[r]
        if (whitening) applyWhitening(whitening, out, o, D)
      }
    },
    withStream: sampler
  })
  return sampler(rng)
}

/**
 * Σ^{−1/2} for Σ = I + A Aᵀ, A = [√p_i (μ_i − μ̄)] ∈ R^{D×m}: with AᵀA = V diag(s) Vᵀ (m×m) and
 * u_j = A v_j/√s_j (s_j > 0), Σ^{−1/2} = I + Σ_j ((1 + s_j)^{−1/2} − 1) u_j u_jᵀ. O(D m²) once, O(D m) per draw.
 */
export function spikeWhitening(means: Float64Array, weights: Float64Array, mean: Float64Array, D: number): { U: Float64Array; gamma: Float64Array; rank: number } {
  const m = weights.length
  const A = new Float64Array(m * D) // rows a_i = √p_i (μ_i − μ̄)
  for (let i = 0; i < m; i++) {
    const sp = Math.sqrt(weights[i])
    for (let r = 0; r < D; r++) A[i * D + r] = sp * (means[i * D + r] - mean[r])
  }
  const G = new Float64Array(m * m)
  for (let i = 0; i < m; i++)
    for (let j = i; j < m; j++) {
      let s = 0
      for (let r = 0; r < D; r++) s += A[i * D + r] * A[j * D + r]
      G[i * m + j] = G[j * m + i] = s
    }
  const { values, vectors } = symmetricEigen(G, m)
  const tol = 1e-12 * Math.max(1, values[m - 1])
  const U: number[] = []
  const gamma: number[] = []
  for (let j = 0; j < m; j++) {
    const s = values[j]
    if (!(s > tol)) continue // Σ p_i (μ_i − μ̄) = 0 leaves at most m − 1 spikes
    const u = new Float64Array(D)
    for (let i = 0; i < m; i++) {
      const c = vectors![i * m + j] / Math.sqrt(s)
      for (let r = 0; r < D; r++) u[r] += c * A[i * D + r]
    }
    U.push(...u)
    gamma.push(1 / Math.sqrt(1 + s) - 1)
  }
  return { U: Float64Array.from(U), gamma: Float64Array.from(gamma), rank: gamma.length }
}

function applyWhitening(w: { U: Float64Array; gamma: Float64Array; rank: number }, out: Float64Array, o: number, D: number): void {
  // the u_j are orthonormal, so each update leaves the other projections u_k·c unchanged
  for (let j = 0; j < w.rank; j++) {
    const a = j * D
    let p = 0
    for (let r = 0; r < D; r++) p += w.U[a + r] * out[o + r]
    p *= w.gamma[j]
    for (let r = 0; r < D; r++) out[o + r] += p * w.U[a + r]
  }
}
