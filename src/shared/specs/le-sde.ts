// The `le-sde` run (MATH.md §8): Euler–Maruyama for the local-elasticity SDE of K classes in p
// dimensions, n feature samples per class, I-model (H_kl = I_p) or L-model (logits as features,
// p = K, H_kl = d_l d_lᵀ/‖d_l‖²), beside the LE-ODE of the class means.
import { z } from 'zod'
import { LeSchedule } from './leSchedule'
import { runCommon } from './common'

const positiveInt = z.number().int().positive()

export const LeModel = z.enum(['I', 'L'])
export type LeModel = z.infer<typeof LeModel>

export const LeSdeRunSpec = z
  .strictObject({
    engine: z.literal('le-sde'),
    ...runCommon,
    /** classes */
    K: positiveInt.min(2).max(64).default(3),
    /** feature dimension (the L-model needs p = K) */
    p: positiveInt.max(256).default(3),
    /** feature samples per class, each with its own Brownian motion */
    n: positiveInt.min(1).max(10_000).default(50),
    model: LeModel.default('I'),
    /** intra-class elasticity α(t) */
    alpha: LeSchedule.default({ kind: 'constant', value: 1 }),
    /** inter-class elasticity β(t) */
    beta: LeSchedule.default({ kind: 'constant', value: 0 }),
    /** noise scale σ of dX = M X̄ dt + σ dB */
    sigma: z.number().finite().nonnegative().max(1e6).default(1),
    dt: z.number().finite().positive().max(1e3).default(0.01),
    tMax: z.number().finite().positive().max(1e7).default(30),
    /** log-spaced record times after t = 0 */
    points: positiveInt.min(2).max(2000).default(100)
  })
  .superRefine((s, ctx) => {
    if (s.model === 'L' && s.p !== s.K) ctx.addIssue({ code: 'custom', path: ['p'], message: `the L-model has logits as features: p must equal K = ${s.K}` })
    if (s.dt > s.tMax) ctx.addIssue({ code: 'custom', path: ['dt'], message: `dt = ${s.dt} exceeds tMax = ${s.tMax}` })
    const steps = s.tMax / s.dt
    if (steps > 2e7) ctx.addIssue({ code: 'custom', path: ['dt'], message: `tMax/dt = ${steps.toExponential(2)} steps exceed 2e7` })
    const work = steps * s.K * s.n * s.p
    if (work > 2e10) ctx.addIssue({ code: 'custom', path: ['n'], message: `tMax/dt · K · n · p = ${work.toExponential(2)} sample updates exceed 2e10` })
  })
export type LeSdeRunSpec = z.infer<typeof LeSdeRunSpec>
