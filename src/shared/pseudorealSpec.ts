// Specs of the pseudo-real MNIST pipeline (MATH.md §4): the fit options (shared by the engine,
// the CLI and the renderer's form) and the two run kinds built on them:
//   mnist-fit   images + labels (IDX files) → C, F, KDE, pseudo-teacher, corrected μ1, μ2
//   pseudoreal  SGD on KDE latents against the ODE with the fit's Ω, T, T̃ and corrected μ1, μ2
import { z } from 'zod'
import { ODE_ACTIVATIONS, StudentActivation, TrainSpec } from './spec'
import { runLabels } from './specs/common'

/** what a fit's pseudo-teacher reads: the latent minus the KDE's mean (its summary says so; pseudoreal runs refuse fits without it) */
export const TEACHER_INPUT = 'centred'

const positiveInt = z.number().int().positive()
const finite = z.number().finite()

export const PseudoTeacherOptions = z.strictObject({
  /** hidden units of the teacher */
  M: positiveInt.max(1000).default(2),
  g: StudentActivation.default('erf'),
  /** weight λ_T of the off-diagonal penalty ‖w̃w̃ᵀ/D − diag‖²/M² */
  lambdaT: finite.nonnegative().default(1),
  iterations: z.number().int().nonnegative().max(1_000_000).default(200),
  history: positiveInt.max(1000).default(10),
  /** train ṽ too (default: ṽ = 1 as the HMM teacher) */
  trainV: z.boolean().default(false),
  /** KDE samples to train on, and held-out ones for the accuracy */
  trainSamples: positiveInt.max(10_000_000).default(10_000),
  testSamples: positiveInt.max(10_000_000).default(10_000),
  /** randomly initialised teachers in the Welch test (the issue asks for ≥ 30) */
  randomTeachers: z.number().int().min(30).max(10_000).default(30),
  /** held-out batches: the fitted teacher's accuracy per batch is the test's first sample */
  batches: z.number().int().min(2).max(10_000).default(30)
})

export const PseudoRealOptions = z.strictObject({
  seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(0),
  /** images used */
  P: positiveInt.max(1_000_000).default(10_000),
  /** latent dimension */
  D: positiveInt.max(100_000).default(100),
  /** input map, differentiable (sgn cannot be fitted) */
  f: z.enum(['tanh', 'erf', 'linear']).default('tanh'),
  lambdaC: finite.nonnegative().default(1),
  lambdaF: finite.nonnegative().default(1),
  /** weight of the penalty on the column means of C */
  lambdaMean: finite.nonnegative().default(1),
  iterations: z.number().int().nonnegative().max(1_000_000).default(200),
  history: positiveInt.max(1000).default(10),
  /** threads for one fit's loss and gradient (rows of C split over worker threads); 0 = all cores; 1 = the serial loop */
  threads: z.number({ error: 'threads must be a number' }).int('threads must be an integer').min(0, 'threads must be ≥ 0 (0 = all cores)').max(256, 'threads must be ≤ 256').default(1),
  /** which P images: the first P, or P drawn without replacement */
  selection: z.enum(['first', 'random']).default('random'),
  bandwidth: z.union([z.enum(['scott', 'silverman']), finite.positive()]).default('scott'),
  teacher: PseudoTeacherOptions.default(PseudoTeacherOptions.parse({}))
})
export type PseudoRealOptions = z.infer<typeof PseudoRealOptions>
export type PseudoRealOptionsInput = z.input<typeof PseudoRealOptions>

const common = runLabels

/** Fit run: the pipeline on local IDX files (plain or .gz). */
export const MnistFitRunSpec = z
  .strictObject({
    engine: z.literal('mnist-fit'),
    ...common,
    /** path of the image file (idx3-ubyte) */
    images: z.string().min(1).max(4096),
    /** path of the label file (idx1-ubyte) */
    labels: z.string().min(1).max(4096),
    /** read only the first `limit` images of the files (all are validated) */
    limit: positiveInt.max(100_000_000).optional(),
    ...PseudoRealOptions.shape
  })
  .superRefine((s, ctx) => {
    if (s.limit !== undefined && s.P > s.limit) ctx.addIssue({ code: 'custom', path: ['P'], message: `P = ${s.P} images asked, limit is ${s.limit}` })
    if (s.P < 2) ctx.addIssue({ code: 'custom', path: ['P'], message: 'P must be at least 2 (the KDE needs 2 rows)' })
  })
export type MnistFitRunSpec = z.infer<typeof MnistFitRunSpec>

