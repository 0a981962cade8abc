// Outputs of the `le-train` engine: series names, summary schema, artifact names.
import { z } from 'zod'

export type LeEstimatorModel = 'I' | 'L'

export const leTrainSeries = {
  /** class k's mean of the recorded logits, coordinate j (t = iteration) */
  logitMean: (k: number, j: number) => `logits/mean[${k},${j}]`,
  /** the LE-ODE simulated from the model's estimates α̂, β̂ */
  simMean: (m: LeEstimatorModel, k: number, j: number) => `sim/${m}/mean[${k},${j}]`,
  /** Â(t), B̂(t) at the record iterations */
  A: (m: LeEstimatorModel) => `estimate/${m}/A`,
  B: (m: LeEstimatorModel) => `estimate/${m}/B`,
  /** α̂(t), β̂(t) on the uniform log-t grid */
  alpha: (m: LeEstimatorModel) => `estimate/${m}/alpha`,
  beta: (m: LeEstimatorModel) => `estimate/${m}/beta`,
  /** RD_k(t) and its mean over classes */
  rdClass: (m: LeEstimatorModel, k: number) => `rd/${m}[${k}]`,
  rd: (m: LeEstimatorModel) => `rd/${m}`,
  valLoss: 'val/loss',
  valAcc: 'val/acc',
  /** mean training loss since the previous record */
  trainLoss: 'train/loss'
} as const

const tails = z.object({ tailAlpha: z.number(), tailBeta: z.number() })

export const LeTrainSummary = z.object({
  K: z.number(),
  rd: z.object({ I: z.object({ final: z.number() }), L: z.object({ final: z.number() }) }),
  /** tail indices of the I-model's α̂, β̂ (seed Fig. 3c), and the L-model's */
  estimate: tails.extend({ L: tails }),
  val: z.object({ lossFinal: z.number(), accFinal: z.number() }),
  /** fraction of training labels corrupted */
  corrupted: z.number(),
  seconds: z.number()
})
export type LeTrainSummary = z.infer<typeof LeTrainSummary>

export const leTrainArtifacts = {
  /** (points+1) × K × K: class means of the logits at each record */
  logitMeans: 'logits/means',
  /** the record iterations */
  times: 'logits/t',
  /** a few training images per class, K × 8 × size² */
  examples: 'data/examples'
} as const
