// `--set path=value` overrides of a spec (CLI, presets): dotted paths into the JSON object.
import { ValidationError } from './validate'

/** Return a copy of obj with the value at a dotted path replaced (objects created as needed). */
export function setPath(obj: unknown, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.')
  if (keys.some((k) => k === '' || k === '__proto__' || k === 'constructor' || k === 'prototype'))
    throw new ValidationError([{ path, message: 'not a valid field path' }], 'override')
  if (obj !== undefined && obj !== null && (typeof obj !== 'object' || Array.isArray(obj)))
    throw new ValidationError([{ path: '', message: `cannot set ${path}: the spec is ${Array.isArray(obj) ? 'an array' : `a ${typeof obj}`}, not a JSON object` }], 'override')
  const root: Record<string, unknown> = structuredClone((obj ?? {}) as Record<string, unknown>)
  let node = root
  keys.slice(0, -1).forEach((k) => {
    const next = node[k]
    if (next === undefined) node[k] = {}
    else if (typeof next !== 'object' || next === null || Array.isArray(next))
      throw new ValidationError([{ path, message: `'${k}' is not an object, cannot set a field inside it` }], 'override')
    node = node[k] as Record<string, unknown>
  })
  node[keys[keys.length - 1]] = value
  return root
}

/** "model.N=1000" → ['model.N', 1000]; the value is JSON when it parses, else a string. */
export function parseAssignment(text: string): [string, unknown] {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new ValidationError([{ path: text, message: 'an override must look like path=value, e.g. model.N=1000' }], 'override')
  const raw = text.slice(eq + 1)
  let value: unknown = raw
  try {
    value = JSON.parse(raw)
  } catch {
    /* a bare string such as latent.kind=mixture */
  }
  return [text.slice(0, eq), value]
}

export function applyOverrides(spec: unknown, assignments: string[]): unknown {
  return assignments.reduce<unknown>((acc, a) => {
    const [path, value] = parseAssignment(a)
    return setPath(acc, path, value)
  }, spec)
}
