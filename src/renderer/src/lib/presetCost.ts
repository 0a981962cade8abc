// What a paper preset will cost before it is started: its runs (a sweep expanded with the same
// expandSweep/parseRunSpec the CLI and the API use), the size of one run, and the compute time
// from the same estimates the API checks against (src/shared/cost.ts) — and a "quick" variant
// scaled down (smaller N, D, t_max, test set, samples, two seeds) for a first look.
import type { Preset } from '@shared/api'
import { estimate } from '@shared/cost'
import type { RunSpec } from '@shared/runSpec'
import { expandSweep, type SweepSpecInput } from '@shared/sweep'
import { parseRunSpec } from '@shared/validate'

export interface PresetCost {
  runs: number
  /** sum of the runs' estimated compute seconds (one core) */
  seconds: number
  /** the largest run's estimated peak memory */
  bytes: number
  /** the size of a run in words: "N = 500, D = 250, t ≤ 50, 10 000 test samples" */
  size: string
}

/** the quick settings, stated: field → value as the dialog shows it */
export interface QuickVariant {
  /** the sweep spec (kind sweep) or run spec (run, study) to start */
  spec: Record<string, unknown>
  changes: string[]
  cost: PresetCost
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x)
const int = (x: number) => x.toLocaleString('en-US').replace(/,/g, ' ')

function sizeOf(spec: RunSpec): string {
  const s = spec as unknown as Record<string, unknown>
  const model = isRecord(s.model) ? s.model : null
  const train = isRecord(s.train) ? s.train : null
  const parts: string[] = []
  if (model && typeof model.N === 'number') parts.push(`N = ${model.N}`)
  if (model && typeof model.D === 'number') parts.push(`D = ${model.D}`)
  if (train && typeof train.tMax === 'number') parts.push(`t ≤ ${train.tMax}`)
  if (train && typeof train.testSamples === 'number') parts.push(`${int(train.testSamples)} test samples`)
  if (typeof s.samples === 'number') parts.push(`${int(s.samples)} samples`)
  if (typeof s.d === 'number') parts.push(`d = ${s.d}`)
  if (typeof s.repeats === 'number') parts.push(`${s.repeats} repeats`)
  return parts.join(', ') || spec.engine
}

function costOf(specs: RunSpec[]): PresetCost {
  const est = specs.map(estimate)
  return {
    runs: specs.length,
    seconds: est.reduce((a, e) => a + e.seconds, 0),
    bytes: est.reduce((a, e) => Math.max(a, e.bytes), 0),
    size: specs.length ? sizeOf(specs[0]) : ''
  }
}

/** the parsed run specs a preset would start (throws the ValidationError the API would) */
export function presetRuns(kind: Preset['kind'], spec: unknown): RunSpec[] {
  return kind === 'sweep' ? expandSweep(spec as SweepSpecInput).map((p) => p.spec) : [parseRunSpec(spec)]
}

export function presetCost(p: Pick<Preset, 'kind' | 'spec'>): PresetCost {
  return costOf(presetRuns(p.kind, p.spec))
}

/** set a dotted path on a copy when the value there is a number above `max` */
function cap(obj: Record<string, unknown>, path: string, max: number, label: string, changes: string[]): Record<string, unknown> {
  const keys = path.split('.')
  const out = structuredClone(obj)
  let node: Record<string, unknown> = out
  for (const k of keys.slice(0, -1)) {
    if (!isRecord(node[k])) return obj
    node = node[k] as Record<string, unknown>
  }
  const last = keys[keys.length - 1]
  const v = node[last]
  if (typeof v !== 'number' || v <= max) return obj
  node[last] = max
  changes.push(`${label} ${int(v)} → ${int(max)}`)
  return out
}

/** The scaled-down run spec: N ≤ 100 (D in proportion), t ≤ 10, ≤ 2000 test samples, fewer samples. */
function quickRun(spec: Record<string, unknown>, changes: string[]): Record<string, unknown> {
  let s = spec
  const model = isRecord(s.model) ? s.model : null
  if (model && typeof model.N === 'number' && model.N > 100) {
    const ratio = typeof model.D === 'number' ? model.D / model.N : null
    s = cap(s, 'model.N', 100, 'N', changes)
    if (ratio !== null) s = cap(s, 'model.D', Math.max(1, Math.round(100 * ratio)), 'D', changes)
  }
  s = cap(s, 'train.tMax', 10, 't_max', changes)
  s = cap(s, 'train.testSamples', 2000, 'test samples', changes)
  s = cap(s, 'samples', 1000, 'samples', changes)
  s = cap(s, 'repeats', 2, 'repeats', changes)
  return s
}

/** The quick variant of a preset, or null when nothing would shrink (or the result is not a valid spec). */
export function quickVariant(p: Pick<Preset, 'kind' | 'spec'>): QuickVariant | null {
  if (!isRecord(p.spec)) return null
  const changes: string[] = []
  let spec: Record<string, unknown>
  if (p.kind === 'sweep') {
    const sweep = p.spec
    const base = quickRun(isRecord(sweep.base) ? sweep.base : {}, changes)
    const axes = (Array.isArray(sweep.axes) ? sweep.axes : []).map((a) => {
      if (!isRecord(a) || a.path !== 'seed' || !Array.isArray(a.values) || a.values.length <= 2) return a
      changes.push(`seeds ${a.values.length} → 2`)
      return { ...a, values: a.values.slice(0, 2) }
    })
    spec = { ...sweep, name: `${String(sweep.name)} (quick)`, base, axes }
  } else {
    spec = quickRun(p.spec, changes)
    spec = { ...spec, name: `${String(p.spec.name ?? 'preset')} (quick)` }
  }
  if (!changes.length) return null
  try {
    return { spec, changes, cost: presetCost({ kind: p.kind, spec }) }
  } catch {
    return null
  }
}
