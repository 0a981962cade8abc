// Series names like 'sgd/eg', 'ode/R[1,0]', 'dev/logratio': parsing, grouping into charts,
// and matrices of order parameters at one time. Names are built and parsed by @shared/outputs/series.
import { parseSeriesName, type ParsedSeries } from '@shared/outputs/series'

export type { ParsedSeries } from '@shared/outputs/series'
export { parseSeriesName }

export interface SeriesGroup {
  id: string
  title: string
  /** y-axis label */
  yName: string
  names: string[]
  xLog: boolean
  yLog: boolean
}

// titles and axis names are math markup (lib/mathText.ts): ε_g, Q_{kl}, …
const KNOWN: Record<string, { title: string; yName: string; yLog: boolean; order: number }> = {
  eg: { title: 'Generalisation error ε_g(t)', yName: 'ε_g', yLog: true, order: 0 },
  v: { title: 'Second layer v_k(t)', yName: 'v_k', yLog: false, order: 1 },
  Q: { title: 'Q_{kl}(t) = E[λ_k λ_l]', yName: 'Q_{kl}', yLog: false, order: 2 },
  R: { title: 'R_{km}(t) = E[λ_k ν_m]', yName: 'R_{km}', yLog: false, order: 3 },
  W: { title: 'W_{kl}(t) = w_k·w_l / N', yName: 'W_{kl}', yLog: false, order: 4 },
  Sigma: { title: 'Σ_{kl}(t) = S_k·S_l / D', yName: 'Σ_{kl}', yLog: false, order: 5 },
  Qtest: { title: 'Q_{kl}(t) measured on the test set', yName: 'Q_{kl}', yLog: false, order: 6 },
  Rtest: { title: 'R_{km}(t) measured on the test set', yName: 'R_{km}', yLog: false, order: 7 },
  dev: { title: 'Deviation SGD ↔ ODE', yName: 'deviation', yLog: true, order: 8 }
}

function groupIdOf(p: ParsedSeries): string {
  if (p.source === 'dev') return 'dev'
  if (p.quantity === 'eg' || p.quantity.startsWith('eg_')) return 'eg'
  return p.quantity
}

/** Charts of the Run view: one per quantity, in a fixed order, unknown quantities last. */
export function groupSeries(names: readonly string[]): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>()
  for (const name of names) {
    const p = parseSeriesName(name)
    const id = groupIdOf(p)
    let g = groups.get(id)
    if (!g) {
      const known = KNOWN[id]
      g = { id, title: known?.title ?? `${id}(t)`, yName: known?.yName ?? id, names: [], xLog: true, yLog: known?.yLog ?? false }
      groups.set(id, g)
    }
    g.names.push(name)
  }
  for (const g of groups.values()) g.names.sort(compareSeries)
  return [...groups.values()].sort((a, b) => (KNOWN[a.id]?.order ?? 99) - (KNOWN[b.id]?.order ?? 99) || a.id.localeCompare(b.id))
}

const SOURCE_ORDER = ['sgd', 'ode', 'linear', 'dev']
export function compareSeries(a: string, b: string): number {
  const pa = parseSeriesName(a)
  const pb = parseSeriesName(b)
  for (let i = 0; i < Math.max(pa.indices.length, pb.indices.length); i++) {
    const d = (pa.indices[i] ?? -1) - (pb.indices[i] ?? -1)
    if (d) return d
  }
  const sa = SOURCE_ORDER.indexOf(pa.source)
  const sb = SOURCE_ORDER.indexOf(pb.source)
  if (sa !== sb) return (sa < 0 ? 99 : sa) - (sb < 0 ? 99 : sb)
  return a.localeCompare(b)
}

export type Dash = 'solid' | 'dashed' | 'dotted'
/** How a series is drawn: SGD solid, ODE dashed, variants of ε_g (eg_analytic, eg_mp) dotted; colour by entry. */
export function seriesStyle(name: string, group: string): { colorKey: string; dash: Dash } {
  const p = parseSeriesName(name)
  const dash: Dash = p.source === 'ode' ? 'dashed' : /^eg_/.test(p.quantity) ? 'dotted' : 'solid'
  if (group === 'eg' || group === 'dev') return { colorKey: p.source + '/' + p.quantity, dash }
  return { colorKey: p.indices.join(','), dash }
}

