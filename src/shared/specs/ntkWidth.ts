// Spec of the 'ntk-width' engine: empirical NNGP (average over random networks) and empirical NTK
// (one network) at finite widths against the analytic kernels (MATH.md §9, finite width).
import { z } from 'zod'
import { architecture, common, GaussianInputs, increasing, positiveInt } from './kernelCommon'

/** ~1.5 GiB of hidden weight matrices at most: width² (depth − 1) doubles */
const MAX_HIDDEN_DOUBLES = 200_000_000

export const NtkWidthRunSpec = z
  .strictObject({
    engine: z.literal('ntk-width'),
    ...common,
    ...architecture,
    depth: z.number().int().min(1, 'depth must be ≥ 1').max(8, 'depth must be ≤ 8').default(2),
    inputs: GaussianInputs.extend({ n: positiveInt.max(512, 'inputs.n must be ≤ 512').default(20), d: positiveInt.max(1024, 'inputs.d must be ≤ 1024').default(10) }).default({
      kind: 'gaussian',
      n: 20,
      d: 10,
      seed: 0
    }),
    /** hidden widths n (the t axis) */
    widths: z.array(z.number().int().min(2).max(8192, 'widths must be ≤ 8192')).min(3, 'widths: give at least 3 (a slope is fitted)').max(32).default([64, 128, 256, 512, 1024, 2048, 4096]),
    /** random networks per width: the empirical NNGP is their mean; the NTK distance their RMS */
    networks: z.number().int().min(1).max(256).default(8)
  })
  .superRefine((s, ctx) => {
    increasing(s.widths, ctx, ['widths'])
    const w = s.widths[s.widths.length - 1]
    if (w * w * Math.max(1, s.depth - 1) > MAX_HIDDEN_DOUBLES)
      ctx.addIssue({ code: 'custom', path: ['widths', s.widths.length - 1], message: `width ${w} at depth ${s.depth} needs more than ~1.5 GiB of weights` })
  })
export type NtkWidthRunSpec = z.infer<typeof NtkWidthRunSpec>
