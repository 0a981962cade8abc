// The `le-train` run (MATH.md §8, seed 003 §5): train a small network by SGD (batch 1, softmax
// cross-entropy) on GeoMNIST (K = 3 shapes drawn in the lab from the seed) or on chosen classes of
// IDX files (MNIST, Fashion-MNIST), record the logits of n training samples per class at
// log-spaced iterations, estimate A, B, α̂, β̂ under the I- and L-models, simulate the LE-ODE from
// the estimates and measure RD_k(t) against the real class means.
import { z } from 'zod'
import { runCommon } from './common'

const positiveInt = z.number().int().positive()

export const LeTrainData = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('geomnist'),
    /** image side in pixels */
    size: z.number().int().min(12).max(64).default(28),
    trainPerClass: positiveInt.max(20_000).default(1000),
    valPerClass: positiveInt.max(20_000).default(300)
  }),
  z.strictObject({
    kind: z.literal('idx'),
    /** train-images-idx3-ubyte[.gz] (MNIST or Fashion-MNIST) */
    images: z.string().min(1).max(4096),
    labels: z.string().min(1).max(4096),
    /** labels used, in class order 0 … K−1 */
    classes: z.array(z.number().int().min(0).max(9)).min(2).max(10).default([0, 1, 2]),
    trainPerClass: positiveInt.max(7000).default(1000),
    valPerClass: positiveInt.max(7000).default(300)
  })
])
export type LeTrainData = z.infer<typeof LeTrainData>

export const LeTrainRunSpec = z
  .strictObject({
    engine: z.literal('le-train'),
    ...runCommon,
    data: LeTrainData.default({ kind: 'geomnist', size: 28, trainPerClass: 1000, valPerClass: 300 }),
    /** a fully connected ReLU network input → hidden… → K */
    network: z.strictObject({ kind: z.literal('mlp'), hidden: z.array(z.number().int().min(1).max(2048)).max(4).default([120, 84]) }).default({ kind: 'mlp', hidden: [120, 84] }),
    lr: z.number().finite().positive().max(10).default(0.005),
    /** SGD steps of batch size 1 */
    iterations: positiveInt.max(10_000_000).default(100_000),
    /** probability that a training label is replaced by a uniformly drawn other class */
    pErr: z.number().finite().min(0).max(1).default(0),
    /** training samples per class whose logits are recorded */
    n: positiveInt.max(2000).default(100),
    /** log-spaced record iterations (after iteration 0) */
    points: z.number().int().min(10).max(2000).default(200),
    estimator: z
      .strictObject({
        /** uniform log-t grid of the derivative */
        grid: z.number().int().min(11).max(5000).default(200),
        /** Savitzky–Golay window on that grid (odd; default ≈ grid/10) */
        window: z.number().int().min(3).max(4999).optional(),
        order: z.number().int().min(1).max(6).default(2),
        /** the tail index regresses over the last (1 − tailFrom) of the log grid */
        tailFrom: z.number().finite().min(0).max(0.95).default(0.5)
      })
      .default({ grid: 200, order: 2, tailFrom: 0.5 })
  })
  .superRefine((s, ctx) => {
    if (s.n > s.data.trainPerClass) ctx.addIssue({ code: 'custom', path: ['n'], message: `n = ${s.n} recorded samples per class exceed data.trainPerClass = ${s.data.trainPerClass}` })
    if (s.data.kind === 'idx') {
      const c = s.data.classes
      c.forEach((v, i) => {
        if (c.indexOf(v) !== i) ctx.addIssue({ code: 'custom', path: ['data', 'classes', i], message: `repeats class ${v}` })
      })
    }
    const w = s.estimator.window
    if (w !== undefined && (w % 2 === 0 || w > s.estimator.grid || w <= s.estimator.order))
      ctx.addIssue({ code: 'custom', path: ['estimator', 'window'], message: `window = ${w} must be odd, at most grid = ${s.estimator.grid} and above order = ${s.estimator.order}` })
    const K = s.data.kind === 'idx' ? s.data.classes.length : 3
    const pixels = s.data.kind === 'idx' ? 784 : s.data.size ** 2
    const bytes = 8 * K * (s.data.trainPerClass + s.data.valPerClass) * pixels
    if (bytes > 2 ** 31) ctx.addIssue({ code: 'custom', path: ['data', 'trainPerClass'], message: `the images need ${(bytes / 2 ** 30).toFixed(1)} GiB, above 2 GiB` })
  })
export type LeTrainRunSpec = z.infer<typeof LeTrainRunSpec>