export interface MatrixAt {
  rows: number
  cols: number
  /** values[row][col], null where not recorded */
  values: (number | null)[][]
}

export interface SeriesLike {
  name: string
  t: number[]
  value: (number | null)[]
}

/** index of the recorded time closest to t */
export function nearestIndex(times: readonly number[], t: number): number {
  let best = 0
  let bestDist = Infinity
  for (let i = 0; i < times.length; i++) {
    const d = Math.abs(times[i] - t)
    if (d < bestDist) {
      bestDist = d
      best = i
    }
  }
  return best
}

const SYMMETRIC = new Set(['Q', 'W', 'Sigma', 'T'])

/** The matrix of `source/quantity[i,j]` series at time t (symmetric ones filled from one triangle). */
export function matrixAt(series: readonly SeriesLike[], source: string, quantity: string, t: number): MatrixAt | null {
  const entries = series.map((s) => ({ s, p: parseSeriesName(s.name) })).filter(({ p }) => p.source === source && p.quantity === quantity && p.indices.length === 2)
  if (!entries.length) return null
  const rows = Math.max(...entries.map(({ p }) => p.indices[0])) + 1
  const cols = Math.max(...entries.map(({ p }) => p.indices[1])) + 1
  const values: (number | null)[][] = Array.from({ length: rows }, () => new Array(cols).fill(null))
  for (const { s, p } of entries) {
    if (!s.t.length) continue
    const v = s.value[nearestIndex(s.t, t)] ?? null
    values[p.indices[0]][p.indices[1]] = v
  }
  if (SYMMETRIC.has(quantity) && rows === cols)
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (values[i][j] === null && values[j][i] !== null) values[i][j] = values[j][i]
  return { rows, cols, values }
}

// ------------------------------------------------------------------ human names

/** what a series label may depend on beyond its name */
export interface LabelContext {
  /**
   * the inputs are not Gaussian (a non-Gaussian latent, pseudo-real data): SGD's Q, R, W, Σ and
   * eg_analytic then are the Gaussian theory's values computed from the weights, and say so
   */
  nonGaussian?: boolean
}

/** does a run's data leave the Gaussian model (hmm with a non-Gaussian latent, or pseudo-real data)? */
export function nonGaussianRun(engine: string, spec: Record<string, unknown>): boolean {
  if (engine === 'pseudoreal') return true
  if (engine !== 'hmm') return false
  const latent = spec.latent as { kind?: string } | undefined
  return !!latent?.kind && latent.kind !== 'gaussian'
}

/** 0-based indices as the papers write them: 1-based, joined (Q_{12}), with commas past 9 */
const sub = (indices: number[]) => {
  const one = indices.map((i) => i + 1)
  return one.some((i) => i > 9) ? one.join(',') : one.join('')
}
const SOLVER: Record<string, string> = { sgd: 'SGD', ode: 'ODE' }
const GREEK: Record<string, string> = { alpha: 'α', beta: 'β', eta: 'η', sigma: 'σ', delta: 'δ', zeta: 'ζ', mu: 'μ', lambda: 'λ', kappa: 'κ', rho: 'ρ', omega: 'ω', tau: 'τ' }
const STOP: Record<string, string> = { long: 't = t_{max}', early: 'early-stopped', infinity: 't → ∞' }

/**
 * The human name of a series, as math markup (render with lib/mathText): 'sgd/eg' → ε_g^{SGD},
 * 'dev/logratio' → |log ε_g^{SGD} − log ε_g^{ODE}|, 'ode/v[2]' → v_3^{ODE}. Names are built in
 * @shared/outputs/*; a name no rule knows falls back to its words, never to the raw key's slashes.
 */
