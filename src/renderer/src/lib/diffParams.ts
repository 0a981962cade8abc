// "Only the parameters that differ": flatten specs to dotted paths and keep the paths whose
// values are not all equal across the chosen runs.
import { paramSymbol } from '@shared/paramLabels'

export type Flat = Record<string, string>

/** Flatten nested objects to dotted paths, keeping the leaf values (arrays are leaves). */
export function flattenObject(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) flattenObject(v, prefix ? `${prefix}.${key}` : key, out)
  } else if (value !== undefined) out[prefix] = value
  return out
}

/** Flatten nested objects to dotted paths; arrays of primitives become one value ("[sgd, ode]"). */
export function flattenSpec(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) flattenSpec(v, prefix ? `${prefix}.${key}` : key, out)
    return out
  }
  if (Array.isArray(value)) {
    const primitive = value.every((v) => v === null || typeof v !== 'object')
    if (primitive) out[prefix] = '[' + value.map((v) => String(v)).join(', ') + ']'
    // long numeric arrays (an explicit initial state) are summarised, not compared entry by entry
    else out[prefix] = `array(${value.length}) #${hash(JSON.stringify(value))}`
    return out
  }
  if (value === undefined) return out
  out[prefix] = value === null ? 'null' : String(value)
  return out
}

function hash(text: string): string {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return (h >>> 0).toString(16).slice(0, 6)
}

export interface DiffInput {
  id: string
  spec: Record<string, unknown>
  seed?: number
}

export interface ParamDiff {
  /** dotted paths that differ, in a readable order */
  paths: string[]
  /** per input (same order), path → value ('—' when the run lacks the field) */
  values: Flat[]
}

const IGNORED = new Set(['name', 'notes', 'tags'])

export function differingParams(runs: DiffInput[], ignore: Set<string> = IGNORED): ParamDiff {
  const flats = runs.map((r) => {
    const flat = flattenSpec(r.spec)
    if (r.seed !== undefined) flat.seed = String(r.seed)
    return flat
  })
  const all = new Set<string>()
  for (const f of flats) for (const k of Object.keys(f)) all.add(k)
  const paths: string[] = []
  for (const path of all) {
    if (ignore.has(path) || ignore.has(path.split('.')[0])) continue
    const first = flats[0]?.[path]
    if (flats.some((f) => f[path] !== first)) paths.push(path)
  }
  paths.sort(comparePaths)
  return { paths, values: flats.map((f) => Object.fromEntries(paths.map((p) => [p, f[p] ?? '—']))) }
}

/** engine first, then seed, then the rest by path (model before latent before train before ode). */
const ORDER = ['engine', 'model', 'latent', 'train', 'solve', 'ode', 'seed']
function comparePaths(a: string, b: string): number {
  const ra = ORDER.indexOf(a.split('.')[0])
  const rb = ORDER.indexOf(b.split('.')[0])
  const ka = ra < 0 ? ORDER.length : ra
  const kb = rb < 0 ? ORDER.length : rb
  return ka !== kb ? ka - kb : a < b ? -1 : a > b ? 1 : 0
}

/** Symbols of the papers for spec paths ('train.lr' → 'η'): one table, shared with the CLI's sweep-point names. */
export { paramSymbol }

/**
 * A legend label per run naming the parameters in which the runs differ (`η = 0.05, α = 2`), at most
 * `max` of them; '' for runs that differ in nothing but name. `withSeed: false` leaves the seed out
 * (runs drawn as mean ± std over seeds).
 */
export function differenceLabels(runs: DiffInput[], opts: { withSeed?: boolean; max?: number } = {}): string[] {
  const { paths, values } = differingParams(runs)
  const shown = paths.filter((p) => opts.withSeed !== false || p !== 'seed')
  const max = opts.max ?? 3
  return values.map((v) => {
    const parts = shown.slice(0, max).map((p) => `${paramSymbol(p)} = ${v[p]}`)
    if (shown.length > max) parts.push(`+${shown.length - max} more`)
    return parts.join(', ')
  })
}
