// Outputs of the linear-student engines (src/workers/engines/linear; MATH.md §7): series names,
// summary schemas and artifact names of 'linear', 'linear-dd' and 'linear-relu'.
import { z } from 'zod'
import { artifactNames, measured as value } from './common'

// ---- 'linear': one instance, over t ------------------------------------------------------------

/** gd: gradient descent iterated; theory: eq. 1 on the dataset's eigenvalues; typical: Marchenko–Pastur (eq. 6) */
export type LinearSource = 'gd' | 'theory' | 'typical'
/** E_g: generalisation error ‖w̄ − w‖²/N + σ_ε²; E_t: training error (1/P)‖y − wX‖² */
export const linearSeries = (source: LinearSource, q: 'Eg' | 'Et'): string => `${source}/${q}`
/**
 * Learning of eigenmode q of XXᵀ (q = 0..4 at the quantiles 0, ¼, ½, ¾, 1 of the non-zero
 * eigenvalues, listed in summary 'modes.lambda'): the fraction (z_q(t) − z_q(0))/(z_q* − z_q(0))
 * of the way to its fixed point; theory 1 − e^{−λ_q t}.
 */
export const modeSeries = (source: 'gd' | 'theory', q: number): string => `${source}/mode[${q}]`
export const MODE_QUANTILES = [0, 0.25, 0.5, 0.75, 1] as const
/**
 * The frozen subspace (P < N): gd/frozen = ‖Π₀(w̄ − w(t))‖²/N, its share of E_g that never moves;
 * gd/frozenDrift = ‖Π₀(w(t) − w(0))‖ (0 up to rounding); theory/frozen = (1 − α)(σ_w² + σ_w0²).
 */
export const frozenSeries = (q: 'gd/frozen' | 'gd/frozenDrift' | 'theory/frozen'): string => q

/** keys with a dot exist only when their solver ran: gd.*, modes.*, frozen.* with 'gd'; theory.*, spectrum.* with 'gd' or 'theory'; typical.* with 'typical' */
export const LinearSummary = z.object({
  alpha: value,
  N: value,
  P: value,
  sigmaW: value,
  sigmaW0: value,
  sigmaEps: value,
  snr: value,
  inr: value,
  steps: value,
  /** the headline E_g at tMax: gradient descent's if it ran, else eq. 1's, else the typical one */
  egFinal: value,
  /** the Marchenko–Pastur edges (1 ± √α)² and the measured extreme eigenvalues (smallest non-zero) */
  'mp.lower': value.optional(),
  'mp.upper': value.optional(),
  'spectrum.lambdaMin': value.optional(),
  'spectrum.lambdaMax': value.optional(),
  /** Kolmogorov–Smirnov distance of the N eigenvalues of XXᵀ from the MP law (atom at 0 included) */
  'spectrum.ks': value.optional(),
  /** fraction of zero eigenvalues (N − min(N, P))/N; MP: (1 − α)₊ */
  'spectrum.zeroFraction': value.optional(),
  'gd.EgFinal': value.optional(),
  'gd.EtFinal': value.optional(),
  /** best recorded E_g of gradient descent and its time (oracle early stopping on the record grid) */
  'gd.tOptimal': value.optional(),
  'gd.EgOptimal': value.optional(),
  'theory.EgFinal': value.optional(),
  'theory.EtFinal': value.optional(),
  'theory.tOptimal': value.optional(),
  'theory.EgOptimal': value.optional(),
  'typical.EgFinal': value.optional(),
  'typical.EtFinal': value.optional(),
  /** closed-form long-time limit: α > 1: σ_ε² α/(α − 1); α < 1: (1 − α)(σ_w² + σ_w0²) + σ_ε²/(1 − α) */
  'typical.EgInfinity': value.optional(),
  'typical.tOptimal': value.optional(),
  'typical.EgOptimal': value.optional(),
  /** the five modes of modeSeries: their eigenvalues */
  'modes.lambda': z.array(value).optional(),
  /** median over learned modes of λ_i·t_i, t_i the time mode i is 1 − 1/e learned (theory: 1 for the flow) */
  'modes.medianLambdaT': value.optional(),
  /** frozen subspace: dimension N − min(N, P), measured share of E_g, theory, largest drift */
  'frozen.dimension': value.optional(),
  'frozen.measured': value.optional(),
  'frozen.theory': value.optional(),
  'frozen.maxDrift': value.optional()
})
export type LinearSummary = z.infer<typeof LinearSummary>

