// Fit of latents C ∈ R^{P×D} and features F ∈ R^{D×N} to images X ∈ [−1,1]^{P×N} (MATH.md §4):
//   L = mean (f(CF/√D) − X)² + λ_C ‖CᵀC/P − I‖²/D² + λ_F ‖FFᵀ/N − I‖²/D² + λ_μ ‖mean_p C_p·‖²/D
// Gradients (E = f(U) − X, U = CF/√D, G = 2 E ⊙ f'(U) / (PN)):
//   ∇_C = G Fᵀ/√D + 4λ_C C (CᵀC/P − I)/(P D²) + 2λ_μ 1 mᵀ/(P D),  m = column means of C
//   ∇_F = Cᵀ G/√D + 4λ_F (FFᵀ/N − I) F/(N D²)
// U and G are formed a block of rows at a time, so memory is O(block·N), not O(P·N).
// With threads T > 1 the rows of C are split over T threads (latentBlocks.ts: the caller and T − 1
// worker threads sharing C, F, ∇C and the T partials of ∇F through SharedArrayBuffers); the caller
// sums the partials in a fixed order, so a fit is reproducible for a given T (T = 1 is the serial
// loop below, unchanged). The Gram and mean penalties stay in the caller.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Rng } from '@numeric/random/rng'
import { lbfgs, type LbfgsResult } from '@numeric/optimize/lbfgs'
import { gemm } from '@numeric/linalg/gemm'
import { Team } from '@numeric/parallel/team'
import { makeResidual, type Residual } from './residual'
import { allocateLatentShared, LatentRows } from './latentBlocks'

/** Differentiable input maps f (sgn is not: it cannot be fitted by gradients). */
export type FitMap = 'tanh' | 'erf' | 'linear'

export { PIXEL_TO_UNIT } from './residual'

export interface LatentFitOptions {
  D: number
  f: FitMap
  lambdaC: number
  lambdaF: number
  /** weight of the column-mean penalty λ_μ */
  lambdaMean: number
  /** L-BFGS iterations */
  iterations: number
  /** L-BFGS history m */
  history: number
  /** rows of X per block (memory ∝ blockRows·N) */
  blockRows?: number
  /** element-wise kernel: WebAssembly SIMD for tanh where available ('auto'), or the JS loops */
  residualKernel?: 'auto' | 'js'
  /** threads for one evaluation (the caller + threads − 1 workers); 0 = os.availableParallelism(); default 1 */
  threads?: number
}

/** The thread count a fit uses: 0 → all cores; never more than the P rows. */
export function resolveFitThreads(threads: number | undefined, P: number): number {
  const t = threads ?? 1
  if (!Number.isInteger(t) || t < 0) throw new Error(`threads must be a non-negative integer, got ${t}`)
  return Math.max(1, Math.min(t === 0 ? availableParallelism() : t, P))
}

/** The worker threads' entry: latentBlockWorker.js beside a bundle, else the TypeScript source through tsx. */
function blockWorkerEntry(): URL {
  const bundled = new URL('./latentBlockWorker.js', import.meta.url)
  if (existsSync(fileURLToPath(bundled))) return bundled
  const source = new URL('./latentBlockWorker.dev.mjs', import.meta.url)
  if (existsSync(fileURLToPath(source))) return source
  throw new Error(`threads > 1: cannot find the latent fit's worker (looked for ${fileURLToPath(bundled)} and ${fileURLToPath(source)})`)
}

export interface LatentDiagnostics {
  loss: number
  /** mean (f(U) − X)² */
  recon: number
  penaltyC: number
  penaltyF: number
  penaltyMean: number
  /** max_{i≠j} |(CᵀC/P)_ij| */
  offdiagC: number
  /** max_{i≠j} |(FFᵀ/N)_ij| */
  offdiagF: number
  /** max_i |(CᵀC/P)_ii − 1| */
  diagC: number
  /** max_i |(FFᵀ/N)_ii − 1| */
  diagF: number
  /** max_r |mean_p C_pr| */
  meanC: number
}

/**
 * The loss and its gradient in θ = [C (P×D, row-major) | F (D×N, row-major)].
 * `last` holds the diagnostics of the latest evaluation.
 */
export class LatentObjective {
  readonly P: number
  readonly D: number
  readonly N: number
  /** threads per evaluation (resolved: ≥ 1) */
  readonly threads: number
  last: LatentDiagnostics | null = null
  /** wall seconds spent in the row-split data term so far (the part T threads share; for Amdahl estimates) */
  dataTermSeconds = 0
  private readonly block: number
  /** T = 1 only (with T > 1 each thread's LatentRows owns its workspace) */
  private readonly residual: Residual | null = null
  private readonly gramC: Float64Array
  private readonly gramF: Float64Array
  private readonly means: Float64Array
  /** T > 1: the rank-0 rows and the team of T − 1 workers */
  private readonly rows: LatentRows | null = null
  private readonly team: Team | null = null

