// zod's built-in messages ("Invalid input: expected number, received string") in words that
// name the field and say what it takes: "N must be a whole number ≥ 1, got 'abc'". Installed as
// zod's customError in errors.ts, so the CLI, the API and the renderer's forms say the same;
// messages a schema writes itself are kept (zod only asks here when a schema has none).

/** What zod hands customError: the raw issue with its full path, the input and the schema that raised it. */
export interface RawIssue {
  code: string
  path?: PropertyKey[]
  input?: unknown
  expected?: string
  format?: string
  origin?: string
  minimum?: number | bigint
  maximum?: number | bigint
  inclusive?: boolean
  values?: unknown[]
  inst?: unknown
  schema?: unknown
}

interface CheckDef {
  check?: string
  format?: string
  value?: number
  inclusive?: boolean
}

/** The field as the user wrote it: the last key of the path ("model.N" → N, "hidden[2]" → hidden[2]). */
export function fieldName(path: readonly PropertyKey[] | undefined): string {
  if (!path || path.length === 0) return 'the value'
  const last = path[path.length - 1]
  if (typeof last === 'number') {
    const before = path.length > 1 ? String(path[path.length - 2]) : 'entry'
    return `${before}[${last}]`
  }
  return String(last)
}

/** The input, shown briefly: 'abc', 2.5, a list, an object, nothing. */
export function shownInput(input: unknown): string {
  if (input === undefined) return 'nothing'
  if (input === null) return 'null'
  if (typeof input === 'string') return `'${input.length > 40 ? input.slice(0, 39) + '…' : input}'`
  if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint') return String(input)
  if (Array.isArray(input)) return `a list of ${input.length}`
  return 'an object'
}

const fmt = (x: number | bigint) => (typeof x === 'bigint' ? x.toString() : Number.isInteger(x) ? x.toLocaleString('en-US').replace(/,/g, ' ') : String(x))

/** The checks of a number schema (through .default/.optional wrappers). */
function numberChecks(schema: unknown): CheckDef[] | null {
  let s = schema as { _zod?: { def?: { type?: string; check?: string; checks?: { _zod?: { def?: CheckDef } }[]; innerType?: unknown } } } | undefined
  for (let depth = 0; s && depth < 4; depth++) {
    const def = s._zod?.def
    if (!def) return null
    // (a check's def also says type 'number': a schema is the one without `check`)
    if (def.type === 'number' && def.check === undefined) return (def.checks ?? []).map((c) => c._zod?.def ?? {})
    if (def.check !== undefined) return null
    s = def.innerType as typeof s
  }
  return null
}

/** "a whole number ≥ 1", "a number > 0 and ≤ 1 000 000", "a number". */
export function describeNumber(checks: readonly CheckDef[], expectedInt = false): string {
  const int = expectedInt || checks.some((c) => c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32' || c.format === 'uint32'))
  const parts: string[] = []
  for (const c of checks) {
    if (c.value === undefined) continue
    if (c.check === 'greater_than') parts.push(int && !c.inclusive ? `≥ ${fmt(Math.floor(c.value) + 1)}` : `${c.inclusive ? '≥' : '>'} ${fmt(c.value)}`)
    else if (c.check === 'less_than') parts.push(int && !c.inclusive ? `≤ ${fmt(Math.ceil(c.value) - 1)}` : `${c.inclusive ? '≤' : '<'} ${fmt(c.value)}`)
  }
  return `${int ? 'a whole number' : 'a number'}${parts.length ? ' ' + parts.join(' and ') : ''}`
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  bigint: 'a whole number',
  null: 'null'
}

/** What a field takes, for an invalid_type issue. */
function expectedWords(iss: RawIssue): string {
  // a type error is raised by the number schema itself; a fraction for a whole number by its check (then `schema` is the number)
  if (iss.expected === 'number' || iss.expected === 'int') return describeNumber(numberChecks(iss.inst) ?? numberChecks(iss.schema) ?? [], iss.expected === 'int')
  return TYPE_WORDS[iss.expected ?? ''] ?? (iss.expected ? `a value of type ${iss.expected}` : 'another value')
}

const quoteOption = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v))
const unit = (origin: string | undefined, n: number | bigint) =>
  origin === 'string' ? (Number(n) === 1 ? 'character' : 'characters') : origin === 'array' || origin === 'set' ? (Number(n) === 1 ? 'entry' : 'entries') : origin === 'file' ? 'bytes' : 'keys'
function sizeOf(input: unknown): number | undefined {
  if (typeof input === 'string' || Array.isArray(input)) return input.length
  if (input instanceof Set || input instanceof Map) return input.size
  return undefined
}

/**
 * A human message for one of zod's built-in issues, naming the field; undefined for issues it does
 * not word (zod's own message is kept then).
 */
export function humanIssueMessage(iss: RawIssue): string | undefined {
  const name = fieldName(iss.path)
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return `${name} is required: ${expectedWords(iss)}`
      // (an integer field given a fraction is reported as expected 'int')
      return `${name} must be ${expectedWords(iss)}, got ${shownInput(iss.input)}`
    }
    case 'invalid_value':
      if (iss.values && iss.values.length === 1) return `${name} must be ${quoteOption(iss.values[0])}, got ${shownInput(iss.input)}`
      if (iss.values) return `${name} must be one of ${iss.values.map(quoteOption).join(', ')}; got ${shownInput(iss.input)}`
      return undefined
    case 'too_small':
    case 'too_big': {
      const small = iss.code === 'too_small'
      const bound = small ? iss.minimum : iss.maximum
      if (bound === undefined) return undefined
      if (iss.origin === 'number' || iss.origin === 'bigint') {
        const checks = numberChecks(iss.schema)
        if (checks) return `${name} must be ${describeNumber(checks)}, got ${shownInput(iss.input)}`
        return `${name} must be ${small ? (iss.inclusive ? '≥' : '>') : iss.inclusive ? '≤' : '<'} ${fmt(bound)}, got ${shownInput(iss.input)}`
      }
      const n = sizeOf(iss.input)
      const got = n === undefined ? '' : `, got ${fmt(n)}`
      if (small && Number(bound) === 1 && iss.inclusive !== false) return `${name} must not be empty`
      return `${name} must have ${small ? 'at least' : 'at most'} ${fmt(bound)} ${unit(iss.origin, bound)}${got}`
    }
    case 'invalid_union':
      return `${name} does not match any of the forms it may take (got ${shownInput(iss.input)})`
    case 'not_multiple_of':
      return undefined
    default:
      return undefined
  }
}
