// Outputs of the mnist-fit engine (src/workers/engines/pseudoreal/pipeline.ts): series fit/… and
// teacher/loss (series.ts), the summary below (read back by src/main/mnist/runInputs.ts when a
// pseudoreal run starts from this fit), and the fitted matrices as artifacts.
import { z } from 'zod'
import { artifactNames, measured } from './common'

export const MnistFitDiagnostics = z.object({
  loss: measured, recon: measured, penaltyC: measured, penaltyF: measured, penaltyMean: measured,
  offdiagC: measured, offdiagF: measured, diagC: measured, diagF: measured, meanC: measured,
  iterations: z.number(), evaluations: z.number(), stop: z.string(),
  teacherLoss: measured, teacherMse: measured, teacherOffdiagT: measured
})

export const MnistFitSummary = z.object({
  P: z.number(),
  D: z.number(),
  N: z.number(),
  /** the input map f of x = f(cF/√D) */
  f: z.string(),
  /** threads one evaluation of the fit's loss used (absent in fits made before the option) */
  threads: z.number().optional(),
  /** what the teacher read: 'centred' = c − m (fits made before record otherwise and are refused) */
  teacherInput: z.string(),
  /** the KDE bandwidth h and the rule that chose it */
  bandwidth: measured,
  bandwidthRule: z.union([z.string(), z.number()]),
  accuracy: measured,
  trainAccuracy: measured,
  randomAccuracy: measured,
  /** Welch test of the teacher's accuracy against random teachers */
  t: measured,
  p: measured,
  pGreater: measured,
  df: measured,
  /** corrected expectations of f (correctedMoments.ts), and their uncorrected values */
  mu0: measured,
  mu1: measured,
  mu2: measured,
  zeta: measured,
  mu1Raw: measured,
  mu2Raw: measured,
  uMean: measured,
  uStd: measured,
  diagnostics: MnistFitDiagnostics
})
export type MnistFitSummary = z.infer<typeof MnistFitSummary>

/** C [P,D], F [D,N], teacher/w [M,D], teacher/v [M], labels [P] (digits), images [P] (indices used) */
export const MNIST_FIT_ARTIFACTS = ['C', 'F', 'labels', 'images', 'teacher/w', 'teacher/v'] as const
export const MnistFitArtifact = artifactNames(MNIST_FIT_ARTIFACTS)
export type MnistFitArtifact = z.infer<typeof MnistFitArtifact>
