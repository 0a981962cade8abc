// Specs of the two universality studies that are not training runs (MATH.md §6):
//   'kl'        — D̂(GM(m, α) ‖ N(0, I)) by k-nearest neighbours against α, one series per m
//                 (Bae & Jeong Figs. 2 and 6);
//   'cumulants' — E f(z), E z f(z), E f(z)² for z the standardised sum of D latent draws, against
//                 D, one series per function and distribution (Lemma V.3, Fig. S2).
// Same common fields as a RunSpec (name, seed, tags, notes), so the lead can add both to the
// RunSpec union. Engines: src/workers/engines/universality/{klEngine,cumulantEngine}.ts.
import { z } from 'zod'
import { LatentSpec, Standardize } from './spec'
import { parseOrThrow, ValidationError } from './errors'
import { runCommon } from './specs/common'

const positiveInt = z.number().int().positive()
const finite = z.number().finite()

const common = runCommon

/** an issue per entry that is not strictly above its predecessor (these lists are plot axes) */
function increasing(values: number[], ctx: z.RefinementCtx, path: string) {
  for (let i = 1; i < values.length; i++)
    if (!(values[i] > values[i - 1]))
      ctx.addIssue({ code: 'custom', path: [path, i], message: `must be strictly increasing: ${values[i]} after ${values[i - 1]}` })
}

export const KlStudySpec = z
  .strictObject({
    engine: z.literal('kl'),
    ...common,
    /** dimension d of the latent vectors (the D of the HMM) */
    d: positiveInt.max(100_000).default(100),
    /** mixture component counts m: one series `kl/m=<m>` each */
    components: z.array(positiveInt.max(100_000)).min(1).max(100).default([1, 2, 4, 8]),
    /** spreads α (the t axis): component means have entries U[−α, α] */
    alphas: z.array(finite.nonnegative().max(1e6)).min(1).max(1000).default([0, 0.25, 0.5, 1, 1.5, 2, 3, 4]),
    /**
     * 'vector': one component per latent vector, c = μ_i + N(0, I) (MATH.md §5); 'coordinate': an
     * independent component per coordinate (i.i.d. 1-D mixtures), as hmm/latent.ts also offers
     */
    mixtureComponents: z.enum(['vector', 'coordinate']).default('vector'),
    /** standardisation of the mixture before estimating (MATH.md §5) */
    standardize: Standardize.default('none'),
    standardizeSamples: positiveInt.max(100_000_000).default(100_000),
    /** n: samples of the mixture per estimate */
    samples: positiveInt.min(2).max(10_000_000).default(4000),
    /** m: samples of N(0, I) per estimate (default n) */
    referenceSamples: positiveInt.max(10_000_000).optional(),
    /** neighbour order of the estimator */
    k: positiveInt.max(1000).default(1),
    /** independent estimates per point (a fresh mixture and fresh samples each): mean ± SE */
    repeats: positiveInt.min(2).max(10_000).default(5)
  })
  .superRefine((s, ctx) => {
    increasing(s.alphas, ctx, 'alphas')
    s.components.forEach((m, i) => {
      if (s.components.indexOf(m) !== i) ctx.addIssue({ code: 'custom', path: ['components', i], message: `repeats ${m}` })
    })
    if (s.k > s.samples - 1) ctx.addIssue({ code: 'custom', path: ['k'], message: `k = ${s.k} needs samples ≥ k + 1 (samples = ${s.samples})` })
    if (s.referenceSamples !== undefined && s.k > s.referenceSamples)
      ctx.addIssue({ code: 'custom', path: ['k'], message: `k = ${s.k} exceeds referenceSamples = ${s.referenceSamples}` })
  })
export type KlStudySpec = z.infer<typeof KlStudySpec>

/** f applied to the standardised sum; erf means erf(z/√2) (MATH.md §1) */
export const CumulantFunction = z.enum(['erf', 'relu', 'sgn', 'tanh'])
export type CumulantFunction = z.infer<typeof CumulantFunction>
/** 'Ef' = E f(z) (the paper's Fig. S2), 'Ezf' = E z f(z) (μ1), 'Ef2' = E f(z)² (μ2) */
export const CumulantStatistic = z.enum(['Ef', 'Ezf', 'Ef2'])
export type CumulantStatistic = z.infer<typeof CumulantStatistic>

