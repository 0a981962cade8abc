// Specs of the linear-student engines (Advani & Saxe 2017; MATH.md §7; seed 002):
//   'linear'       one drawn instance: gradient descent iterated, the closed form for its
//                  dataset's eigenvalues, the typical (Marchenko–Pastur) dataset, the spectrum
//   'linear-dd'    double descent: E_g at long time and at optimal early stopping against α (N
//                  fixed) or against N (P fixed), theory beside simulation mean ± SE over seeds
//   'linear-relu'  two layers with a random ReLU first layer (eqs. 9–12): the readout by gradient
//                  descent, the weight norm and the Rademacher bound against N_h beside E_g − E_t
// Alternatives accepted on input: α (alpha) for P, SNR = σ_w²/σ_ε² (snr) for sigmaEps, INR =
// σ_w0²/σ_w² (inr) for sigmaW0; the parsed spec always carries N, P, sigmaEps, sigmaW0 too.
import { z } from 'zod'
import { runCommon } from './common'

const finite = z.number().finite()
const count = (max: number) => z.number().int().positive().max(max)

const common = runCommon

/** largest N, P of one instance; N·P floats of X stay under MAX_DATA (320 MB) */
export const LINEAR_LIMITS = { N: 4000, P: 40_000, data: 40_000_000, steps: 10_000_000, points: 10_000 } as const

export const LinearSolver = z.enum(['gd', 'theory', 'typical'])
export type LinearSolver = z.infer<typeof LinearSolver>

/** λ₊ = (1 + √α)², the top of the Marchenko–Pastur bulk */
export const mpUpperEdge = (alpha: number) => (1 + Math.sqrt(alpha)) ** 2

type Ctx = z.RefinementCtx
const issue = (ctx: Ctx, path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })

/** σ_ε from sigmaEps or snr (σ_w²/σ_ε²), σ_w0 from sigmaW0 or inr (σ_w0²/σ_w²): exactly one of each pair */
const noiseFields = {
  sigmaW: finite.nonnegative().max(1e6).default(1),
  /** initial student weight scale σ_w0 (or give inr) */
  sigmaW0: finite.nonnegative().max(1e6).optional(),
  /** initial-weight-to-teacher ratio INR = σ_w0²/σ_w² (instead of sigmaW0) */
  inr: finite.nonnegative().max(1e12).optional(),
  /** label noise σ_ε (or give snr) */
  sigmaEps: finite.nonnegative().max(1e6).optional(),
  /** signal-to-noise ratio SNR = σ_w²/σ_ε² (instead of sigmaEps) */
  snr: finite.positive().max(1e12).optional()
}

function checkPairs(s: { sigmaW0?: number; inr?: number; sigmaEps?: number; snr?: number; sigmaW: number }, ctx: Ctx) {
  if (s.sigmaW0 !== undefined && s.inr !== undefined) issue(ctx, ['inr'], 'give sigmaW0 or inr, not both')
  if (s.sigmaEps !== undefined && s.snr !== undefined) issue(ctx, ['snr'], 'give sigmaEps or snr, not both')
  if (s.snr !== undefined && s.sigmaW === 0) issue(ctx, ['snr'], 'snr = σ_w²/σ_ε² needs sigmaW > 0')
}

const resolveNoise = (s: { sigmaW0?: number; inr?: number; sigmaEps?: number; snr?: number; sigmaW: number }, defaultEps: number) => ({
  sigmaW0: s.sigmaW0 ?? (s.inr !== undefined ? s.sigmaW * Math.sqrt(s.inr) : 0),
  sigmaEps: s.sigmaEps ?? (s.snr !== undefined ? s.sigmaW / Math.sqrt(s.snr) : defaultEps)
})

/** P from P or α·N; an issue at alpha when α·N is not a whole number of samples */
function samplesOf(N: number, P: number | undefined, alpha: number | undefined, ctx: Ctx | null): number {
  if (alpha === undefined) return P ?? N
  const exact = alpha * N
  const rounded = Math.round(exact)
  if (ctx && Math.abs(exact - rounded) > 1e-9 * Math.max(1, exact)) issue(ctx, ['alpha'], `α·N = ${exact} is not a whole number of samples P (N = ${N})`)
  return rounded
}