export function seriesLabel(name: string, ctx: LabelContext = {}): string {
  const p = parseSeriesName(name)
  const q = p.quantity
  const idx = p.indices
  const solver = SOLVER[p.source]
  if (solver) {
    const gauss = ctx.nonGaussian && p.source === 'sgd' ? ', Gaussian formula' : ''
    switch (q) {
      case 'eg':
        return `ε_g^{${solver}}`
      case 'eg_se':
        return `s.e. of ε_g^{${solver}}`
      case 'eg_mom':
        return `ε_g^{${solver}}, median of means (24 blocks)`
      case 'eg_analytic':
        return `ε_g^{${solver}} from (Q,R,T), Gaussian formula`
      case 'eg_data':
        return `ε_g^{${solver}}, its student tested on the data`
      case 'eg_mp':
        return `ε_g^{${solver}}, Marchenko–Pastur`
      case 'v':
        return `v_{${sub(idx)}}^{${solver}}`
      case 'Q':
      case 'R':
      case 'W':
        return `${q}_{${sub(idx)}}^{${solver}}${gauss}`
      case 'Sigma':
        return `Σ_{${sub(idx)}}^{${solver}}${gauss}`
      case 'Qtest':
      case 'Rtest':
        return `${q[0]}_{${sub(idx)}}^{${solver}}, test set`
      // le-sde: the LE-ODE's class means and norms
      case 'mean':
        return `X̄_{${sub(idx)}}^{${p.source === 'ode' ? 'LE-ODE' : solver}}`
      case 'norm':
        return `‖X̄_{${sub(idx)}}‖, LE-ODE`
    }
  }
  switch (p.source) {
    case 'dev':
      if (q === 'eg') return '|ε_g^{SGD} − ε_g^{ODE}|'
      if (q === 'v') return 'Δv = mean_k |v_k^{SGD} − v_k^{ODE}|'
      if (q === 'logratio') return '|log ε_g^{SGD} − log ε_g^{ODE}|'
      break
    case 'linear':
      if (q === 'eg') return 'ε_g, linear theory'
      break
    case 'sde':
      if (q === 'mean') return `X̄_{${sub(idx)}}, SDE samples`
      break
    case 'gd':
    case 'theory':
    case 'typical':
    case 'bound': {
      const who = { gd: 'gradient descent', theory: 'theory', typical: 'Marchenko–Pastur', bound: 'bound' }[p.source]!
      const [head, ...rest] = q.split('/')
      const snr = rest.find((r) => r.startsWith('snr='))
      const se = rest.includes('se') ? 's.e. of ' : ''
      const at = snr ? `, SNR = ${snr.slice(4)}` : ''
      if (head === 'Eg' || head === 'Et') return `${se}E_${head[1]}, ${who}${at}`
      const stop = /^Eg_(long|early|infinity)$/.exec(head)
      if (stop) return `${se}E_g (${STOP[stop[1]]}), ${who}${at}`
      if (head === 'tOptimal') return `${se}t_{opt}, ${who}${at}`
      if (head === 'mode') return `mode ${idx[0] + 1} learned, ${who}`
      if (head === 'frozen') return `frozen share of E_g, ${who}`
      if (head === 'frozenDrift') return `‖Π_0(w(t) − w(0))‖, ${who}`
      if (head === 'gap') return `${se}E_g − E_t, ${who}`
      if (head === 'norm') return `${se}‖w‖, ${who}`
      if (head === 'R') return 'Rademacher bound R'
      if (head === 'B2') return 'B_2 bound (eq. 11)'
      break
    }
    case 'kl': {
      const m = /^m=(\d+)(\/se)?$/.exec(q)
      if (m) return `${m[2] ? 's.e. of ' : ''}D̂_{KL}(GM ‖ N(0, I)), m = ${m[1]}`
      break
    }
    case 'fit':
      return { loss: 'latent-fit loss', recon: 'reconstruction loss', offdiagC: 'off-diagonal of C', offdiagF: 'off-diagonal of F' }[q] ?? words(name)
    case 'teacher':
      if (q === 'loss') return "teacher's loss"
      break
    case 'etf':
      if (q === 'error') return idx.length ? `ETF error, K = ${idx[0]}` : 'ETF error max_{k≠l} |cos + 1/(K−1)|'
      break
    case 'sep':
      return q === 'fraction' ? 'separable pairs (fraction)' : 'min margin'
    case 'val':
      return q === 'loss' ? 'validation loss' : 'validation accuracy'
    case 'train':
      return 'training loss'
    case 'estimate': {
      const [model, what] = q.split('/')
      const sym = { alpha: 'α̂(t)', beta: 'β̂(t)', A: 'Â(t)', B: 'B̂(t)' }[what]
      if (sym) return `${sym}, ${model}-model`
      break
    }
    case 'rd':
      return idx.length ? `RD_{${idx[0] + 1}}, ${q}-model` : `RD, ${q}-model`
    case 'logits':
      return `mean logit z̄_{${sub(idx)}}`
    case 'sim':
      return `z̄_{${sub(idx)}}, LE-ODE from ${q.split('/')[0]}-model estimates`
    case 'loss':
      return { train: 'training loss', test: 'test loss', train_ntk: 'training loss, NTK', test_ntk: 'test loss, NTK' }[q] ?? words(name)
    case 'width':
      return `${q.startsWith('ntk') ? 'NTK' : 'NNGP'}${q.includes('single') ? ' (one network)' : ''} distance to the analytic kernel${q.endsWith('_fit') ? ', power-law fit' : ''}`
    case 'spectrum':
      return `${q.startsWith('ntk') ? 'NTK' : 'NNGP'} eigenvalue λ_i${q.endsWith('_fit') ? ', power-law fit' : ''}`
    case 'depth':
      return 'mean K^ℓ(x, x)'
    case 'resolution':
    case 'variance':
      return `${p.source} limited: ${q.replace(/_fit$/, '')}${q.endsWith('_fit') ? ', power-law fit' : ''}`
  }
  // the cumulant study: '<statistic>/<function>/<latent>' (+ '/se'), '…/theory'
  const parts = name.split('/')
  if (parts.length >= 3 && /^E/.test(parts[0])) {
    const stat = parts[0] === 'Ef' ? `E ${parts[1]}(z)` : `${parts[0]} ${parts[1]}(z)`
    if (parts[2] === 'theory') return `${stat}, Gaussian z`
    return `${parts[3] === 'se' ? 's.e. of ' : ''}${stat}, z from ${parts[2]}`
  }
  const prob = /^prob\[c=([^,]+),T=([^\]]+)\]$/.exec(name)
  if (prob) return `P(separable), c = ${prob[1]}, t_{max} = ${prob[2]}`
  // the scaling study's teacher spectrum
  if (name === 'spectrum' || name === 'spectrum_fit') return `eigenvalue λ_i of the teacher features${name.endsWith('_fit') ? ', power-law fit' : ''}`
  if (name === 'nc1') return 'NC1 = tr(Σ_W Σ_B^+)/K'
  if (name === 'gap') return '|f − f_{NTK}| gap'
  return words(name)
}