/** Bae & Jeong Table 1 with the project's parameters (MATH.md §5), exactly standardised where moments exist. */
export const TABLE_1_LATENTS: z.input<typeof LatentSpec>[] = [
  { kind: 'gaussian', standardize: 'exact' },
  { kind: 'uniform', a: 0, b: 1, standardize: 'exact' },
  { kind: 'beta', a: 2, b: 5, standardize: 'exact' },
  { kind: 'beta', a: 0.5, b: 0.5, standardize: 'exact' },
  { kind: 'poisson', lambda: 3, standardize: 'exact' },
  { kind: 'laplace', mu: 0, b: 1, standardize: 'exact' },
  { kind: 'pareto', shape: 3, scale: 1, standardize: 'exact' },
  { kind: 'lorentz', x0: 0, gamma: 1, standardize: 'sample' },
  { kind: 'mixture', m: 4, alpha: 1, standardize: 'exact' }
]

export const CumulantStudySpec = z
  .strictObject({
    engine: z.literal('cumulants'),
    ...common,
    /** latent distributions, each standardised as its spec says (z is then standardised too) */
    latents: z.array(LatentSpec).min(1).max(100).default(() => TABLE_1_LATENTS.map((l) => LatentSpec.parse(l))),
    functions: z.array(CumulantFunction).min(1).max(4).default(['erf', 'relu', 'sgn', 'tanh']),
    statistics: z.array(CumulantStatistic).min(1).max(3).default(['Ef', 'Ezf', 'Ef2']),
    /** numbers D of summed draws (the t axis) */
    dims: z.array(positiveInt.max(1_000_000)).min(1).max(1000).default([1, 2, 4, 8, 16, 32, 64, 128, 256]),
    /** draws of z per (distribution, D); the SE of each estimate is ≈ sd/√samples */
    samples: positiveInt.min(2).max(100_000_000).default(20_000),
    /** 'ones': z = Σ c_r/√D (the sample mean, as in Fig. S2); 'gaussian': z = Σ w_r c_r/√D with one fixed w ~ N(0, I), Σ w² = D (like u = cF/√D) */
    weights: z.enum(['ones', 'gaussian']).default('ones')
  })
  .superRefine((s, ctx) => {
    increasing(s.dims, ctx, 'dims')
    s.latents.forEach((l, i) => {
      if (l.kind === 'lorentz' && l.standardize === 'exact')
        ctx.addIssue({ code: 'custom', path: ['latents', i, 'standardize'], message: "the Lorentz distribution has no mean or variance: use 'sample' (or 'none')" })
      if (l.kind === 'pareto' && l.shape <= 2 && l.standardize === 'exact')
        ctx.addIssue({ code: 'custom', path: ['latents', i, 'standardize'], message: `a Pareto distribution with shape ${l.shape} ≤ 2 has no variance: use 'sample' (or 'none')` })
    })
    for (const [key, list] of [['functions', s.functions], ['statistics', s.statistics]] as const)
      list.forEach((v, i) => {
        if (list.indexOf(v as never) !== i) ctx.addIssue({ code: 'custom', path: [key, i], message: `repeats '${v}'` })
      })
  })
export type CumulantStudySpec = z.infer<typeof CumulantStudySpec>

export const StudySpec = z.union([KlStudySpec, CumulantStudySpec])
export type StudySpec = z.infer<typeof StudySpec>
export type StudySpecInput = z.input<typeof StudySpec>
export const STUDY_ENGINES = ['kl', 'cumulants'] as const

/** Parse a study spec; dispatches on `engine` so the errors name that engine's fields. */
export function parseStudySpec(input: unknown): StudySpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError([{ path: '', message: 'a study spec must be a JSON object' }], 'study spec')
  const engine = (input as { engine?: unknown }).engine
  switch (engine) {
    case 'kl':
      return parseOrThrow(KlStudySpec, input, 'study spec')
    case 'cumulants':
      return parseOrThrow(CumulantStudySpec, input, 'study spec')
    default:
      throw new ValidationError(
        [{ path: 'engine', message: `unknown study engine ${JSON.stringify(engine)}; expected one of ${STUDY_ENGINES.join(', ')}` }],
        'study spec'
      )
  }
}
