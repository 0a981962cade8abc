// The `le-collapse` study (MATH.md §8, neural collapse of the LE-ODE): for each K, the L-model's
// class means from X̄_k(0) ~ N(0, I_K) under α(t), β(t); the ETF error max_{k≠l}|cos + 1/(K−1)|
// over t and the cosine matrix at tMax.
import { z } from 'zod'
import { LeSchedule } from './leSchedule'
import { runCommon } from './common'

export const LeCollapseStudySpec = z
  .strictObject({
    engine: z.literal('le-collapse'),
    ...runCommon,
    /** class counts, one ETF-error series each */
    Ks: z.array(z.number().int().min(2).max(64)).min(1).max(63).default([3, 4, 5, 6, 7, 8, 9, 10]),
    alpha: LeSchedule.default({ kind: 'constant', value: 1 }),
    beta: LeSchedule.default({ kind: 'constant', value: -1 }),
    dt: z.number().finite().positive().max(10).default(0.01),
    tMax: z.number().finite().positive().max(1e5).default(100),
    points: z.number().int().min(2).max(2000).default(100)
  })
  .superRefine((s, ctx) => {
    s.Ks.forEach((K, i) => {
      if (s.Ks.indexOf(K) !== i) ctx.addIssue({ code: 'custom', path: ['Ks', i], message: `repeats ${K}` })
    })
    const work = (s.tMax / s.dt) * s.Ks.reduce((a, K) => a + K * K, 0)
    if (work > 5e9) ctx.addIssue({ code: 'custom', path: ['dt'], message: `tMax/dt · ΣK² = ${work.toExponential(2)} exceeds 5e9` })
  })
export type LeCollapseStudySpec = z.infer<typeof LeCollapseStudySpec>
