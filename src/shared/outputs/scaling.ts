// Outputs of the 'scaling' engine (src/workers/engines/scaling/engine.ts).
import { z } from 'zod'
import { measured } from './common'

export const SCALING_SERIES = {
  /** t = i: eigenvalue λ_i of the teacher features (log-spaced indices) */
  spectrum: 'spectrum',
  spectrumFit: 'spectrum_fit',
  /** resolution-limited: t = D (P = ∞), t = P (D = ∞) */
  lossD: 'resolution/L(D)',
  lossDFit: 'resolution/L(D)_fit',
  lossP: 'resolution/L(P)',
  lossPFit: 'resolution/L(P)_fit',
  /** variance-limited: t = P (D fixed), t = D (P fixed); (L − L_∞)/L_∞ averaged over trials */
  excessP: 'variance/excess(P)',
  excessPFit: 'variance/excess(P)_fit',
  excessD: 'variance/excess(D)',
  excessDFit: 'variance/excess(D)_fit'
} as const

const interval = z.tuple([measured, measured])
/** one log–log fit: exponent (−slope), its interval, standard error, R², prefactor */
const PowerFit = z.object({ exponent: measured, ci: interval, se: measured, r2: measured, C: measured }).optional()

export const ScalingSummary = z.object({
  S: measured,
  alphaK: measured,
  alphaKCI: interval,
  spectrumFitRange: interval,
  fit: z.object({
    alphaD: measured,
    alphaDCI: interval.optional(),
    alphaDFit: PowerFit,
    alphaP: measured,
    alphaPCI: interval.optional(),
    alphaPFit: PowerFit,
    varianceP: measured,
    variancePCI: interval.optional(),
    variancePFit: PowerFit,
    varianceD: measured,
    varianceDCI: interval.optional(),
    varianceDFit: PowerFit
  })
})
export type ScalingSummary = z.infer<typeof ScalingSummary>

/** no artifacts */
export const ScalingArtifact = z.never()
