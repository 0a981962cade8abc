// Teacher features of the student–teacher random-features model (MATH.md §9), in the basis where
// their covariance is diagonal: E_x[F_M(x) F_N(x)] = λ_M δ_MN, λ descending, M = 1..S.
//   powerlaw: λ_M = M^{−(1+α_K)}; a sample is F(x) = Λ^{1/2} z, z ~ N(0, I_S)
//   nngp:     the n images are the population; K/n = U Λ Uᵀ of the NNGP kernel on them and
//             F(x_a) = √n U_{a,:} ∘ Λ^{1/2}, so F(x_a)·F(x_b) = K(x_a, x_b) and the covariance over
//             the population is Λ; D samples are D distinct images.
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import type { Rng } from '@numeric/random/rng'

export interface TeacherFeatures {
  S: number
  /** λ_1 ≥ … ≥ λ_S */
  lambda: Float64Array
  /** D samples of F(x): D×S row-major */
  sample(D: number, rng: Rng): Float64Array
}

export function powerLawFeatures(alphaK: number, S: number): TeacherFeatures {
  const lambda = Float64Array.from({ length: S }, (_, i) => Math.pow(i + 1, -(1 + alphaK)))
  const root = lambda.map(Math.sqrt)
  return {
    S,
    lambda,
    sample(D, rng) {
      const F = new Float64Array(D * S)
      rng.fillNormal(F)
      for (let a = 0; a < D; a++) for (let M = 0; M < S; M++) F[a * S + M] *= root[M]
      return F
    }
  }
}

/** Features of a kernel matrix K (n×n) on a finite population of n points. */
export function kernelFeatures(K: Float64Array, n: number): TeacherFeatures {
  const scaled = K.map((v) => v / n)
  const { values, vectors } = symmetricEigen(scaled, n)
  const V = vectors as Float64Array
  // descending order, negative rounding errors clipped to 0
  const lambda = new Float64Array(n)
  const rows = new Float64Array(n * n) // rows[a*n + M] = √n U_{a,M} √λ_M
  for (let M = 0; M < n; M++) {
    const src = n - 1 - M
    const l = Math.max(0, values[src])
    lambda[M] = l
    const s = Math.sqrt(n * l)
    for (let a = 0; a < n; a++) rows[a * n + M] = V[a * n + src] * s
  }
  return {
    S: n,
    lambda,
    sample(D, rng) {
      if (D > n) throw new RangeError(`kernelFeatures: ${D} samples asked from a population of ${n}`)
      // partial Fisher–Yates: D distinct images
      const idx = Int32Array.from({ length: n }, (_, i) => i)
      const F = new Float64Array(D * n)
      for (let a = 0; a < D; a++) {
        const j = a + rng.int(n - a)
        const t = idx[a]
        idx[a] = idx[j]
        idx[j] = t
        F.set(rows.subarray(idx[a] * n, (idx[a] + 1) * n), a * n)
      }
      return F
    }
  }
}
