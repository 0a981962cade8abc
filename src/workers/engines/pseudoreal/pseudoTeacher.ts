// The pseudo-teacher (MATH.md §4): M hidden units on the latent c,
//   ŷ = Σ_m ṽ_m g(ν_m),  ν_m = w̃_m·c/√D,
// fitted by L-BFGS to parity labels y = ±1 with
//   L = mean_s (ŷ_s − y_s)² + λ_T ‖T − diag T‖²/M²,  T = w̃w̃ᵀ/D  (only T's off-diagonal is penalised).
// Gradients (r_s = 2(ŷ_s − y_s)/n):
//   ∂L/∂w̃_m = Σ_s r_s ṽ_m g'(ν_sm) c_s/√D + 4λ_T/(D M²) Σ_{n≠m} T_mn w̃_n,   ∂L/∂ṽ_m = Σ_s r_s g(ν_sm).
import type { StudentActivation } from '@shared/spec'
import { activations } from '@models/twoLayer/activations'
import type { Rng } from '@numeric/random/rng'
import { lbfgs } from '@numeric/optimize/lbfgs'
import { gemm } from '@numeric/linalg/gemm'
import { welchTTest, type WelchResult } from '@numeric/stats/welch'

export interface PseudoTeacher {
  M: number
  D: number
  g: StudentActivation
  /** w̃, M×D row-major */
  w: Float64Array
  /** ṽ, length M */
  v: Float64Array
}

/** Even/odd digit → label: odd +1, even −1. */
export const parityLabel = (digit: number): number => (digit % 2 === 1 ? 1 : -1)

/** ŷ for n latents c (n×D) into out (n); `nu` (n×M) receives the pre-activations if given. */
export function teacherOutput(t: PseudoTeacher, c: Float64Array, n: number, out: Float64Array, nu: Float64Array = new Float64Array(n * t.M)): Float64Array {
  const { M, D, w, v } = t
  const g = activations[t.g].g
  gemm(n, M, D, c, w, nu, { transB: true, alpha: 1 / Math.sqrt(D) })
  for (let s = 0; s < n; s++) {
    let y = 0
    for (let m = 0; m < M; m++) y += v[m] * g(nu[s * M + m])
    out[s] = y
  }
  return out
}

/** fraction of samples with sign(ŷ) = y */
export function accuracy(t: PseudoTeacher, c: Float64Array, y: ArrayLike<number>, n: number): number {
  const out = teacherOutput(t, c, n, new Float64Array(n))
  let ok = 0
  for (let s = 0; s < n; s++) if (out[s] * y[s] > 0) ok++
  return ok / n
}

export interface TeacherFitOptions {
  M: number
  g: StudentActivation
  lambdaT: number
  iterations: number
  history: number
  /** train ṽ too (else ṽ = 1, the HMM's default teacher) */
  trainV: boolean
}

export interface TeacherDiagnostics {
  loss: number
  /** mean (ŷ − y)² */
  mse: number
  penalty: number
  /** max_{m≠n} |T_mn| */
  offdiagT: number
}

/** Loss and gradient in θ = [w̃ (M×D) | ṽ (M) when trained]. */
export class TeacherObjective {
  last: TeacherDiagnostics | null = null
  private readonly nu: Float64Array
  private readonly T: Float64Array

  constructor(
    readonly c: Float64Array,
    readonly y: ArrayLike<number>,
    readonly n: number,
    readonly D: number,
    readonly opts: Pick<TeacherFitOptions, 'M' | 'g' | 'lambdaT' | 'trainV'>,
    /** ṽ when it is not trained */
    readonly vFixed: Float64Array = new Float64Array(opts.M).fill(1)
  ) {
    this.nu = new Float64Array(n * opts.M)
    this.T = new Float64Array(opts.M * opts.M)
  }

  get size(): number {
    return this.opts.M * this.D + (this.opts.trainV ? this.opts.M : 0)
  }

  teacher(theta: Float64Array): PseudoTeacher {
    const { M, g, trainV } = this.opts
    const D = this.D
    return { M, D, g, w: theta.slice(0, M * D), v: trainV ? theta.slice(M * D, M * D + M) : this.vFixed.slice() }
  }

