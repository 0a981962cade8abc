// One drawn instance of the linear teacher–student problem (MATH.md §7): data X ∈ R^{N×P} with
// i.i.d. N(0, 1/N) entries, teacher w̄ ~ N(0, σ_w² I_N), initial student w(0) ~ N(0, σ_w0² I_N),
// label noise ε ~ N(0, σ_ε² I_P), labels y = w̄X + ε. Each comes from its own named random
// stream of the seed, so changing σ_ε rescales the same ε and changing P keeps w̄ and w(0).
import { gemm } from '@numeric/linalg/gemm'
import { Rng } from '@numeric/random/rng'

export interface LinearInstance {
  N: number
  P: number
  /** row-major N×P */
  X: Float64Array
  wTeacher: Float64Array
  w0: Float64Array
  noise: Float64Array
  /** y = w̄X + ε (P) */
  y: Float64Array
}

export interface InstanceParams {
  N: number
  P: number
  sigmaW: number
  sigmaW0: number
  sigmaEps: number
}

/** fill with N(0, scale²) draws from the stream (seed, name) */
export function gaussianVector(length: number, scale: number, seed: number, name: string): Float64Array {
  const out = new Float64Array(length)
  Rng.stream(seed, name).fillNormal(out)
  if (scale !== 1) for (let i = 0; i < length; i++) out[i] *= scale
  return out
}

/** draw from the streams (seed, `${stream}/X`), …/teacher, …/student, …/noise */
export function drawInstance(p: InstanceParams, seed: number, stream = 'linear'): LinearInstance {
  const { N, P } = p
  const X = gaussianVector(N * P, 1 / Math.sqrt(N), seed, `${stream}/X`)
  const wTeacher = gaussianVector(N, p.sigmaW, seed, `${stream}/teacher`)
  const w0 = gaussianVector(N, p.sigmaW0, seed, `${stream}/student`)
  const noise = gaussianVector(P, p.sigmaEps, seed, `${stream}/noise`)
  const y = rowTimes(wTeacher, X, N, P)
  for (let m = 0; m < P; m++) y[m] += noise[m]
  return { N, P, X, wTeacher, w0, noise, y }
}

/** vX for a row vector v (length N) and row-major X (N×P): a vector of length P */
export function rowTimes(v: Float64Array, X: Float64Array, N: number, P: number): Float64Array {
  const out = new Float64Array(P)
  for (let i = 0; i < N; i++) {
    const vi = v[i]
    if (vi === 0) continue
    const row = i * P
    for (let m = 0; m < P; m++) out[m] += vi * X[row + m]
  }
  return out
}

/** Xu for row-major X (N×P) and u (length P): a vector of length N (equivalently uXᵀ) */
export function timesColumn(X: Float64Array, u: Float64Array, N: number, P: number): Float64Array {
  const out = new Float64Array(N)
  for (let i = 0; i < N; i++) {
    let s = 0
    const row = i * P
    for (let m = 0; m < P; m++) s += X[row + m] * u[m]
    out[i] = s
  }
  return out
}

/** the Gram matrix XXᵀ (N×N) */
export function gram(X: Float64Array, N: number, P: number): Float64Array {
  const C = new Float64Array(N * N)
  gemm(N, N, P, X, X, C, { transB: true })
  return C
}

/** the Gram matrix XᵀX (P×P) */
export function sampleGram(X: Float64Array, N: number, P: number): Float64Array {
  const G = new Float64Array(P * P)
  gemm(P, P, N, X, X, G, { transA: true })
  return G
}
