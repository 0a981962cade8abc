// Estimating the LE coefficients from class-mean trajectories X̄_k(t) (MATH.md §8, seed 003 eq. 19;
// the authors' src/data_analyzer.py for K = 3, generalised to any K). With A = ∫₀ᵗ α, B = ∫₀ᵗ β:
//   I-model: G = mean_k X̄_k grows as e^{(A + (K−1)B)/K}, D_k = X̄_k − G as e^{(A − B)/K}, so with
//     ℓ_G = avg_j log|G_j(t)/G_j(0)|,  ℓ_D = avg_{k,j} log|D_kj(t)/D_kj(0)|:
//     B = ℓ_G − ℓ_D,  A = ℓ_G + (K − 1) ℓ_D.
//   L-model (p = K): the scalars s_k = d_kᵀ X̄_k/‖d_k‖² obey ds_k/dt = (α s_k − β/(K−1) Σ_{l≠k} s_l)/K,
//     so s̄ = mean_k s_k grows as e^{(A − B)/K} and δ_k = s_k − s̄ as e^{(A + B/(K−1))/K}; with
//     E₁ = K log|s̄(t)/s̄(0)|, E₂ = K avg_k log|δ_k(t)/δ_k(0)|:
//     A = (E₁ + (K − 1)E₂)/K,  B = (E₂ − E₁)(K − 1)/K.
//   α̂ = dA/dt, β̂ = dB/dt by a Savitzky–Golay derivative in u = log t on a uniform u grid
//     (α̂ = (dA/du)/t), which suits log-spaced records.
//   Tail index r_α = sup{s : α(t) t^s bounded}: minus the slope of a least-squares line of
//     log|α̂| on log t over the late part of the grid (sign flipped first if α̂ is mostly negative).
// Non-finite logs (a zero coordinate) are left out of the averages.
import { savitzkyGolay } from '@numeric/filters/savitzkyGolay'
import type { LeModel } from '@shared/specs/le-sde'

export interface IntegratedCoefficients {
  /** A(t_r), B(t_r) at the record times (0 at the reference record) */
  A: Float64Array
  B: Float64Array
}

const logRatio = (x: number, x0: number) => Math.log(Math.abs(x / x0))

/** A and B at each record, from means[r] (K×p) with means[0] the reference X̄(0). */
export function estimateIntegrated(model: LeModel, K: number, p: number, means: Float64Array[]): IntegratedCoefficients {
  const T = means.length
  const A = new Float64Array(T)
  const B = new Float64Array(T)
  if (model === 'I') {
    const split = (m: Float64Array) => {
      const G = new Float64Array(p)
      for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) G[j] += m[k * p + j] / K
      const D = new Float64Array(K * p)
      for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) D[k * p + j] = m[k * p + j] - G[j]
      return { G, D }
    }
    const ref = split(means[0])
    for (let r = 0; r < T; r++) {
      const { G, D } = split(means[r])
      const lG = nanMean(Array.from(G, (g, j) => logRatio(g, ref.G[j])))
      const lD = nanMean(Array.from(D, (v, i) => logRatio(v, ref.D[i])))
      B[r] = lG - lD
      A[r] = lG + (K - 1) * lD
    }
    return { A, B }
  }
  if (p !== K) throw new RangeError(`estimateIntegrated: the L-model needs p = K (p = ${p}, K = ${K})`)
  const scalars = (m: Float64Array) => {
    const s = new Float64Array(K)
    for (let k = 0; k < K; k++) {
      let mean = 0
      for (let j = 0; j < K; j++) mean += m[k * K + j] / K
      s[k] = (m[k * K + k] - mean) / ((K - 1) / K)
    }
    let bar = 0
    for (let k = 0; k < K; k++) bar += s[k] / K
    return { bar, delta: s.map((v) => v - bar) }
  }
  const ref = scalars(means[0])
  for (let r = 0; r < T; r++) {
    const { bar, delta } = scalars(means[r])
    const E1 = K * logRatio(bar, ref.bar)
    const E2 = K * nanMean(Array.from(delta, (v, k) => logRatio(v, ref.delta[k])))
    A[r] = (E1 + (K - 1) * E2) / K
    B[r] = ((E2 - E1) * (K - 1)) / K
  }
  return { A, B }
}

function nanMean(v: number[]): number {
  let s = 0
  let n = 0
  for (const x of v)
    if (Number.isFinite(x)) {
      s += x
      n++
    }
  return n > 0 ? s / n : NaN
}

