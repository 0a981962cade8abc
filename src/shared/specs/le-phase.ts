// The `le-phase` study (MATH.md §8, separation theorem): for γ(t) = c (t + t0)^{−a} (α = γ, β = 0,
// I-model), the probability over seeds that all K classes are pairwise hard-margin separable at
// each t in `tMaxes`, over a grid of exponents a and scales c. The boundary of the theorem is a = 1.
import { z } from 'zod'
import { runCommon } from './common'

const finite = z.number().finite()

function increasing(values: number[], ctx: z.RefinementCtx, path: string) {
  for (let i = 1; i < values.length; i++)
    if (!(values[i] > values[i - 1])) ctx.addIssue({ code: 'custom', path: [path, i], message: `must be strictly increasing: ${values[i]} after ${values[i - 1]}` })
}

export const LePhaseStudySpec = z
  .strictObject({
    engine: z.literal('le-phase'),
    ...runCommon,
    K: z.number().int().min(2).max(20).default(3),
    p: z.number().int().positive().max(50).default(2),
    /** samples per class */
    n: z.number().int().min(2).max(2000).default(50),
    sigma: finite.positive().max(1e6).default(1),
    /** exponents a of γ = c (t + t0)^{−a} (the plot's x axis) */
    as: z.array(finite.min(0).max(10)).min(1).max(100).default([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]),
    /** scales c */
    cs: z.array(finite.positive().max(1e3)).min(1).max(20).default([0.5, 1, 2, 4]),
    t0: finite.positive().default(1),
    /** times at which separability is tested (one probability map each) */
    tMaxes: z.array(finite.positive().max(1e12)).min(1).max(20).default([1e2, 1e3, 1e4, 1e5, 1e6]),
    /** independent draws (initial means and noise) per cell */
    seeds: z.number().int().min(1).max(1000).default(20)
  })
  .superRefine((s, ctx) => {
    increasing(s.as, ctx, 'as')
    increasing(s.cs, ctx, 'cs')
    increasing(s.tMaxes, ctx, 'tMaxes')
    const cells = s.as.length * s.cs.length * s.tMaxes.length * s.seeds * ((s.K * (s.K - 1)) / 2) * s.n * s.p
    if (cells > 5e8) ctx.addIssue({ code: 'custom', path: ['seeds'], message: `the grid needs ${cells.toExponential(2)} sample-pair tests, above 5e8` })
  })
export type LePhaseStudySpec = z.infer<typeof LePhaseStudySpec>
