// The key parameters and headline results of a run, read from its spec and summary.
import type { RunRow } from '@shared/api'
import type { DeviationKey } from '@shared/outputs/twoLayer'
import { describeCoords } from '@shared/paramLabels'

type RunLike = Pick<RunRow, 'spec' | 'seed' | 'engine' | 'summary'>

/**
 * Read a dotted path from nested objects, also when some levels are stored as flat dotted keys
 * (a summary may hold { 'sgd.egFinal': x } or { sgd: { egFinal: x } }).
 */
export function getPath(obj: unknown, path: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined
  const rec = obj as Record<string, unknown>
  if (path in rec) return rec[path]
  let dot = path.indexOf('.')
  while (dot > 0) {
    const head = path.slice(0, dot)
    if (head in rec) {
      const found = getPath(rec[head], path.slice(dot + 1))
      if (found !== undefined) return found
    }
    dot = path.indexOf('.', dot + 1)
  }
  return undefined
}

export interface KeyParams {
  N?: number
  D?: number
  K?: number
  M?: number
  P?: number
  latent?: string
  alpha?: number
  m?: number
  std?: string
  eta?: number
  seed?: number
  tMax?: number
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

export function keyParams(run: Pick<RunLike, 'spec' | 'seed'>): KeyParams {
  const s = run.spec ?? {}
  const engine = s.engine
  if (engine === 'linear')
    return { N: num(s.N), P: num(s.P), seed: run.seed ?? num(s.seed), tMax: num(s.tMax) }
  const latent = (s.latent ?? {}) as Record<string, unknown>
  return {
    N: num(getPath(s, 'model.N')),
    D: num(getPath(s, 'model.D')),
    K: num(getPath(s, 'model.K')),
    M: num(getPath(s, 'model.M')),
    latent: str(latent.kind),
    alpha: num(latent.alpha),
    m: num(latent.m),
    std: str(latent.standardize),
    eta: num(getPath(s, 'train.lr')),
    seed: run.seed ?? num(s.seed),
    tMax: num(getPath(s, 'train.tMax'))
  }
}

/** Final ε_g of each engine of the run, from summary keys '<engine>.egFinal' (or a bare 'egFinal'). */
export function egFinals(run: Pick<RunLike, 'summary'> & { engine?: string }): Record<string, number> {
  const out: Record<string, number> = {}
  const summary = run.summary ?? {}
  if (typeof summary.egFinal === 'number') out[run.engine ?? 'eg'] = summary.egFinal
  for (const [key, value] of Object.entries(summary)) {
    const flat = /^([\w-]+)\.egFinal$/.exec(key)
    if (flat && typeof value === 'number') out[flat[1]] = value
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = (value as Record<string, unknown>).egFinal
      if (typeof inner === 'number') out[key] = inner
    }
  }
  return out
}

/** Δε at t_max (MATH.md §6), when the run measured it. */
export function devFinal(run: Pick<RunLike, 'summary'>): number | undefined {
  return num(getPath(run.summary, 'dev.eg.final' satisfies DeviationKey))
}

/**
 * The name shown for a run. Runs named before sweep points had readable names hold
 * "<sweep> [train.lr=0.05, latent={"kind":…}]" (often cut at 200 characters): those show
 * "<sweep> · η = 0.05 · Lorentz · standardised", written from the point's stored coordinates;
 * the stored name is unchanged. Unnamed runs show their id.
 */
export function runLabel(run: Pick<RunRow, 'name' | 'id'> & { sweepKey?: string | null }): string {
  const name = run.name
  if (!name) return run.id
  if (!run.sweepKey) return name
  const open = name.indexOf(' [')
  if (open < 0 || !(name.endsWith(']') || name.endsWith('…'))) return name
  let coords: Record<string, unknown>
  try {
    coords = JSON.parse(run.sweepKey) as Record<string, unknown>
  } catch {
    return name
  }
  if (!coords || typeof coords !== 'object' || Array.isArray(coords)) return name
  // the order the axes were written in the old name
  const inName = name.slice(open)
  const ordered = Object.fromEntries(
    Object.entries(coords).sort(([a], [b]) => {
      const ia = inName.indexOf(`${a}=`)
      const ib = inName.indexOf(`${b}=`)
      return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib)
    })
  )
  return `${name.slice(0, open)} · ${describeCoords(ordered)}`
}
