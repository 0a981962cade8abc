// A sweep: one base run spec and axes of values at dotted paths into it. Expanding it gives
// one parsed RunSpec per point (the Cartesian product of the axes, or their zip), each with a
// stable key — the canonical JSON of its coordinates — so a re-run of the same sweep can skip
// the points already finished. Every point is parsed with parseRunSpec; a bad value is reported
// at the axis and value that produced it, e.g. `axes[1].values[3]: latent.alpha: …`.
import { z } from 'zod'
import type { RunSpec } from './spec'
import { parseOrThrow, parseRunSpec, ValidationError, type FieldIssue } from './validate'
import { describeCoords } from './paramLabels'
import { canonicalJson } from './canonicalJson'

/** At most this many points per sweep (a typo in an axis should not queue a million runs). */
export const MAX_SWEEP_POINTS = 10_000

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor'])

export const SweepAxis = z.strictObject({
  /** dotted path into the run spec, e.g. "latent.alpha", "model.N", "seed", "train.lr" */
  path: z
    .string()
    .max(200)
    .regex(FIELD_PATH, 'must be a dotted field path such as "latent.alpha"')
    .refine((p) => !p.split('.').some((k) => FORBIDDEN_KEYS.has(k)), 'is not a valid field path')
    .refine((p) => p !== 'name', 'the run name is derived from the sweep name and the coordinates; it cannot be an axis'),
  values: z.array(z.unknown()).min(1).max(MAX_SWEEP_POINTS)
})
export type SweepAxis = z.infer<typeof SweepAxis>

export const SweepSpec = z
  .strictObject({
    name: z.string().min(1).max(120),
    /** a run spec in input form (defaults may be left out); each point is checked in full */
    base: z.record(z.string(), z.unknown()),
    axes: z.array(SweepAxis).min(1).max(8),
    /** 'product': every combination (first axis slowest); 'zip': the i-th values together */
    mode: z.enum(['product', 'zip']).default('product')
  })
  .superRefine((s, ctx) => {
    s.axes.forEach((a, i) =>
      s.axes.forEach((b, j) => {
        if (j <= i) return
        if (a.path === b.path) ctx.addIssue({ code: 'custom', path: ['axes', j, 'path'], message: `repeats axes[${i}].path "${a.path}"` })
        else if (b.path.startsWith(a.path + '.') || a.path.startsWith(b.path + '.'))
          ctx.addIssue({ code: 'custom', path: ['axes', j, 'path'], message: `"${b.path}" overlaps axes[${i}].path "${a.path}": one would overwrite the other` })
      })
    )
    if (s.mode === 'zip') {
      const n = s.axes[0].values.length
      s.axes.forEach((a, i) => {
        if (a.values.length !== n) ctx.addIssue({ code: 'custom', path: ['axes', i, 'values'], message: `zip needs equal lengths: ${a.values.length} values, axes[0] has ${n}` })
      })
    } else {
      s.axes.forEach((a, i) => {
        const seen = new Map<string, number>()
        a.values.forEach((v, j) => {
          const key = canonicalJson(v)
          const first = seen.get(key)
          if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['axes', i, 'values', j], message: `repeats values[${first}] (${key})` })
          else seen.set(key, j)
        })
      })
      const count = s.axes.reduce((p, a) => p * a.values.length, 1)
      if (count > MAX_SWEEP_POINTS) ctx.addIssue({ code: 'custom', path: ['axes'], message: `${count} points exceed the limit of ${MAX_SWEEP_POINTS}` })
    }
  })
export type SweepSpec = z.infer<typeof SweepSpec>
export type SweepSpecInput = z.input<typeof SweepSpec>

export interface SweepPoint {
  /** canonical JSON of coords: equal for equal coordinates, whatever the order they were written in */
  key: string
  spec: RunSpec
  /** axis path → value at this point */
  coords: Record<string, unknown>
}

export { canonicalJson }

/**
 * "<sweep name> · m = 4 · α = 0.5", "hmm · η = 0.05 · seed 2", "Distribution gallery · Lorentz ·
 * standardised": the coordinates in words (src/shared/paramLabels.ts), cut to the RunSpec name limit (200).
 */
export function pointName(sweepName: string, coords: Record<string, unknown>): string {
  const name = `${sweepName} · ${describeCoords(coords)}`
  return name.length <= 200 ? name : name.slice(0, 199) + '…'
}

/** copy of obj with value at the dotted path (objects created on the way); null if blocked by a non-object */
function withValueAt(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> | null {
  const keys = path.split('.')
  const root = structuredClone(obj)
  let node: Record<string, unknown> = root
  for (const k of keys.slice(0, -1)) {
    const next = node[k]
    if (next === undefined) node[k] = {}
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) return null
    node = node[k] as Record<string, unknown>
  }
  node[keys[keys.length - 1]] = structuredClone(value)
  return root
}

function valueAt(obj: unknown, path: string): { found: boolean; value?: unknown } {
  let node = obj
  for (const k of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, k)) return { found: false }
    node = (node as Record<string, unknown>)[k]
  }
  return { found: true, value: node }
}

/** does the parsed value keep what was set? (parsing may add defaults to objects, never drop) */
function keeps(parsed: unknown, set: unknown): boolean {
  if (Array.isArray(set)) return Array.isArray(parsed) && parsed.length === set.length && set.every((v, i) => keeps(parsed[i], v))
  if (set !== null && typeof set === 'object')
    return (
      parsed !== null &&
      typeof parsed === 'object' &&
      Object.entries(set).every(([k, v]) => Object.prototype.hasOwnProperty.call(parsed, k) && keeps((parsed as Record<string, unknown>)[k], v))
    )
  return Object.is(parsed, set) || parsed === set
}