/**
 * spectrum/eigenvalues [N]: of XXᵀ, ascending (the N − P smallest exactly 0 when P < N);
 * spectrum/histogram [bins, 4]: left edge, right edge, empirical density (count/(N·width)), MP mass/width;
 * spectrum/mpDensity [n, 2]: λ, ρ(λ) on the bulk;
 * modes/learningTime [N]: t at which gd's mode i is 1 − 1/e learned (∞ if not by tMax, NaN if frozen).
 */
export const LinearArtifact = artifactNames(['spectrum/eigenvalues', 'spectrum/histogram', 'spectrum/mpDensity', 'modes/learningTime'])
export type LinearArtifact = z.infer<typeof LinearArtifact>

// ---- 'linear-dd': double descent, t = α (axis 'alpha') or N (axis 'N') --------------------------

/**
 * E_g per SNR: 'long' at t = tMax, 'early' at the optimal stopping time, 'infinity' (theory only,
 * closed form); 'gd' is the mean over seeds of the drawn instances' gradient descent, '/se' its
 * standard error; theory/tOptimal the typical optimal stopping time.
 */
export type StopKind = 'long' | 'early' | 'infinity'
export const doubleDescentSeries = (source: 'theory' | 'gd', stop: StopKind, snr: number, se = false): string =>
  `${source}/Eg_${stop}/snr=${snr}${se ? '/se' : ''}`
export const optimalTimeSeries = (source: 'theory' | 'gd', snr: number): string => `${source}/tOptimal/snr=${snr}`

export const LinearDoubleDescentSummary = z.object({
  axis: z.enum(['alpha', 'N']),
  snrs: z.array(value),
  /** per SNR: theory E_g early-stopped over E_g at t = tMax, at the axis value nearest α = 1 */
  peakRemoval: z.record(z.string(), value),
  /** per SNR: the axis value where the theory's E_g at t = tMax peaks */
  peakAt: z.record(z.string(), value)
})
export type LinearDoubleDescentSummary = z.infer<typeof LinearDoubleDescentSummary>
/** no artifacts */
export const LinearDoubleDescentArtifact = z.never()

// ---- 'linear-relu': random ReLU features, t = N_h -----------------------------------------------

/**
 * gd/Eg, gd/Et, gd/gap = E_g − E_t, gd/norm = ‖w(tMax)‖ (mean over seeds, '/se' standard errors);
 * theory/Et: E_t on X_h's spectrum; theory/norm: eq. 10; bound/R: Rademacher bound eq. 12;
 * bound/gap: 2R + √(log(1/δ)/(2P)) (eq. 7); bound/B2: eq. 11.
 */
export type ReluQuantity = 'gd/Eg' | 'gd/Et' | 'gd/gap' | 'gd/norm' | 'theory/Et' | 'theory/norm' | 'bound/R' | 'bound/gap' | 'bound/B2'
export const reluSeries = (q: ReluQuantity, se = false): string => `${q}${se ? '/se' : ''}`

export const LinearReluSummary = z.object({
  Ni: value,
  P: value,
  sigmaEps: value,
  /** bound/R at the widest N_h over its value at the N_h nearest P: < 1 when it falls */
  boundFallsBy: value,
  /** the measured gap at the widest N_h over the gap at the N_h nearest P */
  gapFallsBy: value
})
export type LinearReluSummary = z.infer<typeof LinearReluSummary>
/** no artifacts */
export const LinearReluArtifact = z.never()
