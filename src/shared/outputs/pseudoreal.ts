// Outputs of the pseudoreal engine (src/workers/engines/pseudoreal/engine.ts): the two-layer
// series (series.ts), the summary below, the artifacts listed.
import { z } from 'zod'
import { artifactNames, measured } from './common'
import { DynamicsSummary, STUDENT_ARTIFACTS } from './twoLayer'

/** the Gaussian-equivalent HMM of the data (gaussianEquivalent.ts), when it was built */
export const GaussianEquivalentSummary = z.object({
  'ge.zeta': measured,
  'ge.kappaMean': measured,
  'ge.kappaMin': measured,
  'ge.kappaMax': measured,
  'ge.mu0Rms': measured,
  'ge.mu0Max': measured
})

export const PseudoRealSummary = z.object({
  /** the mnist-fit run the data comes from */
  pipeline: z.string(),
  mu1: measured,
  mu2: measured,
  delta: measured,
  P: z.number(),
  D: z.number(),
  N: z.number(),
  M: z.number(),
  f: z.string(),
  bandwidth: measured,
  inputs: z.enum(['centred', 'raw']),
  correction: z.enum(['covariate', 'pixel', 'paper']),
  ...GaussianEquivalentSummary.partial().shape,
  'ode.mu1': measured.optional(),
  'ode.mu2': measured.optional(),
  'ode.teacherTerm': z.enum(['per-mode', 'averaged']).optional(),
  /** KDE draws behind the covariate model's Ω_x and E[x(c − m)ᵀ] */
  'ode.covariateSamples': z.number().optional(),
  /** bins of the latents' scale the covariate ODE averaged over (1: one Gaussian) */
  'ode.scaleBins': z.number().int().optional(),
  /** draws of the data the ODE's student was tested on (ode/eg_data) */
  'ode.readoutSamples': z.number().int().optional(),
  /** the last ode/eg_data: the ODE's student tested on the data at t_max */
  'ode.egDataFinal': measured.optional(),
  // ode.egNonPositive (the ODE's ε_g went ≤ 0 somewhere: its log-ratios there are left out) is in DynamicsSummary
  ...DynamicsSummary.shape
})
export type PseudoRealSummary = z.infer<typeof PseudoRealSummary>

/** μ0 and κ per pixel [N]; the ODE's T, T̃ [M,M] and ρ [D] ([N] for the covariate model: the eigenvalues of Ω_x) */
export const PseudoRealArtifact = artifactNames([...STUDENT_ARTIFACTS, 'data/mu0', 'data/kappa', 'ode/T', 'ode/tildeT', 'ode/rho'])
