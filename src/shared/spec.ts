// RunSpec: the one schema for what a run is. Parsed identically by the CLI, the HTTP server,
// the IPC handlers and the renderer's forms (MATH.md gives the meaning of every field).
import { z } from 'zod'
import { runCommon } from './specs/common'

const positiveInt = z.number().int().positive()
const finite = z.number().finite()
/** a count of at most `max` (memory and time of the whole spec are checked by src/shared/cost.ts) */
export const count = (max: number) => positiveInt.max(max)

/** Student activations g (MATH.md §1). tanh and sigmoid have no ODE integrals. */
export const StudentActivation = z.enum(['erf', 'relu', 'linear', 'tanh', 'sigmoid'])
export type StudentActivation = z.infer<typeof StudentActivation>
/** Activations with closed-form (or quadrature) integrals I2, I3, I4: the ODE can use them. */
export const ODE_ACTIVATIONS: readonly StudentActivation[] = ['erf', 'relu', 'linear']

/** Element-wise map f from the projection u = cF/√D to the student's input x = f(u). */
export const InputMap = z.enum(['sgn', 'erf', 'tanh', 'linear'])
export type InputMap = z.infer<typeof InputMap>

export const Standardize = z.enum(['none', 'exact', 'sample', 'whiten'])
export type Standardize = z.infer<typeof Standardize>

const standardisation = {
  /**
   * c_r ← (c_r − E c_r)/√Var c_r per latent dimension with exact or sampled moments (MATH.md §5), or
   * 'whiten': c ← Σ_c^{−1/2}(c − E c) with the exact covariance (removes a per-vector mixture's spikes).
   */
  standardize: Standardize.default('none'),
  /** Draws used to estimate the moments when standardize = 'sample'. */
  standardizeSamples: count(100_000_000).default(100_000)
}

/** Latent distributions of Bae & Jeong Table 1 (MATH.md §5); defaults are the project's. */
export const LatentSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('gaussian'), ...standardisation }),
  z.strictObject({
    kind: z.literal('mixture'),
    /** number of components */
    m: count(100_000).default(4),
    /** spread: component means have entries U[−α, α] */
    alpha: finite.nonnegative().max(1e6).default(1),
    /**
     * 'vector': one component per latent vector, c = μ_i + N(0, I_D) (MATH.md §5, the paper's
     * formula); 'coordinate': an independent component per coordinate (i.i.d. 1-D mixtures, the
     * setting of Lemma V.1 and of Table 1), where per-dimension standardisation restores the ODE.
     */
    components: z.enum(['vector', 'coordinate']).default('vector'),
    ...standardisation
  }),
  z.strictObject({ kind: z.literal('uniform'), a: finite.default(0), b: finite.default(1), ...standardisation })
    .refine((s) => s.b > s.a, { message: 'uniform needs b > a', path: ['b'] }),
  z.strictObject({ kind: z.literal('beta'), a: finite.positive().default(2), b: finite.positive().default(5), ...standardisation }),
  z.strictObject({ kind: z.literal('poisson'), lambda: finite.positive().default(3), ...standardisation }),
  z.strictObject({ kind: z.literal('laplace'), mu: finite.default(0), b: finite.positive().default(1), ...standardisation }),
  z.strictObject({ kind: z.literal('pareto'), shape: finite.positive().default(3), scale: finite.positive().default(1), ...standardisation }),
  z.strictObject({ kind: z.literal('lorentz'), x0: finite.default(0), gamma: finite.positive().default(1), ...standardisation })
])
export type LatentSpec = z.infer<typeof LatentSpec>
export type LatentKind = LatentSpec['kind']
export const LATENT_KINDS: LatentKind[] = ['gaussian', 'mixture', 'uniform', 'beta', 'poisson', 'laplace', 'pareto', 'lorentz']

