// A time schedule of a local-elasticity coefficient, α(t) or β(t) (MATH.md §8):
//   constant   v
//   power      c (t + t0)^{−a}            (γ = c t^{−a} of the separation theorem, shifted by t0 > 0)
//   tlogt      c / ((t + t0) log(t + t0))  (the edge case o(1/t) of the theorem; t0 > 1)
//   piecewise  values[i] on [breaks[i−1], breaks[i]) (breaks strictly increasing, one fewer than values)
//   table      linear interpolation of (t[i], values[i]), constant beyond the ends (e.g. an estimate α̂)
import { z } from 'zod'

const finite = z.number().finite()

function increasing(values: number[], ctx: z.RefinementCtx, path: string) {
  for (let i = 1; i < values.length; i++)
    if (!(values[i] > values[i - 1])) ctx.addIssue({ code: 'custom', path: [path, i], message: `must be strictly increasing: ${values[i]} after ${values[i - 1]}` })
}

export const LeSchedule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), value: finite }),
  z.strictObject({ kind: z.literal('power'), c: finite, a: finite.min(0).max(10), t0: finite.positive().default(1) }),
  z.strictObject({ kind: z.literal('tlogt'), c: finite, t0: finite.gt(1, 't0 must exceed 1 so that log(t + t0) > 0').default(Math.E) }),
  z
    .strictObject({ kind: z.literal('piecewise'), breaks: z.array(finite.positive()).max(1000), values: z.array(finite).min(1).max(1001) })
    .superRefine((s, ctx) => {
      increasing(s.breaks, ctx, 'breaks')
      if (s.values.length !== s.breaks.length + 1)
        ctx.addIssue({ code: 'custom', path: ['values'], message: `needs breaks.length + 1 = ${s.breaks.length + 1} values, has ${s.values.length}` })
    }),
  z
    .strictObject({ kind: z.literal('table'), t: z.array(finite.nonnegative()).min(1).max(100_000), values: z.array(finite).min(1).max(100_000) })
    .superRefine((s, ctx) => {
      increasing(s.t, ctx, 't')
      if (s.values.length !== s.t.length) ctx.addIssue({ code: 'custom', path: ['values'], message: `needs one value per t (${s.t.length}), has ${s.values.length}` })
    })
])
export type LeSchedule = z.infer<typeof LeSchedule>
export type LeScheduleInput = z.input<typeof LeSchedule>
