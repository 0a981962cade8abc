// Spec of the 'scaling' engine: the student–teacher random-features model of MATH.md §9 in its
// four regimes (resolution-limited L(D) at P = ∞ and L(P) at D = ∞; variance-limited L(P) at
// fixed D and L(D) at fixed P), with α_K from the feature spectrum.
import { z } from 'zod'
import { architecture, common, finite, increasing, KernelActivation, Pool, positiveInt } from './kernelCommon'

const size = z.number().int().min(1).max(16384)

export const PowerLawFeatures = z.strictObject({
  kind: z.literal('powerlaw'),
  /** λ_i = i^{−(1 + α_K)}, i = 1..S */
  alphaK: finite.positive('features.alphaK must be > 0').max(10).default(1),
  /** teacher features S */
  S: z.number().int().min(16).max(16384, 'features.S must be ≤ 16384').default(4096)
})

export const NngpFeatures = z.strictObject({
  kind: z.literal('nngp'),
  /** idx3-ubyte images: the n images are the population; the teacher's features are those of the NNGP kernel on them */
  images: z.string().min(1, 'features.images: give the path of an idx3-ubyte file'),
  n: z.number().int().min(16).max(4000, 'features.n must be ≤ 4000').default(1000),
  offset: z.number().int().nonnegative().default(0),
  pool: Pool.default(4),
  ...architecture,
  phi: KernelActivation.default('relu'),
  depth: z.number().int().min(0).max(64).default(3)
})

export const ScalingRunSpec = z
  .strictObject({
    engine: z.literal('scaling'),
    ...common,
    features: z.discriminatedUnion('kind', [PowerLawFeatures, NngpFeatures]).default({ kind: 'powerlaw', alphaK: 1, S: 4096 }),
    /** resolution-limited: L(D) at P = ∞ for these D, L(P) at D = ∞ for these P */
    resolution: z
      .strictObject({ D: z.array(size).min(3).max(32).default([8, 16, 32, 64, 128, 256]), P: z.array(size).min(3).max(32).default([8, 16, 32, 64, 128, 256]) })
      .default({ D: [8, 16, 32, 64, 128, 256], P: [8, 16, 32, 64, 128, 256] }),
    /** variance-limited: (L(P) − L(P = ∞))/L(P = ∞) at D = fixedD, and (L(D) − L(D = ∞))/L(D = ∞) at P = fixedP */
    variance: z
      .strictObject({
        fixedD: size.default(8),
        P: z.array(size).min(3).max(32).default([64, 128, 256, 512, 1024]),
        fixedP: size.default(8),
        D: z.array(size).min(3).max(32).default([64, 128, 256, 512, 1024])
      })
      .default({ fixedD: 8, P: [64, 128, 256, 512, 1024], fixedP: 8, D: [64, 128, 256, 512, 1024] }),
    /** draws of teacher, projection and data averaged per point */
    trials: positiveInt.max(1000).default(24),
    /** eigenvalue indices [from, to] (1-based) of the power-law fit for α_K; to = 0: S/8 */
    spectrumFit: z.strictObject({ from: positiveInt.default(4), to: z.number().int().nonnegative().default(0) }).default({ from: 4, to: 0 }),
    /** confidence level of the exponents' intervals */
    level: finite.gt(0).lt(1).default(0.95)
  })
  .superRefine((s, ctx) => {
    increasing(s.resolution.D, ctx, ['resolution', 'D'])
    increasing(s.resolution.P, ctx, ['resolution', 'P'])
    increasing(s.variance.P, ctx, ['variance', 'P'])
    increasing(s.variance.D, ctx, ['variance', 'D'])
    // D samples of S features and P projections of S features are dense D×S, P×S matrices
    const S = s.features.kind === 'powerlaw' ? s.features.S : s.features.n
    const MAX = 64_000_000 // doubles: 512 MiB per matrix
    const check = (path: (string | number)[], values: number[], what: 'D' | 'P') =>
      values.forEach((v, i) => {
        if (what === 'D' && s.features.kind === 'nngp' && v > S) ctx.addIssue({ code: 'custom', path: [...path, i], message: `${v} samples exceed the ${S} images of the population` })
        else if (v * S > MAX) ctx.addIssue({ code: 'custom', path: [...path, i], message: `${v}×${S} features need more than 512 MiB` })
      })
    check(['resolution', 'D'], s.resolution.D, 'D')
    check(['resolution', 'P'], s.resolution.P, 'P')
    check(['variance', 'D'], s.variance.D, 'D')
    check(['variance', 'P'], s.variance.P, 'P')
    check(['variance', 'fixedD'], [s.variance.fixedD], 'D')
    check(['variance', 'fixedP'], [s.variance.fixedP], 'P')
    if (s.variance.P[0] <= s.variance.fixedD) ctx.addIssue({ code: 'custom', path: ['variance', 'P', 0], message: `the variance-limited P must exceed fixedD = ${s.variance.fixedD}` })
    if (s.variance.D[0] <= s.variance.fixedP) ctx.addIssue({ code: 'custom', path: ['variance', 'D', 0], message: `the variance-limited D must exceed fixedP = ${s.variance.fixedP}` })
    const to = s.spectrumFit.to || Math.floor(S / 8)
    if (to > S || to < s.spectrumFit.from + 2) ctx.addIssue({ code: 'custom', path: ['spectrumFit', 'to'], message: `need from + 2 ≤ to ≤ ${S} (to = ${to})` })
  })
export type ScalingRunSpec = z.infer<typeof ScalingRunSpec>