  /** pixels: P×N bytes (row-major), mapped to [−1, 1] by PIXEL_TO_UNIT */
  constructor(
    readonly pixels: Uint8Array,
    P: number,
    N: number,
    readonly opts: Pick<LatentFitOptions, 'D' | 'f' | 'lambdaC' | 'lambdaF' | 'lambdaMean' | 'blockRows' | 'residualKernel' | 'threads'>
  ) {
    if (pixels.length < P * N) throw new Error(`LatentObjective: ${pixels.length} pixels < P·N = ${P * N}`)
    this.P = P
    this.N = N
    this.D = opts.D
    this.block = Math.max(1, Math.min(P, opts.blockRows ?? 512))
    this.threads = resolveFitThreads(opts.threads, P)
    if (this.threads > 1) {
      const layout = allocateLatentShared(pixels, P, N, { D: this.D, T: this.threads, block: this.block, f: opts.f, residualKernel: opts.residualKernel ?? 'auto' })
      this.rows = new LatentRows(layout, 0)
      this.team = new Team(blockWorkerEntry(), this.threads - 1, { layout })
    } else this.residual = makeResidual(opts.f, this.block * N, opts.residualKernel ?? 'auto')
    this.gramC = new Float64Array(this.D * this.D)
    this.gramF = new Float64Array(this.D * this.D)
    this.means = new Float64Array(this.D)
  }

  get size(): number {
    return this.P * this.D + this.D * this.N
  }

  /** views of C and F inside θ */
  split(theta: Float64Array): { C: Float64Array; F: Float64Array } {
    const nc = this.P * this.D
    return { C: theta.subarray(0, nc), F: theta.subarray(nc, nc + this.D * this.N) }
  }

  /** Stop the worker threads (T > 1; idempotent). The objective cannot be evaluated after. */
  close(): void {
    this.team?.close()
  }

  /** Σ E² over all rows; writes the data terms of ∇C and ∇F into gC, gF. */
  private dataTerm(C: Float64Array, F: Float64Array, gC: Float64Array, gF: Float64Array): number {
    if (this.team && this.rows) return this.dataTermThreaded(C, F, gC, gF, this.team, this.rows)
    const { P, D, N, block } = this
    const residual = this.residual!
    const U = residual.U
    const invSqrtD = 1 / Math.sqrt(D)
    const scale = 2 / (P * N)
    let sse = 0
    gF.fill(0)
    for (let p0 = 0; p0 < P; p0 += block) {
      const b = Math.min(block, P - p0)
      const Cb = C.subarray(p0 * D, (p0 + b) * D)
      // U_b = C_b F / √D
      gemm(b, N, D, Cb, F, U, { alpha: invSqrtD })
      sse += residual.run(this.pixels, p0 * N, b * N, scale)
      // ∇C_b = G_b Fᵀ/√D ; ∇F += C_bᵀ G_b/√D
      gemm(b, D, N, U, F, gC.subarray(p0 * D, (p0 + b) * D), { transB: true, alpha: invSqrtD })
      gemm(D, N, b, Cb, U, gF, { transA: true, alpha: invSqrtD, beta: 1 })
    }
    return sse
  }

  /** The same over T threads: θ into the shared buffers, one team round, partials summed t = 0…T−1. */
  private dataTermThreaded(C: Float64Array, F: Float64Array, gC: Float64Array, gF: Float64Array, team: Team, rows: LatentRows): number {
    rows.C.set(C)
    rows.F.set(F)
    team.run(() => rows.run())
    const T = this.threads
    const DN = this.D * this.N
    const parts = new Float64Array(rows.layout.gradF)
    gC.set(rows.gradC)
    gF.set(parts.subarray(0, DN))
    for (let t = 1; t < T; t++) {
      const o = t * DN
      for (let i = 0; i < DN; i++) gF[i] += parts[o + i]
    }
    let sse = 0
    for (let t = 0; t < T; t++) sse += rows.sse[t]
    return sse
  }