export const HmmModel = z.strictObject({
  /** input dimension of the student */
  N: count(1_000_000).default(500),
  /** latent dimension; δ = D/N. D > N is allowed (Ω is then rank-deficient, the ODE still holds). */
  D: count(1_000_000).default(250),
  /** student hidden units */
  K: count(10_000).default(2),
  /** teacher hidden units */
  M: count(10_000).default(2),
  g: StudentActivation.default('erf'),
  teacherG: StudentActivation.default('erf'),
  f: InputMap.default('sgn'),
  trainSecondLayer: z.boolean().default(false),
  init: z.enum(['large', 'small']).default('large'),
  /** teacher second layer: ṽ_m = 1 ('ones') or N(0,1) ('sampled') */
  teacherV: z.enum(['ones', 'sampled']).default('ones'),
  /**
   * spectrum of the features F (MATH.md §1): 'iid' entries N(0,1); 'power-law' rows scaled so that
   * Ω = FFᵀ/N has eigenvalues ≈ s_r² ∝ r^(−featureDecay), normalised to mean 1 (tr Ω/D ≈ 1 as for iid).
   * The power-law spectrum is aligned with the latent coordinates.
   */
  features: z.enum(['iid', 'power-law']).default('iid'),
  featureDecay: finite.positive().max(10).default(1),
  /**
   * the teacher's latent weights w̃: 'random' entries N(0,1); 'top-modes' random combinations of
   * the eigenvectors ψ_τ of Ω with the teacherModes largest eigenvalues, scaled to |w̃_m|² = D.
   * A teacher on the top modes is where the per-mode and τ-averaged ODE teacher terms differ (MATH.md §3).
   */
  teacher: z.enum(['random', 'top-modes']).default('random'),
  teacherModes: positiveInt.max(100_000).default(20)
})
export type HmmModel = z.infer<typeof HmmModel>

export const TrainSpec = z.strictObject({
  lr: finite.positive().default(0.2),
  tMax: finite.positive().max(1e9).default(100),
  /** first log-spaced record time (t = 0 is always recorded too) */
  tMin: finite.positive().default(0.01),
  testSamples: count(100_000_000).default(10_000),
  points: count(100_000).min(2).default(200)
})
export type TrainSpec = z.infer<typeof TrainSpec>

const matrix = z.array(z.array(finite).max(100_000)).max(100_000)
/**
 * An explicit ODE initial state (MATH.md §2–3), e.g. exported by another tool.
 * sigma[k][l][τ], r[k][m][τ], rho[τ]: the eigenvalues of Ω.
 */
export const OdeInitialState = z.strictObject({
  sigma: z.array(matrix).max(10_000),
  r: z.array(matrix).max(10_000),
  W: matrix,
  v: z.array(finite).max(10_000),
  vTeacher: z.array(finite).max(10_000),
  T: matrix,
  tildeT: matrix,
  rho: z.array(finite).max(1_000_000),
  /** ω[m][τ] = w̃_m·ψ_τ/√D, the teacher's overlaps per mode: needed by the per-mode teacher term */
  omega: matrix.optional()
})
export type OdeInitialState = z.infer<typeof OdeInitialState>

export const OdeSpec = z.strictObject({
  dt: finite.positive().max(1).default(0.01),
  /** explicit Euler (the literature's) or classical RK4 */
  method: z.enum(['euler', 'rk4']).default('euler'),
  /** start the ODE from this state instead of the one drawn from the seed (then solve must be ['ode']) */
  initialState: OdeInitialState.optional(),
  /**
   * teacher source of the r-equation (MATH.md §3): 'per-mode' μ1 ρ_τ ω_nτ ω_mτ (exact; the default),
   * or 'averaged', its τ-average μ1 ρ_τ T̃_nm, as Goldt et al.'s C++ integrator (hmm_ode.cpp) and the
   * reference fixture compute it. They agree for a random teacher and differ for one on the top modes of Ω.
   */
  teacherTerm: z.enum(['per-mode', 'averaged']).default('per-mode'),
  /** override μ1, μ2 (the pseudo-real pipeline's corrected expectations) */
  mu1: finite.optional(),
  mu2: finite.positive().optional()
})
export type OdeSpec = z.infer<typeof OdeSpec>

export const Solver = z.enum(['sgd', 'ode'])
export type Solver = z.infer<typeof Solver>

const common = runCommon