const LinearRunInput = z.strictObject({
  engine: z.literal('linear'),
  ...common,
  /** input dimension N */
  N: count(LINEAR_LIMITS.N).default(100),
  /** training examples P (or give alpha) */
  P: count(LINEAR_LIMITS.P).optional(),
  /** α = P/N (instead of P) */
  alpha: finite.positive().max(LINEAR_LIMITS.P).optional(),
  ...noiseFields,
  /** gradient-descent step η; t = steps·η (τ = 1) */
  lr: finite.positive().max(10).default(0.05),
  /** last time; the run takes round(tMax/lr) steps */
  tMax: finite.positive().max(1e9).default(1000),
  /** log-spaced record times (t = 0 is recorded too) */
  points: count(LINEAR_LIMITS.points).min(2).default(200),
  /** gd: gradient descent iterated; theory: eq. 1 on this dataset's eigenvalues; typical: Marchenko–Pastur (eq. 6) */
  solve: z.array(LinearSolver).min(1).max(3).default(['gd', 'theory', 'typical']),
  /** bins of the spectrum histogram */
  bins: count(1000).default(40)
})

export const LinearRunSpec = LinearRunInput.superRefine((s, ctx) => {
  if (s.P !== undefined && s.alpha !== undefined) issue(ctx, ['alpha'], 'give P or alpha, not both')
  checkPairs(s, ctx)
  if (!(Number.isInteger(s.N) && s.N >= 1 && s.N <= LINEAR_LIMITS.N)) return // reported at N
  const P = samplesOf(s.N, s.P, s.alpha, ctx)
  const field = s.alpha !== undefined ? 'alpha' : 'P'
  if (s.alpha !== undefined && s.alpha > 0 && P < 1) issue(ctx, [field], `gives P = ${P}: at least one sample is needed`)
  if (s.alpha !== undefined && P > LINEAR_LIMITS.P) issue(ctx, [field], `gives P = ${P} samples, above the limit ${LINEAR_LIMITS.P}`)
  // X is drawn only for gd and theory; the typical curve needs no data
  const drawn = s.solve.includes('gd') || s.solve.includes('theory')
  if (drawn && s.N * P > LINEAR_LIMITS.data) issue(ctx, [field], `N·P = ${s.N * P} entries of X exceed the limit ${LINEAR_LIMITS.data} (${(LINEAR_LIMITS.data * 8) / 2 ** 20} MiB)`)
  const steps = Math.round(s.tMax / s.lr)
  if (steps < 1) issue(ctx, ['tMax'], `tMax = ${s.tMax} is less than one step of lr = ${s.lr}`)
  if (steps > LINEAR_LIMITS.steps) issue(ctx, ['tMax'], `tMax/lr = ${steps} steps exceed the limit ${LINEAR_LIMITS.steps}`)
  const edge = mpUpperEdge(P / s.N)
  if (s.solve.includes('gd') && s.lr * edge >= 2)
    issue(ctx, ['lr'], `lr = ${s.lr} is unstable: gradient descent needs lr·λ_max < 2 and λ_max ≈ (1 + √α)² = ${edge.toPrecision(4)} (lr < ${(2 / edge).toPrecision(3)})`)
  if (new Set(s.solve).size !== s.solve.length) issue(ctx, ['solve'], 'solve lists a solver twice')
}).transform((s) => ({ ...s, P: samplesOf(s.N, s.P, s.alpha, null), ...resolveNoise(s, 0.5) }))
export type LinearRunSpec = z.infer<typeof LinearRunSpec>
export type LinearRunSpecInput = z.input<typeof LinearRunSpec>

function increasing(values: number[], ctx: Ctx, path: string) {
  for (let i = 1; i < values.length; i++)
    if (!(values[i] > values[i - 1])) issue(ctx, [path, i], `must be strictly increasing: ${values[i]} after ${values[i - 1]}`)
}

