// Series names: '<source>/<quantity>' or '<source>/<quantity>[i,j]' (0-based indices), e.g.
// 'sgd/eg', 'ode/R[1,0]', 'dev/logratio', 'kl/m=4/se'. Engines build them here, the runner and
// the renderer parse them here: a renamed quantity is a type error, not a silently empty chart.

/** Two-layer order-parameter series (sgd/… and ode/…, MATH.md §1–2). */
export type TwoLayerSource = 'sgd' | 'ode'
/**
 * eg: ε_g (test set for SGD, closed form for the ODE); eg_se: its standard error; eg_mom: the
 * test set's median-of-means estimate of ε_g (24 blocks; robust where a few samples dominate); eg_analytic: ε_g
 * of the measured Q, R, T by the closed form; Q, R, W, Sigma: the order parameters (from the weights
 * through the Gaussian model: Q = ζW + μ1²Σ, R = μ1 S·w̃ᵀ/D); Qtest, Rtest: E λ_kλ_l and E λ_kν_m
 * measured on the SGD's test set; v: the second layer; eg_data: the ODE's student (its mean weights
 * and its SGD-noise spectrum) tested on draws of the data instead of through Gaussian fields.
 */
export type TwoLayerScalar = 'eg' | 'eg_se' | 'eg_mom' | 'eg_analytic' | 'eg_data'
export type TwoLayerMatrix = 'Q' | 'R' | 'W' | 'Sigma' | 'Qtest' | 'Rtest'
export type TwoLayerVector = 'v'
/** SGD–ODE deviation (MATH.md §6) */
export type DeviationQuantity = 'eg' | 'v' | 'logratio'

/** '<source>/<quantity>[k,l]'; source is 'sgd' or 'ode' in the engines (tests may use their own) */
export function twoLayerSeries(source: TwoLayerSource | (string & {}), q: TwoLayerScalar): string
export function twoLayerSeries(source: TwoLayerSource | (string & {}), q: TwoLayerVector, k: number): string
export function twoLayerSeries(source: TwoLayerSource | (string & {}), q: TwoLayerMatrix, k: number, l: number): string
export function twoLayerSeries(source: string, q: string, ...indices: number[]): string {
  return seriesName(source, q, ...indices)
}

export const deviationSeries = (q: DeviationQuantity): string => `dev/${q}`

// linear-student series (gd/Eg, theory/Eg, typical/Eg, …) are built in ./linear.ts

/** the KL study: D̂(GM(m, α) ‖ N(0, I)) per component count m, and its standard error */
export const klSeries = (m: number, se = false): string => `kl/m=${m}${se ? '/se' : ''}`

/** the cumulant study: '<statistic>/<function>/<latent label>' (+ '/se'), and '<statistic>/<function>/theory' */
export const cumulantSeries = (stat: string, f: string, label: string, se = false): string => `${stat}/${f}/${label}${se ? '/se' : ''}`
export const cumulantTheorySeries = (stat: string, f: string): string => `${stat}/${f}/theory`

/** the MNIST fit: latent-fit losses per iteration, then the teacher's loss */
export type FitQuantity = 'loss' | 'recon' | 'offdiagC' | 'offdiagF'
export const fitSeries = (q: FitQuantity): string => `fit/${q}`
export const teacherFitSeries = (): string => 'teacher/loss'

/** any name: source/quantity[indices] */
export function seriesName(source: string, quantity: string, ...indices: number[]): string {
  return indices.length ? `${source}/${quantity}[${indices.join(',')}]` : `${source}/${quantity}`
}

export interface ParsedSeries {
  name: string
  /** 'sgd', 'ode', 'dev', 'linear', …; '' when the name has no '/' */
  source: string
  /** 'eg', 'eg_analytic', 'Q', 'R', 'W', 'Sigma', 'v', … (everything after the first '/', indices stripped) */
  quantity: string
  indices: number[]
}

/** inverse of seriesName */
export function parseSeriesName(name: string): ParsedSeries {
  const slash = name.indexOf('/')
  const source = slash < 0 ? '' : name.slice(0, slash)
  const rest = slash < 0 ? name : name.slice(slash + 1)
  const m = /^([^[\]]+)\[([\d,\s]+)\]$/.exec(rest)
  if (!m) return { name, source, quantity: rest, indices: [] }
  return { name, source, quantity: m[1], indices: m[2].split(',').map((s) => Number(s.trim())) }
}

/** The headline curves whose latest values travel with progress events: ε_g, v[0], the linear student's E_g, the fit's loss, the KL curves. */
export function isHeadline(name: string): boolean {
  const p = parseSeriesName(name)
  switch (p.source) {
    case 'sgd':
    case 'ode':
    case 'dev':
      return (p.quantity === 'eg' && p.indices.length === 0) || (p.quantity === 'v' && p.indices.length === 1 && p.indices[0] === 0)
    case 'gd':
    case 'theory':
    case 'typical':
      return p.quantity === 'Eg'
    case 'fit':
      return p.quantity === 'loss'
    case 'kl':
      return true
    // local elasticity (seed 003): training loss, separability, the ETF
    case 'val':
      return p.quantity === 'loss' || p.quantity === 'acc'
    case 'sep':
      return p.quantity === 'fraction'
    case 'etf':
      return p.quantity === 'error' && p.indices.length === 0
    default:
      return false
  }
}