/** the words of a key: 'gd/frozenDrift' → 'gd frozen drift', Greek names as letters */
function words(key: string): string {
  return key
    .replace(/[/._]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((w) => GREEK[w.toLowerCase()] ?? w)
    .join(' ')
    .trim()
}

/** the late-time statistics of a deviation series d(t) (MATH.md §6: t ≥ 1), as math around it */
const SUMMARY_STAT: Record<string, (d: string) => string> = {
  meanLate: (d) => `⟨${d}⟩_{t≥1}`,
  maxLate: (d) => `max_{t≥1} ${d}`,
  final: (d) => `${d} at t_{max}`
}
const SUMMARY: Record<string, string> = {
  mu0: 'μ_0',
  mu1: 'μ_1',
  mu2: 'μ_2',
  mu1Raw: 'μ_1, uncorrected',
  mu2Raw: 'μ_2, uncorrected',
  zeta: 'ζ = μ_2 − μ_0² − μ_1²',
  delta: 'δ = D/N',
  'ode.egFinal': 'ε_g^{ODE}(t_{max})',
  'sgd.egFinal': 'ε_g^{SGD}(t_{max})',
  'sgd.diverged': 'SGD diverged',
  'ode.diverged': 'ODE diverged',
  divergedAt: 'diverged at t',
  divergedSeries: 'first non-finite series',
  'ode.mu1': 'μ_1 used by the ODE',
  'ode.mu2': 'μ_2 used by the ODE',
  'ode.teacherTerm': "ODE's teacher term",
  'ode.covariateSamples': 'KDE draws for Ω_x',
  'ode.scaleBins': 'bins of the latents’ scale',
  'ode.readoutSamples': 'data draws for the ODE student’s test',
  'ode.egDataFinal': 'final ε_g of the ODE’s student on the data',
  'ode.egNonPositive': 'ODE ε_g ≤ 0 somewhere',
  'ge.zeta': 'ζ of the Gaussian equivalent',
  'ge.kappaMean': 'mean κ',
  'ge.kappaMin': 'min κ',
  'ge.kappaMax': 'max κ',
  'ge.mu0Rms': 'rms μ_0',
  'ge.mu0Max': 'max |μ_0|',
  egFinal: 'E_g(t_{max})',
  alpha: 'α = P/N',
  sigmaW: 'σ_w',
  sigmaW0: 'σ_{w0}',
  sigmaEps: 'σ_ε',
  snr: 'SNR = σ_w²/σ_ε²',
  inr: 'INR = σ_{w0}²/σ_w²',
  'mp.lower': 'MP lower edge (1 − √α)²',
  'mp.upper': 'MP upper edge (1 + √α)²',
  'spectrum.lambdaMin': 'smallest non-zero λ',
  'spectrum.lambdaMax': 'largest λ',
  'spectrum.ks': 'KS distance from the MP law',
  'spectrum.zeroFraction': 'fraction of zero eigenvalues',
  'modes.medianLambdaT': 'median λ_i t_i of learned modes',
  alphaK: 'α_K',
  etaCritical: 'η_c',
  eta: 'η',
  lambdaMax: 'λ_{max}',
  bandwidth: 'KDE bandwidth h',
  t: 'Welch t',
  p: 'p-value',
  df: 'degrees of freedom'
}
const SOURCE_WORDS: Record<string, string> = { gd: 'gradient descent', theory: 'theory', typical: 'Marchenko–Pastur' }

/**
 * The human name of a summary key (math markup): 'mu1' → μ_1, 'dev.logratio.meanLate' →
 * ⟨|log ε_g^{SGD} − log ε_g^{ODE}|⟩_{t≥1}, the mean late log-ratio. Keys are those of @shared/outputs/<engine>.ts.
 */
export function summaryLabel(engine: string, key: string): string {
  void engine // the keys are named alike across engines today; the engine disambiguates any that are not
  if (SUMMARY[key]) return SUMMARY[key]
  const dev = /^dev\.(eg|v|logratio)\.(meanLate|maxLate|final)$/.exec(key)
  if (dev) return SUMMARY_STAT[dev[2]](dev[1] === 'v' ? 'Δv' : seriesLabel(`dev/${dev[1]}`))
  const lin = /^(gd|theory|typical)\.(Eg|Et)(Final|Optimal|Infinity)$/.exec(key)
  if (lin) return `E_${lin[2][1]}${{ Final: '(t_{max})', Optimal: ' at t_{opt}', Infinity: '(t → ∞)' }[lin[3]]}, ${SOURCE_WORDS[lin[1]]}`
  const topt = /^(gd|theory|typical)\.tOptimal$/.exec(key)
  if (topt) return `t_{opt}, ${SOURCE_WORDS[topt[1]]}`
  const fit = /^fit\.(\w+?)(CI)?$/.exec(key)
  if (fit && SUMMARY[fit[1]]) return `${SUMMARY[fit[1]]}${fit[2] ? ' 95 % interval' : ''}`
  const solver = /^divergedSolvers\.(\w+)$/.exec(key)
  if (solver) return `${{ sgd: 'SGD', ode: 'ODE', dev: 'deviation' }[solver[1]] ?? solver[1]} diverged at t`
  const parts = key.split('.')
  return parts.map((part) => SUMMARY[part] ?? words(part)).join(' · ')
}

/**
 * A chart's legend names for its series: each its full human name, or — many entries of an
 * order parameter (Q, R of a wide student) — one entry per matrix entry shared by SGD and ODE
 * ('Q_{12}', told apart by solid/dashed) and a key naming the solvers' line styles.
 */
export function legendNames(names: readonly string[], group: string, ctx: LabelContext = {}): { legend: Map<string, string>; keys: { name: string; dash: Dash }[] } {
  const compact = group !== 'eg' && group !== 'dev' && names.length > 12
  const legend = new Map(names.map((n) => [n, compact ? seriesLabel(n, ctx).replace(/\^\{(SGD|ODE)\}.*$/, '') : seriesLabel(n, ctx)]))
  const keys: { name: string; dash: Dash }[] = []
  if (compact) {
    if (names.some((n) => n.startsWith('sgd/'))) keys.push({ name: ctx.nonGaussian ? 'SGD, Gaussian formula' : 'SGD', dash: 'solid' })
    if (names.some((n) => n.startsWith('ode/'))) keys.push({ name: 'ODE', dash: 'dashed' })
  }
  return { legend, keys }
}