  evaluate = (theta: Float64Array, grad: Float64Array): number => {
    const { P, D, N } = this
    const { lambdaC, lambdaF, lambdaMean } = this.opts
    const { C, F } = this.split(theta)
    const { C: gC, F: gF } = this.split(grad)
    const t0 = performance.now()
    const sse = this.dataTerm(C, F, gC, gF)
    this.dataTermSeconds += (performance.now() - t0) / 1000
    const recon = sse / (P * N)

    // λ_C ‖CᵀC/P − I‖²/D²: ∇_C += 4λ_C C (CᵀC/P − I)/(P D²)
    const Gc = this.gramC
    gemm(D, D, P, C, C, Gc, { transA: true, alpha: 1 / P })
    const dc = offIdentity(Gc, D)
    gemm(P, D, D, C, Gc, gC, { alpha: (4 * lambdaC) / (P * D * D), beta: 1 })
    // λ_F ‖FFᵀ/N − I‖²/D²: ∇_F += 4λ_F (FFᵀ/N − I) F/(N D²)
    const Gf = this.gramF
    gemm(D, D, N, F, F, Gf, { transB: true, alpha: 1 / N })
    const df = offIdentity(Gf, D)
    gemm(D, N, D, Gf, F, gF, { alpha: (4 * lambdaF) / (N * D * D), beta: 1 })
    // λ_μ ‖m‖²/D, m_r = mean_p C_pr: ∇_{C_pr} += 2λ_μ m_r/(P D)
    const m = this.means
    m.fill(0)
    for (let p = 0; p < P; p++) for (let r = 0; r < D; r++) m[r] += C[p * D + r]
    let m2 = 0, meanC = 0
    for (let r = 0; r < D; r++) {
      m[r] /= P
      m2 += m[r] * m[r]
      meanC = Math.max(meanC, Math.abs(m[r]))
    }
    const cm = (2 * lambdaMean) / (P * D)
    for (let p = 0; p < P; p++) for (let r = 0; r < D; r++) gC[p * D + r] += cm * m[r]

    const penaltyC = (lambdaC * dc.sumSq) / (D * D)
    const penaltyF = (lambdaF * df.sumSq) / (D * D)
    const penaltyMean = (lambdaMean * m2) / D
    const loss = recon + penaltyC + penaltyF + penaltyMean
    this.last = {
      loss, recon, penaltyC, penaltyF, penaltyMean,
      offdiagC: dc.offMax, offdiagF: df.offMax, diagC: dc.diagMax, diagF: df.diagMax, meanC
    }
    return loss
  }
}

/** G ← G − I in place; returns ‖G − I‖², max off-diagonal |G_ij|, max |G_ii − 1|. */
function offIdentity(G: Float64Array, D: number): { sumSq: number; offMax: number; diagMax: number } {
  let sumSq = 0, offMax = 0, diagMax = 0
  for (let i = 0; i < D; i++)
    for (let j = 0; j < D; j++) {
      const k = i * D + j
      if (i === j) {
        G[k] -= 1
        diagMax = Math.max(diagMax, Math.abs(G[k]))
      } else offMax = Math.max(offMax, Math.abs(G[k]))
      sumSq += G[k] * G[k]
    }
  return { sumSq, offMax, diagMax }
}

export interface LatentFitStep extends LatentDiagnostics {
  /** 0 = the starting point */
  iteration: number
  evaluations: number
}

export interface LatentFitResult {
  P: number
  D: number
  N: number
  /** P×D */
  C: Float64Array
  /** D×N */
  F: Float64Array
  diagnostics: LatentDiagnostics
  lbfgs: LbfgsResult
  /** threads one evaluation used */
  threads: number
  /** wall seconds of the row-split data term over the whole fit (the rest is serial: penalties, L-BFGS) */
  dataTermSeconds: number
}

/**
 * Start: F entries N(0,1) (MATH.md §4), C entries N(0,1) (unit-variance, uncorrelated latents,
 * where the penalties vanish on average). Then L-BFGS; yields the start and every iteration.
 */
export function* fitLatents(
  pixels: Uint8Array,
  P: number,
  N: number,
  opts: LatentFitOptions,
  rng: Rng
): Generator<LatentFitStep, LatentFitResult, void> {
  const obj = new LatentObjective(pixels, P, N, opts)
  // the worker threads (T > 1) stop however the fit ends: done, thrown, or abandoned by return()
  try {
    const theta = new Float64Array(obj.size)
    rng.split('F').fillNormal(theta, P * opts.D)
    rng.split('C').fillNormal(theta, 0, P * opts.D)
    const g0 = new Float64Array(obj.size)
    obj.evaluate(theta, g0)
    yield { iteration: 0, evaluations: 1, ...obj.last! }
    const run = lbfgs(obj.evaluate, theta, { history: opts.history, maxIterations: opts.iterations, gradTol: 0, relTol: 1e-10 })
    let r = run.next()
    while (!r.done) {
      // the last evaluation was at the accepted iterate: its diagnostics are the iterate's
      yield { iteration: r.value.iteration, evaluations: r.value.evaluations + 1, ...obj.last! }
      r = run.next()
    }
    const { C, F } = obj.split(theta)
    return { P, D: opts.D, N, C: C.slice(), F: F.slice(), diagnostics: obj.last!, lbfgs: r.value, threads: obj.threads, dataTermSeconds: obj.dataTermSeconds }
  } finally {
    obj.close()
  }
}
