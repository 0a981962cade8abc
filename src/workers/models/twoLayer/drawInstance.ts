// Draw one instance of the hidden manifold model from the seed (MATH.md §1). Each quantity has
// its own named random stream, so changing e.g. tMax or K never changes F or the teacher.
import type { HmmRunSpec } from '@shared/spec'
import { Rng } from '@numeric/random/rng'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import type { HmmInstance } from './instance'
import { featureCovariance } from './odeState'

/** Scale of the 'small' initialisation (MATH.md §1). */
export const SMALL_INIT = 1e-3

/**
 * The student's initial weights, from the 'student' stream: w ∈ R^{K×N} N(0,1); v = 1 (fixed
 * second layer) or N(0,1) (trained, from its split 'v'); 'small' scales both (a trained v only) by
 * SMALL_INIT. The one student initialisation of every two-layer engine.
 */
export function drawStudent(seed: number, K: number, N: number, trainSecondLayer: boolean, init: 'large' | 'small'): { w: Float64Array; v: Float64Array } {
  const student = Rng.stream(seed, 'student')
  const w = new Float64Array(K * N)
  student.fillNormal(w)
  const v = new Float64Array(K).fill(1)
  if (trainSecondLayer) student.split('v').fillNormal(v)
  if (init === 'small') {
    for (let i = 0; i < w.length; i++) w[i] *= SMALL_INIT
    // a fixed second layer is part of the architecture, not of the initialisation: only a trained v is scaled
    if (trainSecondLayer) for (let k = 0; k < K; k++) v[k] *= SMALL_INIT
  }
  return { w, v }
}

export function drawInstance(spec: HmmRunSpec): HmmInstance {
  const { N, D, K, M, trainSecondLayer, init, teacherV } = spec.model
  const seed = spec.seed
  // F ∈ R^{D×N}, entries N(0,1); a power-law spectrum scales row r by s_r
  const F = new Float64Array(D * N)
  Rng.stream(seed, 'features').fillNormal(F)
  if (spec.model.features === 'power-law') {
    const s = powerLawScales(D, spec.model.featureDecay)
    for (let r = 0; r < D; r++) for (let i = r * N; i < (r + 1) * N; i++) F[i] *= s[r]
  }
  // teacher: w̃ ∈ R^{M×D} N(0,1), or on the top modes of Ω; ṽ = 1 or N(0,1)
  const teacher = Rng.stream(seed, 'teacher')
  const wTeacher = new Float64Array(M * D)
  teacher.fillNormal(wTeacher)
  if (spec.model.teacher === 'top-modes') onTopModes(wTeacher, M, F, D, N, spec.model.teacherModes)
  const vTeacher = new Float64Array(M).fill(1)
  if (teacherV === 'sampled') teacher.split('v').fillNormal(vTeacher)
  const { w, v } = drawStudent(seed, K, N, trainSecondLayer, init)
  return { N, D, K, M, F, wTeacher, vTeacher, w, v }
}

/** s_r = √(r^(−a) / mean_q q^(−a)), r = 1..D: Ω's eigenvalues ≈ s_r², with mean 1. */
export function powerLawScales(D: number, a: number): Float64Array {
  const lam = Float64Array.from({ length: D }, (_, r) => Math.pow(r + 1, -a))
  const mean = lam.reduce((x, y) => x + y, 0) / D
  return lam.map((l) => Math.sqrt(l / mean))
}

/**
 * Replace each row of w̃ (M×D, entries N(0,1)) by the same Gaussian coefficients on the unit eigenvectors
 * ψ̂_τ of Ω = FFᵀ/N with the `modes` largest eigenvalues: w̃_m = √D · u/|u|, u = Σ_j a_mj ψ̂_j.
 */
function onTopModes(wTeacher: Float64Array, M: number, F: Float64Array, D: number, N: number, modes: number): void {
  const { vectors } = symmetricEigen(featureCovariance(F, D, N), D)
  const V = vectors! // ascending: the top modes are the last columns
  for (let m = 0; m < M; m++) {
    const u = new Float64Array(D)
    for (let j = 0; j < modes; j++) {
      const a = wTeacher[m * D + j]
      const col = D - 1 - j
      for (let r = 0; r < D; r++) u[r] += a * V[r * D + col]
    }
    let norm = 0
    for (let r = 0; r < D; r++) norm += u[r] * u[r]
    const scale = Math.sqrt(D / norm)
    for (let r = 0; r < D; r++) wTeacher[m * D + r] = u[r] * scale
  }
}
