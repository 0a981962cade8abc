// Outputs of the 'ntk-train' engine (src/workers/engines/ntkTrain/engine.ts).
import { z } from 'zod'
import { measured } from './common'

export const NTK_TRAIN_SERIES = {
  // t = step k
  lossTrain: 'loss/train',
  lossTest: 'loss/test',
  lossTrainNtk: 'loss/train_ntk',
  lossTestNtk: 'loss/test_ntk',
  gap: 'gap',
  fTrain: (i: number) => `f/train[${i}]`,
  ntkTrain: (i: number) => `ntk/train[${i}]`,
  fTest: (i: number) => `f/test[${i}]`,
  ntkTest: (i: number) => `ntk/test[${i}]`,
  // t = u = w·x/√d: the functions at the end of training on the test points, and the train labels
  fnY: 'fn/y',
  fnNet: 'fn/net',
  fnNtk: 'fn/ntk',
  fnNtkInf: 'fn/ntk_inf',
  fnNngp: 'fn/nngp',
  fnTrainY: 'fn/train_y',
  // t = width
  scanWidthGap: 'scan/width/gap',
  scanWidthGapFit: 'scan/width/gap_fit',
  scanWidthKernel: 'scan/width/kernel_change',
  scanWidthLoss: 'scan/width/loss',
  // t = η/η_c
  scanLrGap: 'scan/lr/gap',
  scanLrKernel: 'scan/lr/kernel_change',
  scanLrLoss: 'scan/lr/loss'
} as const

export const NtkTrainSummary = z.object({
  etaCritical: measured,
  eta: measured,
  lambdaMax: measured,
  diverged: z.boolean(),
  gapFinal: measured,
  kernelChange: measured,
  lossTest: measured,
  lossTestNtkInf: measured,
  lossTestNngp: measured,
  fit: z.object({ gapSlope: measured, gapSlopeCI: z.tuple([measured, measured]) }).optional(),
  divergedLrFactors: z.array(z.number())
})
export type NtkTrainSummary = z.infer<typeof NtkTrainSummary>

/** no artifacts */
export const NtkTrainArtifact = z.never()