/** is the issue about this axis' field (the field itself, inside it, or the object it sits in)? */
const concerns = (issuePath: string, axisPath: string) =>
  issuePath === axisPath || issuePath.startsWith(axisPath + '.') || issuePath.startsWith(axisPath + '[')

const latentKindOf = (spec: unknown): string | null => {
  const kind = valueAt(spec, 'latent.kind')
  return kind.found && typeof kind.value === 'string' ? kind.value : null
}

/** index tuples of the points, in order: product (first axis slowest) or zip */
function pointIndices(sweep: SweepSpec): number[][] {
  if (sweep.mode === 'zip') return sweep.axes[0].values.map((_, i) => sweep.axes.map(() => i))
  let out: number[][] = [[]]
  for (const axis of sweep.axes) out = out.flatMap((prefix) => axis.values.map((_, i) => [...prefix, i]))
  return out
}

function tryParse(input: unknown): { spec?: RunSpec; issues: FieldIssue[] } {
  try {
    return { spec: parseRunSpec(input), issues: [] }
  } catch (e) {
    if (e instanceof ValidationError) return { issues: e.issues }
    throw e
  }
}

/** Parse a sweep spec (throws ValidationError with field paths). */
export function parseSweep(input: unknown): SweepSpec {
  return parseOrThrow(SweepSpec, input, 'sweep spec')
}

/**
 * Every point of the sweep, in order, each a fully parsed RunSpec named after the sweep and its
 * coordinates. Throws one ValidationError listing every bad axis value, unknown axis path and
 * bad base field (each reported once).
 */
export function expandSweep(input: SweepSpecInput | SweepSpec): SweepPoint[] {
  const sweep = parseSweep(input)
  const issues = new Map<string, FieldIssue>()
  const report = (path: string, message: string) => issues.set(`${path}\u0000${message}`, { path, message })
  const baseIssues = new Set(tryParse({ ...sweep.base, name: sweep.name }).issues.map((i) => `${i.path}\u0000${i.message}`))
  const points: SweepPoint[] = []

  for (const idx of pointIndices(sweep)) {
    const coords: Record<string, unknown> = {}
    let input: Record<string, unknown> | null = sweep.base
    sweep.axes.forEach((axis, a) => {
      const value = axis.values[idx[a]]
      coords[axis.path] = value
      const next: Record<string, unknown> | null = input && withValueAt(input, axis.path, value)
      if (input && !next) report(`axes[${a}].path`, `${axis.path}: cannot set a field inside a value that is not an object in the base spec`)
      input = next
    })
    if (!input) continue
    const { spec, issues: found } = tryParse({ ...input, name: pointName(sweep.name, coords) })
    for (const issue of found) {
      // an axis path the schema does not know (a typo, or a field of another latent kind)
      const unknown = sweep.axes.findIndex((axis) => issue.path === axis.path && issue.message.startsWith('unknown field'))
      if (unknown >= 0) {
        const kind = issue.path.startsWith('latent.') ? latentKindOf(input) : null
        report(`axes[${unknown}].path`, `${issue.path}: ${issue.message}${kind ? ` (latent.kind = ${kind})` : ''}`)
        continue
      }
      const a = sweep.axes.findIndex((axis) => concerns(issue.path, axis.path))
      if (a >= 0) {
        report(`axes[${a}].values[${idx[a]}]`, `${issue.path || '(root)'}: ${issue.message}`)
        continue
      }
      if (baseIssues.has(`${issue.path}\u0000${issue.message}`)) {
        report(issue.path ? `base.${issue.path}` : 'base', issue.message)
        continue
      }
      // an axis whose path created an object the base lacks (e.g. latent.alpha without latent.kind)
      const b = sweep.axes.findIndex((axis) => {
        const parent = axis.path.split('.').slice(0, -1).join('.')
        return parent !== '' && issue.path.startsWith(parent + '.') && !valueAt(sweep.base, parent).found
      })
      if (b >= 0) {
        const parent = sweep.axes[b].path.split('.').slice(0, -1).join('.')
        report(`axes[${b}].path`, `${sweep.axes[b].path}: the base has no '${parent}', so this axis creates it incomplete: ${issue.path}: ${issue.message}`)
      } else report('axes', `at ${canonicalJson(coords)}: ${issue.path || '(root)'}: ${issue.message}`)
    }
    if (!spec) continue
    // a path the schema does not know is dropped by parsing: refuse it rather than run without it
    sweep.axes.forEach((axis, a) => {
      const got = valueAt(spec, axis.path)
      if (!got.found) {
        const kind = axis.path.startsWith('latent.') && 'latent' in spec ? ` (latent.kind = ${spec.latent.kind})` : ''
        report(`axes[${a}].path`, `${axis.path}: not a field of an ${spec.engine} run spec${kind}`)
      } else if (!keeps(got.value, coords[axis.path])) report(`axes[${a}].path`, `${axis.path}: the value set here does not survive parsing (unknown fields inside?)`)
    })
    points.push({ key: canonicalJson(coords), spec, coords })
  }
  const keys = new Set<string>()
  for (const p of points) {
    if (keys.has(p.key)) report('axes', `two points have the same coordinates ${p.key}`)
    keys.add(p.key)
  }
  if (issues.size > 0) throw new ValidationError([...issues.values()], 'sweep spec')
  return points
}
