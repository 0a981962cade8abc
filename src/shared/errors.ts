// Validation errors: every bad field by its dotted path, the same on every transport.
import { z } from 'zod'
import { humanIssueMessage, type RawIssue } from './humanIssues'

export interface FieldIssue {
  /** dotted path of the bad field, e.g. "model.K" or "latent.alpha"; "" for the whole input */
  path: string
  message: string
}

/** Thrown for bad input anywhere (CLI exit code 2, HTTP 400, IPC error name 'ValidationError'). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError'
  constructor(
    readonly issues: FieldIssue[],
    what = 'input'
  ) {
    super(`invalid ${what}:\n` + issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n'))
  }
}

export function formatPath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[')
}

/** Levenshtein distance, cut off above `max` (returns max + 1). */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = row
  }
  return prev[b.length]
}

/** The known name closest to `name`: same letters in another case, else within edit distance 2 (1 for names of 3 letters, 0 for shorter). */
export function didYouMean(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase()
  const sameCase = known.find((k) => k.toLowerCase() === lower)
  if (sameCase) return sameCase
  const max = name.length <= 2 ? 0 : name.length === 3 ? 1 : 2
  let best: string | null = null
  let bestD = max + 1
  for (const k of known) {
    const d = distance(lower, k.toLowerCase(), max)
    if (d < bestD) [best, bestD] = [k, d]
  }
  return best
}

/** One line per unknown key, in the order of `keys` (issuesOf splits them into one issue each). */
export function unknownKeyLines(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((k) => {
      const close = didYouMean(k, known)
      const shown = k.length > 60 ? k.slice(0, 57) + '…' : k
      return close ? `unknown field '${shown}'; did you mean '${close}'?` : `unknown field '${shown}' (fields here: ${known.join(', ') || 'none'})`
    })
    .join('\n')
}

// Every strict object (z.strictObject) names its unknown keys with the fields it does know; every
// other built-in issue is worded by humanIssues.ts ("N must be a whole number ≥ 1, got 'abc'").
z.config({
  customError: (iss) => {
    if (iss.code !== 'unrecognized_keys') return humanIssueMessage(iss as RawIssue)
    const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape
    return unknownKeyLines(iss.keys, shape ? Object.keys(shape) : [])
  }
})

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') {
      const lines = i.message.split('\n')
      return i.keys.map((k, n) => ({ path: formatPath([...i.path, k]), message: lines.length === i.keys.length ? lines[n] : `unknown field '${k}'` }))
    }
    return [{ path: formatPath(i.path), message: i.message }]
  })
}

/** Parse with a schema or throw a ValidationError listing every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'input'): z.infer<S> {
  checkShape(input, what)
  const result = schema.safeParse(input)
  if (!result.success) throw new ValidationError(issuesOf(result.error), what)
  return result.data
}

/** Deepest nesting any input may have (a run spec is 4 deep; an ODE initial state 5). */
export const MAX_DEPTH = 32
/** Most values (objects, arrays, scalars) in one input. */
export const MAX_NODES = 5_000_000

/**
 * Refuse input nested deeper than MAX_DEPTH or with more than MAX_NODES values, walking it
 * without recursion, so that deep junk (1M-deep arrays) cannot overflow the stack later in
 * structuredClone, JSON.stringify or the schemas. Names the path where the limit was hit.
 */
export function checkShape(input: unknown, what = 'input'): void {
  if (input === null || typeof input !== 'object') return
  const stack: { value: unknown; depth: number; path: PropertyKey[] }[] = [{ value: input, depth: 1, path: [] }]
  let nodes = 0
  while (stack.length) {
    const { value, depth, path } = stack.pop()!
    if (++nodes > MAX_NODES) throw new ValidationError([{ path: formatPath(path), message: `the ${what} holds more than ${MAX_NODES} values` }], what)
    if (value === null || typeof value !== 'object') continue
    if (depth > MAX_DEPTH) throw new ValidationError([{ path: formatPath(path.slice(0, MAX_DEPTH)), message: `nested deeper than ${MAX_DEPTH} levels` }], what)
    if (ArrayBuffer.isView(value)) continue
    if (Array.isArray(value)) {
      nodes += value.length
      value.forEach((v, i) => typeof v === 'object' && v !== null && stack.push({ value: v, depth: depth + 1, path: [...path, i] }))
    }    else for (const k in value) {
      const v = (value as Record<string, unknown>)[k]
      nodes++
      if (typeof v === 'object' && v !== null) stack.push({ value: v, depth: depth + 1, path: [...path, k] })
    }
  }
}