  evaluate = (theta: Float64Array, grad: Float64Array): number => {
    const { c, y, n, D, nu, T } = this
    const { M, lambdaT, trainV } = this.opts
    const { g, dg } = activations[this.opts.g]
    const w = theta.subarray(0, M * D)
    const v = trainV ? theta.subarray(M * D, M * D + M) : this.vFixed
    const gw = grad.subarray(0, M * D)
    const invSqrtD = 1 / Math.sqrt(D)
    gemm(n, M, D, c, w, nu, { transB: true, alpha: invSqrtD })
    // nu ← r_s ṽ_m g'(ν_sm) after using ν for ŷ and ∂/∂ṽ
    let sse = 0
    if (trainV) grad.fill(0, M * D, M * D + M)
    for (let s = 0; s < n; s++) {
      const o = s * M
      let yh = 0
      for (let m = 0; m < M; m++) yh += v[m] * g(nu[o + m])
      const e = yh - y[s]
      sse += e * e
      const r = (2 * e) / n
      for (let m = 0; m < M; m++) {
        if (trainV) grad[M * D + m] += r * g(nu[o + m])
        nu[o + m] = r * v[m] * dg(nu[o + m])
      }
    }
    gemm(M, D, n, nu, c, gw, { transA: true, alpha: invSqrtD })
    // penalty λ_T ‖T − diag T‖²/M²
    gemm(M, M, D, w, w, T, { transB: true, alpha: 1 / D })
    let off2 = 0, offMax = 0
    for (let a = 0; a < M; a++) T[a * M + a] = 0
    for (let k = 0; k < M * M; k++) {
      off2 += T[k] * T[k]
      offMax = Math.max(offMax, Math.abs(T[k]))
    }
    // ∂/∂w̃_m = 4λ_T/(D M²) Σ_{n≠m} T_mn w̃_n (T's diagonal is zeroed above)
    gemm(M, D, M, T, w, gw, { alpha: (4 * lambdaT) / (D * M * M), beta: 1 })
    const mse = sse / n
    const penalty = (lambdaT * off2) / (M * M)
    this.last = { loss: mse + penalty, mse, penalty, offdiagT: offMax }
    return mse + penalty
  }
}

export interface TeacherFitStep extends TeacherDiagnostics {
  iteration: number
}

/** Start from w̃ ~ N(0,1), ṽ = 1; L-BFGS; yields the start and every iteration. */
export function* fitTeacher(
  c: Float64Array,
  y: ArrayLike<number>,
  n: number,
  D: number,
  opts: TeacherFitOptions,
  rng: Rng
): Generator<TeacherFitStep, { teacher: PseudoTeacher; diagnostics: TeacherDiagnostics }, void> {
  const obj = new TeacherObjective(c, y, n, D, opts)
  const theta = new Float64Array(obj.size)
  const init = randomTeacher(opts.M, D, opts.g, rng)
  theta.set(init.w)
  if (opts.trainV) theta.set(init.v, opts.M * D)
  obj.evaluate(theta, new Float64Array(obj.size))
  yield { iteration: 0, ...obj.last! }
  const run = lbfgs(obj.evaluate, theta, { history: opts.history, maxIterations: opts.iterations, gradTol: 1e-10, relTol: 1e-12 })
  for (let r = run.next(); !r.done; r = run.next()) yield { iteration: r.value.iteration, ...obj.last! }
  return { teacher: obj.teacher(theta), diagnostics: obj.last! }
}

/** A randomly initialised teacher: w̃ entries N(0,1), ṽ = 1 (the starting point of fitTeacher). */
export function randomTeacher(M: number, D: number, g: StudentActivation, rng: Rng): PseudoTeacher {
  const w = new Float64Array(M * D)
  rng.fillNormal(w)
  return { M, D, g, w, v: new Float64Array(M).fill(1) }
}

export interface TeacherSignificance extends WelchResult {
  /** accuracy of the fitted teacher on all held-out samples */
  accuracy: number
  /** mean accuracy of the random teachers */
  randomAccuracy: number
  /** group A: the fitted teacher's accuracy on each held-out batch */
  batchAccuracies: number[]
  /** group B: random teacher j's accuracy on batch j mod batches */
  randomAccuracies: number[]
}

/**
 * Welch's t-test of the fitted teacher against randomly initialised ones (MATH.md §4): the
 * held-out set is cut into `batches` equal batches; group A = the fitted teacher's accuracy on
 * each batch, group B = the accuracy of `randomTeachers` fresh teachers, teacher j on batch
 * j mod batches. Both groups are accuracies on batches of the same size.
 */
export function teacherSignificance(
  t: PseudoTeacher,
  c: Float64Array,
  y: ArrayLike<number>,
  n: number,
  rng: Rng,
  opts: { randomTeachers?: number; batches?: number } = {}
): TeacherSignificance {
  const R = opts.randomTeachers ?? 30
  const nb = opts.batches ?? 30
  const size = Math.floor(n / nb)
  if (size < 1 || R < 2 || nb < 2) throw new Error(`need ≥ 2 batches of ≥ 1 sample and ≥ 2 random teachers (n=${n}, batches=${nb}, teachers=${R})`)
  const D = t.D
  const batch = (j: number) => c.subarray(j * size * D, (j + 1) * size * D)
  const labels = (j: number) => Array.prototype.slice.call(y, j * size, (j + 1) * size) as number[]
  const batchAccuracies = Array.from({ length: nb }, (_, j) => accuracy(t, batch(j), labels(j), size))
  const randomAccuracies = Array.from({ length: R }, (_, j) => {
    const rt = randomTeacher(t.M, D, t.g, rng)
    return accuracy(rt, batch(j % nb), labels(j % nb), size)
  })
  const w = welchTTest(batchAccuracies, randomAccuracies)
  return {
    ...w,
    accuracy: accuracy(t, c, y, n),
    randomAccuracy: w.meanB,
    batchAccuracies,
    randomAccuracies
  }
}