export const LinearDoubleDescentSpec = z
  .strictObject({
    engine: z.literal('linear-dd'),
    ...common,
    /** 'alpha': sample-wise, E_g against α = P/N at fixed N; 'N': model-wise, against N at fixed P */
    axis: z.enum(['alpha', 'N']).default('alpha'),
    /** N for axis 'alpha' */
    N: count(2000).default(100),
    /** P for axis 'N' */
    P: count(20_000).default(100),
    /** the axis: α values (axis 'alpha', α·N whole) or N values (axis 'N') */
    values: z.array(finite.positive().max(20_000)).min(2).max(200).default([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.2, 1.4, 1.7, 2, 2.5, 3, 4]),
    /** SNR = σ_w²/σ_ε² values: one curve each */
    snrs: z.array(finite.positive().max(1e12)).min(1).max(10).default([1, 4, 16]),
    sigmaW: finite.positive().max(1e6).default(1),
    /** INR = σ_w0²/σ_w² */
    inr: finite.nonnegative().max(1e12).default(0),
    lr: finite.positive().max(10).default(0.02),
    /** the "long time" of the simulation and of the theory at finite time (E_g(∞) is recorded too) */
    tMax: finite.positive().max(1e9).default(1000),
    /** drawn instances per point: mean ± SE */
    seeds: count(1000).default(10)
  })
  .superRefine((s, ctx) => {
    increasing(s.values, ctx, 'values')
    const alphas = s.axis === 'alpha' ? s.values : s.values.map((n) => s.P / n)
    s.values.forEach((v, i) => {
      if (s.axis === 'alpha') {
        const P = v * s.N
        if (Math.abs(P - Math.round(P)) > 1e-9 * Math.max(1, P)) issue(ctx, ['values', i], `α·N = ${P} is not a whole number of samples (N = ${s.N})`)
        if (P > 20_000) issue(ctx, ['values', i], `α·N = ${P} samples exceed the limit 20000`)
      } else {
        if (!Number.isInteger(v)) issue(ctx, ['values', i], `N must be a whole number, got ${v}`)
        if (v > 2000) issue(ctx, ['values', i], `N = ${v} exceeds the limit 2000`)
      }
    })
    const edge = mpUpperEdge(Math.max(...alphas))
    if (s.lr * edge >= 2) issue(ctx, ['lr'], `lr = ${s.lr} is unstable at the largest α: lr·(1 + √α)² = ${(s.lr * edge).toPrecision(4)} must be < 2`)
    if (Math.round(s.tMax / s.lr) > LINEAR_LIMITS.steps) issue(ctx, ['tMax'], `tMax/lr exceeds ${LINEAR_LIMITS.steps} steps`)
    if (Math.round(s.tMax / s.lr) < 1) issue(ctx, ['tMax'], `tMax = ${s.tMax} is less than one step of lr = ${s.lr}`)
    s.snrs.forEach((v, i) => {
      if (s.snrs.indexOf(v) !== i) issue(ctx, ['snrs', i], `repeats ${v}`)
    })
  })
export type LinearDoubleDescentSpec = z.infer<typeof LinearDoubleDescentSpec>

const LinearReluInput = z.strictObject({
  engine: z.literal('linear-relu'),
  ...common,
  /** input dimension N_i */
  Ni: count(2000).default(50),
  /** training examples P */
  P: count(4000).default(100),
  /** hidden widths N_h (the axis) */
  hidden: z.array(count(4000)).min(1).max(100).default([10, 25, 50, 75, 90, 100, 110, 125, 150, 200, 300, 500, 800]),
  ...noiseFields,
  lr: finite.positive().max(10).default(0.02),
  tMax: finite.positive().max(1e9).default(200),
  /** drawn instances per width: mean ± SE */
  seeds: count(1000).default(5),
  /** confidence 1 − δ of the Rademacher bound (eq. 7) */
  delta: finite.positive().lt(1).default(0.05)
})

export const LinearReluSpec = LinearReluInput.superRefine((s, ctx) => {
  checkPairs(s, ctx)
  increasing(s.hidden, ctx, 'hidden')
  // λ_max(X_h X_hᵀ) ≤ tr = Σ_μ ‖h(x_μ)‖² ≈ P/2 for ReLU of unit-variance pre-activations
  if ((s.lr * s.P) / 2 >= 2) issue(ctx, ['lr'], `lr = ${s.lr} may be unstable: lr·P/2 = ${(s.lr * s.P) / 2} must be < 2 (λ_max(X_h X_hᵀ) ≤ trace ≈ P/2)`)
  const steps = Math.round(s.tMax / s.lr)
  if (steps < 1) issue(ctx, ['tMax'], `tMax = ${s.tMax} is less than one step of lr = ${s.lr}`)
  if (steps > LINEAR_LIMITS.steps) issue(ctx, ['tMax'], `tMax/lr = ${steps} steps exceed the limit ${LINEAR_LIMITS.steps}`)
}).transform((s) => ({ ...s, ...resolveNoise(s, 0.5) }))
export type LinearReluSpec = z.infer<typeof LinearReluSpec>
