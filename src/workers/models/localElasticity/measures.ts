// Geometry of class features (MATH.md §8): cosines between class means and the ETF error,
// within-class variability NC1, and pairwise hard-margin separability of the samples.
//   cos_kl = ⟨X̄_k, X̄_l⟩ / (‖X̄_k‖ ‖X̄_l‖),  ETF error = max_{k≠l} |cos_kl + 1/(K − 1)|
//   NC1 = tr(Σ_W Σ_B⁺)/K,  Σ_W = (1/(Kn)) Σ_{k,i} (x_ki − μ_k)(x_ki − μ_k)ᵀ,
//                          Σ_B = (1/K) Σ_k (μ_k − μ_G)(μ_k − μ_G)ᵀ  (Papyan, Han & Donoho 2020)
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { linearSeparation } from '@numeric/optimize/linearSeparability'

/** K×K cosines of the rows of means (K×p); a zero row gives NaN in its row and column. */
export function classCosines(means: Float64Array, K: number, p: number): Float64Array {
  const C = new Float64Array(K * K)
  const norms = new Float64Array(K)
  for (let k = 0; k < K; k++) {
    let s = 0
    for (let j = 0; j < p; j++) s += means[k * p + j] ** 2
    norms[k] = Math.sqrt(s)
  }
  for (let k = 0; k < K; k++)
    for (let l = 0; l < K; l++) {
      let s = 0
      for (let j = 0; j < p; j++) s += means[k * p + j] * means[l * p + j]
      C[k * K + l] = norms[k] > 0 && norms[l] > 0 ? s / (norms[k] * norms[l]) : NaN
    }
  return C
}

/** max_{k≠l} |cos_kl + 1/(K − 1)| */
export function etfError(means: Float64Array, K: number, p: number): number {
  const C = classCosines(means, K, p)
  let e = 0
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) if (k !== l) e = Math.max(e, Math.abs(C[k * K + l] + 1 / (K - 1)))
  return e
}

/** class means (K×p) of samples stored K×n×p */
export function sampleMeans(X: Float64Array, K: number, n: number, p: number): Float64Array {
  const mu = new Float64Array(K * p)
  for (let k = 0; k < K; k++)
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mu[k * p + j] += X[(k * n + i) * p + j] / n
  return mu
}

/** NC1 = tr(Σ_W Σ_B⁺)/K for samples K×n×p (pseudo-inverse over eigenvalues above 1e-12 · max). */
export function nc1(X: Float64Array, K: number, n: number, p: number): number {
  const mu = sampleMeans(X, K, n, p)
  const G = new Float64Array(p)
  for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) G[j] += mu[k * p + j] / K
  const SW = new Float64Array(p * p)
  const SB = new Float64Array(p * p)
  const d = new Float64Array(p)
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) d[j] = X[(k * n + i) * p + j] - mu[k * p + j]
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) SW[a * p + b] += (d[a] * d[b]) / (K * n)
    }
    for (let j = 0; j < p; j++) d[j] = mu[k * p + j] - G[j]
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) SB[a * p + b] += (d[a] * d[b]) / K
  }
  const { values, vectors } = symmetricEigen(SB, p, { vectors: true })
  const top = Math.max(...values)
  if (!(top > 0)) return NaN
  let tr = 0
  // tr(Σ_W Σ_B⁺) = Σ_{λ_r > 0} v_rᵀ Σ_W v_r / λ_r
  for (let r = 0; r < p; r++) {
    if (values[r] <= 1e-12 * top) continue
    let q = 0
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) q += vectors![a * p + r] * SW[a * p + b] * vectors![b * p + r]
    tr += q / values[r]
  }
  return tr / K
}

export interface PairSeparation {
  /** fraction of the K(K−1)/2 class pairs whose samples a hard-margin hyperplane separates */
  fraction: number
  /** smallest margin over the pairs (0 when some pair is not separable) */
  minMargin: number
}

/** Pairwise hard-margin separability of samples stored K×n×p. */
export function pairSeparation(X: Float64Array, K: number, n: number, p: number): PairSeparation {
  let separated = 0
  let pairs = 0
  let minMargin = Infinity
  for (let k = 0; k < K; k++)
    for (let l = k + 1; l < K; l++) {
      const r = linearSeparation(X.subarray(k * n * p, (k + 1) * n * p), n, X.subarray(l * n * p, (l + 1) * n * p), n, p)
      pairs++
      if (r.separable) separated++
      minMargin = Math.min(minMargin, r.margin)
    }
  return { fraction: separated / pairs, minMargin }
}
