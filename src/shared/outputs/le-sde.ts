// Outputs of the `le-sde` engine (MATH.md §8): series names, summary schema, artifact names.
import { z } from 'zod'
import { artifactNames, measured } from './common'

export const leSdeSeries = {
  /** coordinate j of class k's mean by the LE-ODE (RK4) */
  odeMean: (k: number, j: number) => `ode/mean[${k},${j}]`,
  /** ‖X̄_k‖ by the LE-ODE */
  odeNorm: (k: number) => `ode/norm[${k}]`,
  /** coordinate j of the mean of class k's n Euler–Maruyama samples */
  sdeMean: (k: number, j: number) => `sde/mean[${k},${j}]`,
  /** fraction of class pairs a hard-margin hyperplane separates */
  sepFraction: 'sep/fraction',
  /** smallest hard-margin margin over the pairs (0 if one is not separable) */
  sepMargin: 'sep/margin',
  /** max_{k≠l} |cos(X̄_k, X̄_l) + 1/(K−1)| of the LE-ODE means */
  etfError: 'etf/error',
  /** tr(Σ_W Σ_B⁺)/K of the samples */
  nc1: 'nc1'
} as const

export const LeSdeSummary = z.object({
  sep: z.object({ fractionFinal: measured, marginFinal: measured }),
  etf: z.object({ errorFinal: measured }),
  nc1Final: measured,
  /** tMax/dt */
  steps: measured
})
export type LeSdeSummary = z.infer<typeof LeSdeSummary>

export const leSdeArtifacts = {
  /** K×K cosines of the LE-ODE means at tMax */
  cosines: 'etf/cosines',
  /** (K·n)×p samples at tMax, class-major */
  samples: 'samples/final',
  /** K×p means at t = 0 */
  initialMeans: 'means/initial'
} as const
export const LeSdeArtifact = artifactNames(['etf/cosines', 'samples/final', 'means/initial'])
