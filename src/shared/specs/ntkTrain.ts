// Spec of the 'ntk-train' engine: a wide network trained by full-batch gradient descent on MSE
// against the NTK prediction f_t, the gap against width and against the learning rate
// (MATH.md §9, training in the kernel regime).
import { z } from 'zod'
import { architecture, common, finite, increasing, positiveInt } from './kernelCommon'

const MAX_HIDDEN_DOUBLES = 200_000_000

export const NtkTrainRunSpec = z
  .strictObject({
    engine: z.literal('ntk-train'),
    ...common,
    ...architecture,
    depth: z.number().int().min(1, 'depth must be ≥ 1').max(6, 'depth must be ≤ 6').default(2),
    /** input dimension; x ~ N(0, I_d), target y = sin(frequency · w·x/√d), w ~ N(0, I_d) */
    d: positiveInt.max(1024).default(4),
    frequency: finite.nonnegative().max(100).default(1.5),
    nTrain: positiveInt.min(2).max(512, 'nTrain must be ≤ 512').default(32),
    nTest: positiveInt.max(1024, 'nTest must be ≤ 1024').default(64),
    width: z.number().int().min(2).max(8192).default(256),
    /** learning rate η = lrFactor · η_c, η_c = 2/λ_max(Θ(𝒳,𝒳)) of the analytic NTK (loss ½Σ(f − y)²) */
    lrFactor: finite.positive().max(100).default(0.5),
    steps: positiveInt.max(100_000).default(400),
    /** record times (log-spaced steps) */
    points: positiveInt.min(2).max(1000).default(60),
    /** the gap against width at lrFactor (empty: skip) */
    scanWidths: z.array(z.number().int().min(2).max(8192)).max(16).default([64, 128, 256, 512, 1024]),
    /** the gap against η/η_c at `width`, each trained to the same time ηk (empty: skip) */
    scanLrFactors: z.array(finite.positive().max(100)).max(16).default([0.1, 0.25, 0.5, 1, 1.5, 2, 3]),
    /** functions of train/test points recorded over training (the overlay) */
    tracked: z.number().int().nonnegative().max(16).default(3)
  })
  .superRefine((s, ctx) => {
    increasing(s.scanWidths, ctx, ['scanWidths'])
    increasing(s.scanLrFactors, ctx, ['scanLrFactors'])
    const w = Math.max(s.width, ...s.scanWidths)
    if (w * w * Math.max(1, s.depth - 1) > MAX_HIDDEN_DOUBLES) ctx.addIssue({ code: 'custom', path: ['width'], message: `width ${w} at depth ${s.depth} needs more than ~1.5 GiB of weights` })
    if (s.tracked > Math.min(s.nTrain, s.nTest)) ctx.addIssue({ code: 'custom', path: ['tracked'], message: `at most min(nTrain, nTest) = ${Math.min(s.nTrain, s.nTest)}` })
  })
export type NtkTrainRunSpec = z.infer<typeof NtkTrainRunSpec>