export const PseudoRealModel = z.strictObject({
  /** student hidden units */
  K: positiveInt.max(10_000).default(2),
  g: z.enum(['erf', 'relu', 'linear']).default('erf'),
  trainSecondLayer: z.boolean().default(false),
  init: z.enum(['large', 'small']).default('large')
})

export const PseudoRealOde = z.strictObject({
  dt: finite.positive().max(1).default(0.01),
  method: z.enum(['euler', 'rk4']).default('euler'),
  /**
   * the ODE's model of the data: 'covariate' = the Gaussian covariate model with the exact input
   * covariance Ω_x = E[xxᵀ] and cross-covariance E[x(c − m)ᵀ] over the KDE, its ODE in the eigenbasis
   * of Ω_x (gaussianCovariate.ts; needs inputs 'centred'); 'pixel' = the Gaussian-equivalent HMM with the latents' exact
   * covariance and a slope κ_i per pixel (gaussianEquivalent.ts), the r-equation's teacher term
   * kept per mode; 'paper' = Ω from F, T from w̃, one pair of corrected μ1, μ2 over the
   * standardised u and MATH.md §3's τ-averaged T̃, as Bae & Jeong §V.3
   */
  correction: z.enum(['covariate', 'pixel', 'paper']).default('covariate'),
  /**
   * KDE draws for the covariate model's Ω_x = E[xxᵀ] and Φ = E[x(c − m)ᵀ] (relative error of Q(0) ≈
   * √((κ − 1)/n) for fields of kurtosis κ: 10⁵ puts Q(0) within 2 % of SGD's on digits and Fashion-MNIST)
   */
  covariateSamples: z.number().int().min(1000).max(2_000_000).default(100_000),
  /**
   * bins of the latents' per-image scale (the whitened radius) for 'covariate': 1 = one Gaussian for
   * all inputs (the plain covariate model); S > 1 = Gaussian given the bin, each bin with its own
   * second moments, the ODE's integrals averaged over bins (odeScaleMixture.ts; S·N² doubles of
   * memory). 16 by default: ε_g ODE/SGD 1.02–1.15 (digits), 1.04–1.25 (Fashion) against 1.07–1.37,
   * 1.19–1.75 with one bin (docs/UNIVERSALITY.md)
   */
  scaleBins: z.number().int().min(1).max(32).default(16),
  /**
   * draws of the data on which the ODE's student is also tested, 'covariate' only (series ode/eg_data:
   * its mean weights and SGD-noise spectrum on real inputs instead of Gaussian fields; dataReadout.ts;
   * 4 bytes × N per draw); 0 = none. Within 10 % of SGD's ε_g at the defaults on digits and Fashion-MNIST
   */
  readoutSamples: z.number().int().min(0).max(200_000).default(10_000)
})

/** Dynamics run on a completed mnist-fit run: SGD on KDE latents next to the corrected ODE. */
export const PseudoRealRunSpec = z
  .strictObject({
    engine: z.literal('pseudoreal'),
    ...common,
    seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(0),
    /** id of a completed mnist-fit run (or a unique prefix of it) */
    pipeline: z.string().min(1).max(64),
    model: PseudoRealModel.default(PseudoRealModel.parse({})),
    train: TrainSpec.default(TrainSpec.parse({})),
    solve: z.array(z.enum(['sgd', 'ode'])).min(1).max(2).default(['sgd', 'ode']),
    /** student inputs: f(u) − E f(u) per pixel, as real data is centred (the ODE assumes mean 0), or f(u) */
    inputs: z.enum(['centred', 'raw']).default('centred'),
    ode: PseudoRealOde.default(PseudoRealOde.parse({}))
  })
  .superRefine((s, ctx) => {
    if (new Set(s.solve).size !== s.solve.length) ctx.addIssue({ code: 'custom', path: ['solve'], message: 'solve lists an engine twice' })
    if (!ODE_ACTIVATIONS.includes(s.model.g)) ctx.addIssue({ code: 'custom', path: ['model', 'g'], message: `no ODE integrals for '${s.model.g}'` })
    if (s.train.tMin >= s.train.tMax) ctx.addIssue({ code: 'custom', path: ['train', 'tMin'], message: 'tMin must be below tMax' })
    if (s.solve.includes('ode') && s.ode.correction === 'covariate' && s.inputs !== 'centred')
      ctx.addIssue({ code: 'custom', path: ['ode', 'correction'], message: "the covariate model describes centred inputs (mean 0): use inputs: 'centred', or correction 'pixel' or 'paper'" })
  })
export type PseudoRealRunSpec = z.infer<typeof PseudoRealRunSpec>