export const HmmRunSpec = z
  .strictObject({
    engine: z.literal('hmm'),
    ...common,
    model: HmmModel.default(HmmModel.parse({})),
    latent: LatentSpec.default({ kind: 'gaussian', standardize: 'none', standardizeSamples: 100_000 }),
    train: TrainSpec.default(TrainSpec.parse({})),
    solve: z.array(Solver).min(1).max(2).default(['sgd', 'ode']),
    ode: OdeSpec.default(OdeSpec.parse({}))
  })
  .superRefine((s, ctx) => {
    if (new Set(s.solve).size !== s.solve.length) ctx.addIssue({ code: 'custom', path: ['solve'], message: 'solve lists an engine twice' })
    if (s.solve.includes('ode')) {
      for (const key of ['g', 'teacherG'] as const) {
        if (!ODE_ACTIVATIONS.includes(s.model[key]))
          ctx.addIssue({
            code: 'custom',
            path: ['model', key],
            message: `the ODE has no integrals for activation '${s.model[key]}' (it has ${ODE_ACTIVATIONS.join(', ')}); use solve: ["sgd"] or another activation`
          })
      }
      if (s.model.g !== s.model.teacherG)
        ctx.addIssue({ code: 'custom', path: ['model', 'teacherG'], message: 'the ODE integrals assume teacher and student share one activation (teacherG must equal g)' })
    }
    const init = s.ode.initialState
    if (init) {
      if (s.solve.length !== 1 || s.solve[0] !== 'ode')
        ctx.addIssue({ code: 'custom', path: ['ode', 'initialState'], message: 'an explicit initial state has no weights for SGD: use solve: ["ode"]' })
      const { K, M, D } = s.model
      const bad = (p: (string | number)[], msg: string) => ctx.addIssue({ code: 'custom', path: ['ode', 'initialState', ...p], message: msg })
      if (init.rho.length !== D) bad(['rho'], `has ${init.rho.length} eigenvalues, model.D is ${D}`)
      if (init.sigma.length !== K || init.sigma.some((row) => row.length !== K || row.some((x) => x.length !== D)))
        bad(['sigma'], `must be K×K×D = ${K}×${K}×${D}`)
      if (init.r.length !== K || init.r.some((row) => row.length !== M || row.some((x) => x.length !== D)))
        bad(['r'], `must be K×M×D = ${K}×${M}×${D}`)
      if (init.W.length !== K || init.W.some((row) => row.length !== K)) bad(['W'], `must be K×K = ${K}×${K}`)
      if (init.v.length !== K) bad(['v'], `must have K = ${K} entries`)
      if (init.vTeacher.length !== M) bad(['vTeacher'], `must have M = ${M} entries`)
      if (init.T.length !== M || init.T.some((row) => row.length !== M)) bad(['T'], `must be M×M = ${M}×${M}`)
      if (init.tildeT.length !== M || init.tildeT.some((row) => row.length !== M)) bad(['tildeT'], `must be M×M = ${M}×${M}`)
      if (init.omega && (init.omega.length !== M || init.omega.some((row) => row.length !== D))) bad(['omega'], `must be M×D = ${M}×${D}`)
      if (!init.omega && s.ode.teacherTerm === 'per-mode')
        ctx.addIssue({ code: 'custom', path: ['ode', 'teacherTerm'], message: "the per-mode teacher term needs initialState.omega (the teacher's overlaps per mode); give it, or set ode.teacherTerm: 'averaged'" })
    }
    if (s.train.tMin >= s.train.tMax) ctx.addIssue({ code: 'custom', path: ['train', 'tMin'], message: 'tMin must be below tMax' })
    if (s.model.teacher === 'top-modes' && s.model.teacherModes > s.model.D)
      ctx.addIssue({ code: 'custom', path: ['model', 'teacherModes'], message: `must be at most model.D = ${s.model.D}` })
  })
export type HmmRunSpec = z.infer<typeof HmmRunSpec>

// The linear-student specs (Advani & Saxe, MATH.md §7) live in ./specs/linear.ts.

export type { RunSpec, RunSpecInput, EngineName } from './runSpec'
