// Readable names for spec parameters and their values: "η = 0.05", "seed 2",
// "Lorentz · standardised". Used for the names of sweep points (pointName in sweep.ts) and by the
// Runs table to label older runs whose stored names hold raw coordinates.

/** The symbol of a spec path, as the papers write it (MATH.md); unknown paths keep their last segment. */
const SYMBOLS: Record<string, string> = {
  'train.lr': 'η',
  lr: 'η',
  'train.tMax': 't_max',
  tMax: 't_max',
  'train.tMin': 't_min',
  'latent.alpha': 'α',
  'latent.m': 'm',
  'latent.kind': 'latent',
  'latent.standardize': 'standardisation',
  'latent.components': 'components',
  'model.N': 'N',
  'model.D': 'D',
  'model.K': 'K',
  'model.M': 'M',
  'model.P': 'P',
  'model.g': 'g',
  'model.teacherG': 'g*',
  'model.f': 'f',
  'model.trainSecondLayer': 'train v',
  'train.testSamples': 'n_test',
  'ode.dt': 'dt',
  'ode.teacherTerm': 'teacher term',
  'ode.correction': 'ODE model',
  sigmaW: 'σ_w',
  sigmaW0: 'σ_w0',
  sigmaEps: 'σ_ε',
  seed: 'seed'
}

export function paramSymbol(path: string): string {
  return SYMBOLS[path] ?? path.slice(path.lastIndexOf('.') + 1)
}

/** A number as a person writes it: at most 4 significant digits, no float noise (0.30000000000000004 → 0.3). */
export function fmtParamNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x)
  const a = Math.abs(x)
  if (a !== 0 && (a < 1e-3 || a >= 1e7)) return x.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e')
  return String(Number(x.toPrecision(4)))
}

const LATENT_NAMES: Record<string, string> = {
  gaussian: 'Gaussian',
  mixture: 'Gaussian mixture',
  uniform: 'uniform',
  beta: 'beta',
  poisson: 'Poisson',
  laplace: 'Laplace',
  pareto: 'Pareto',
  lorentz: 'Lorentz'
}
const STANDARDISE: Record<string, string> = { exact: 'standardised', sample: 'standardised', whiten: 'whitened' }

/** The parameters of a latent distribution as the paper writes it: beta(2, 5), GM(m = 4, α = 1), U[0, 1]. */
function latentName(l: Record<string, unknown>): string {
  const kind = String(l.kind)
  const n = (k: string) => (typeof l[k] === 'number' ? fmtParamNumber(l[k] as number) : undefined)
  const args = (...keys: string[]) => {
    const vs = keys.map(n)
    return vs.every((v) => v !== undefined) ? `(${vs.join(', ')})` : ''
  }
  switch (kind) {
    case 'mixture': {
      const parts = [n('m') !== undefined ? `m = ${n('m')}` : '', n('alpha') !== undefined ? `α = ${n('alpha')}` : ''].filter(Boolean)
      const per = l.components === 'coordinate' ? ', per coordinate' : ''
      return `GM${parts.length ? `(${parts.join(', ')}${per})` : ''}`
    }
    case 'uniform':
      return n('a') !== undefined && n('b') !== undefined ? `U[${n('a')}, ${n('b')}]` : 'uniform'
    case 'beta':
      return `beta${args('a', 'b')}`
    case 'poisson':
      return `Poisson${args('lambda')}`
    case 'laplace':
      return `Laplace${args('mu', 'b')}`
    case 'pareto':
      return `Pareto${args('shape', 'scale')}`
    case 'lorentz':
      return 'Lorentz'
    default:
      return LATENT_NAMES[kind] ?? kind
  }
}

/** A latent spec in words: "Lorentz · standardised", "GM(m = 4, α = 1) · whitened", "Gaussian". */
export function describeLatent(latent: unknown): string {
  if (!latent || typeof latent !== 'object' || Array.isArray(latent)) return String(latent)
  const l = latent as Record<string, unknown>
  const std = typeof l.standardize === 'string' ? STANDARDISE[l.standardize] : undefined
  return std ? `${latentName(l)} · ${std}` : latentName(l)
}

/** A plain value in words (strings bare, numbers tidied, objects as key = value lists). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return fmtParamNumber(value)
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k} = ${describeValue(v)}`)
      .join(', ')
  return String(value)
}

/** One coordinate in words: "η = 0.05", "seed 2", "Lorentz · standardised", "standardised". */
export function describeParam(path: string, value: unknown): string {
  if (path === 'seed') return `seed ${describeValue(value)}`
  if (path === 'latent') return describeLatent(value)
  if (path === 'latent.kind' && typeof value === 'string') return LATENT_NAMES[value] ?? value
  if (path === 'latent.standardize' && typeof value === 'string') return STANDARDISE[value] ?? 'not standardised'
  return `${paramSymbol(path)} = ${describeValue(value)}`
}

/** The coordinates of a sweep point in words, joined by " · ". */
export function describeCoords(coords: Record<string, unknown>): string {
  return Object.entries(coords)
    .map(([p, v]) => describeParam(p, v))
    .join(' · ')
}
