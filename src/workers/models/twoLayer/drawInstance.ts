// Draw one instance of the hidden manifold model from the seed (MATH.md §1). Each quantity has
// its own named random stream, so changing e.g. tMax or K never changes F or the teacher.
import type { HmmRunSpec } from '@shared/spec'
import { Rng } from '@numeric/random/rng'
import type { HmmInstance } from './instance'

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
  // F ∈ R^{D×N}, entries N(0,1)
  const F = new Float64Array(D * N)
  Rng.stream(seed, 'features').fillNormal(F)
  // teacher: w̃ ∈ R^{M×D} N(0,1); ṽ = 1 or N(0,1)
  const teacher = Rng.stream(seed, 'teacher')
  const wTeacher = new Float64Array(M * D)
  teacher.fillNormal(wTeacher)
  const vTeacher = new Float64Array(M).fill(1)
  if (teacherV === 'sampled') teacher.split('v').fillNormal(vTeacher)
  const { w, v } = drawStudent(seed, K, N, trainSecondLayer, init)
  return { N, D, K, M, F, wTeacher, vTeacher, w, v }
}