export interface RateOptions {
  /** points of the uniform log-t grid (default 200) */
  grid?: number
  /** Savitzky–Golay window on that grid (odd; default ≈ grid/10) and degree (default 2) */
  window?: number
  order?: number
}

export interface Rates {
  /** the log-spaced grid t_g (all > 0) */
  t: Float64Array
  /** F(t_g) interpolated and its derivative f̂(t_g) = dF/dt */
  integral: Float64Array
  rate: Float64Array
}

/** f̂ = dF/dt on a log-t grid from F known at increasing times (only t > 0 used; linear interpolation in log t). */
export function rateFromIntegral(times: ArrayLike<number>, F: ArrayLike<number>, opts: RateOptions = {}): Rates {
  const ts: number[] = []
  const fs: number[] = []
  for (let i = 0; i < times.length; i++) if (times[i] > 0 && Number.isFinite(F[i]) && (ts.length === 0 || times[i] > ts[ts.length - 1])) (ts.push(times[i]), fs.push(F[i]))
  const grid = opts.grid ?? 200
  if (ts.length < 3) throw new RangeError(`rateFromIntegral: ${ts.length} usable records (t > 0, finite), at least 3 needed`)
  let window = opts.window ?? Math.max(5, 2 * Math.floor(grid / 20) + 1)
  if (window % 2 === 0) window++
  window = Math.min(window, grid % 2 === 1 ? grid : grid - 1)
  const order = Math.min(opts.order ?? 2, window - 1)
  const u0 = Math.log(ts[0])
  const u1 = Math.log(ts[ts.length - 1])
  const du = (u1 - u0) / (grid - 1)
  const t = new Float64Array(grid)
  const integral = new Float64Array(grid)
  let i = 0
  for (let g = 0; g < grid; g++) {
    const u = u0 + g * du
    t[g] = Math.exp(u)
    while (i < ts.length - 2 && Math.log(ts[i + 1]) < u) i++
    const ua = Math.log(ts[i])
    const ub = Math.log(ts[i + 1])
    const w = ub > ua ? Math.min(1, Math.max(0, (u - ua) / (ub - ua))) : 0
    integral[g] = fs[i] + w * (fs[i + 1] - fs[i])
  }
  const dFdu = savitzkyGolay(integral, { window, order, deriv: 1, delta: du })
  const rate = dFdu.map((v, g) => v / t[g])
  return { t, integral, rate }
}

/**
 * Tail index of a rate f̂(t): −slope of log|f̂| against log t over t ≥ t_from (default: the last
 * half of the grid in log t). NaN with fewer than 3 usable points.
 */
export function tailIndex(t: ArrayLike<number>, rate: ArrayLike<number>, fromFraction = 0.5): number {
  const n = t.length
  const start = Math.min(n - 1, Math.floor(n * fromFraction))
  let negative = 0
  for (let i = start; i < n; i++) if (rate[i] < 0) negative++
  const sign = negative > (n - start) / 2 ? -1 : 1
  const xs: number[] = []
  const ys: number[] = []
  for (let i = start; i < n; i++) {
    const v = sign * rate[i]
    if (v > 0 && t[i] > 0) (xs.push(Math.log(t[i])), ys.push(Math.log(v)))
  }
  if (xs.length < 3) return NaN
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length
  const my = ys.reduce((a, b) => a + b, 0) / ys.length
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < xs.length; i++) (sxy += (xs[i] - mx) * (ys[i] - my)), (sxx += (xs[i] - mx) ** 2)
  return sxx > 0 ? -sxy / sxx : NaN
}

/** RD_k = ‖X̂_k − X̄_k‖ / ((‖X̂_k‖ + ‖X̄_k‖)/2) per class (seed 003 eq. 20); rows K×p. */
export function relativeDifference(sim: Float64Array, real: Float64Array, K: number, p: number): Float64Array {
  const rd = new Float64Array(K)
  for (let k = 0; k < K; k++) {
    let diff = 0
    let a = 0
    let b = 0
    for (let j = 0; j < p; j++) {
      diff += (sim[k * p + j] - real[k * p + j]) ** 2
      a += sim[k * p + j] ** 2
      b += real[k * p + j] ** 2
    }
    const den = (Math.sqrt(a) + Math.sqrt(b)) / 2
    rd[k] = den > 0 ? Math.sqrt(diff) / den : 0
  }
  return rd
}
