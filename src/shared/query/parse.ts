// The run query language, one for the interface, the HTTP API and the CLI (`lab list --filter`):
//
//   query     = term*                      terms are separated by spaces and all must hold (AND)
//   term      = ["-"] (predicate | word)   "-" negates the term
//   predicate = key op value               key: a field name (fields.ts) or a dotted spec path
//   op        = "=" | "!=" | ">" | ">=" | "<" | "<=" | ":"   (":" = contains; = for numbers)
//   word      = bare | "quoted text"       matched anywhere in id, name, engine, status, tags, notes, spec
//
// e.g.  eta<0.5 latent=gaussian -diverged status:run tag:paper "two words" model.g=relu
// A malformed query throws QuerySyntaxError with the 0-based offset of the fault.

export type QueryOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | ':'

export interface WordTerm {
  kind: 'word'
  text: string
  negated: boolean
  /** offset of the term in the query text */
  at: number
}

export interface PredicateTerm {
  kind: 'predicate'
  key: string
  op: QueryOp
  value: string
  negated: boolean
  at: number
}

export type QueryTerm = WordTerm | PredicateTerm

export interface RunQuery {
  terms: QueryTerm[]
}

export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError'
  constructor(
    /** 0-based offset into the query text */
    readonly position: number,
    readonly reason: string
  ) {
    super(`column ${position + 1}: ${reason}`)
  }
}

/** The longest operators first, so ">=" is not read as ">" then "=". */
const OPS: QueryOp[] = ['!=', '>=', '<=', '=', '>', '<', ':']
/** A key: letters (Latin or Greek), digits, _, dots between segments, [n] array indices. */
const KEY = /^[A-Za-z_\u0370-\u03ff][\w\u0370-\u03ff]*(\[\d+\])*(\.[A-Za-z_\u0370-\u03ff][\w\u0370-\u03ff]*(\[\d+\])*)*$/
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r'
const OP_CHARS = '=!<>:'

export const MAX_QUERY_LENGTH = 500

/** Read a quoted string starting at text[i] === '"'; returns its content and the index after it. */
function readQuoted(text: string, i: number): { value: string; end: number } {
  const close = text.indexOf('"', i + 1)
  if (close < 0) throw new QuerySyntaxError(i, 'this quote is never closed')
  return { value: text.slice(i + 1, close), end: close + 1 }
}

export function parseRunQuery(text: string): RunQuery {
  if (text.length > MAX_QUERY_LENGTH) throw new QuerySyntaxError(MAX_QUERY_LENGTH, `a filter is at most ${MAX_QUERY_LENGTH} characters long`)
  const terms: QueryTerm[] = []
  let i = 0
  while (i < text.length) {
    if (isSpace(text[i])) {
      i++
      continue
    }
    const at = i
    let negated = false
    if (text[i] === '-') {
      negated = true
      i++
      if (i >= text.length || isSpace(text[i])) throw new QuerySyntaxError(at, "'-' must be followed by what to exclude, e.g. -diverged")
    }
    if (text[i] === '"') {
      const q = readQuoted(text, i)
      if (q.end < text.length && !isSpace(text[q.end])) throw new QuerySyntaxError(q.end, 'put a space after a quoted word')
      if (q.value.trim() !== '') terms.push({ kind: 'word', text: q.value.toLowerCase(), negated, at })
      i = q.end
      continue
    }
    // a bare token up to the next space; a quoted value may follow an operator
    const start = i
    while (i < text.length && !isSpace(text[i]) && !OP_CHARS.includes(text[i]) && text[i] !== '"') i++
    const head = text.slice(start, i)
    if (i < text.length && text[i] === '"') throw new QuerySyntaxError(i, 'a quote may open a word or a value, not sit inside one')
    if (i >= text.length || isSpace(text[i])) {
      terms.push({ kind: 'word', text: head.toLowerCase(), negated, at })
      continue
    }
    // an operator follows: this is a predicate
    const op = OPS.find((o) => text.startsWith(o, i))
    if (!op) throw new QuerySyntaxError(i, `'${text[i]}' is not an operator (use = != > >= < <= or :)`)
    if (head === '') throw new QuerySyntaxError(start, `'${op}' needs a field name before it, e.g. eta${op}0.5`)
    if (!KEY.test(head)) throw new QuerySyntaxError(start, `'${head}' is not a field name (letters, digits, _ and dots, e.g. model.N)`)
    const opAt = i
    i += op.length
    let value: string
    if (text[i] === '"') {
      const q = readQuoted(text, i)
      if (q.end < text.length && !isSpace(text[q.end])) throw new QuerySyntaxError(q.end, 'put a space after a quoted value')
      value = q.value
      i = q.end
    } else {
      const vStart = i
      while (i < text.length && !isSpace(text[i])) i++
      value = text.slice(vStart, i)
      if (value === '') throw new QuerySyntaxError(opAt, `'${head}${op}' needs a value after '${op}'`)
      const stray = [...value].findIndex((c) => OP_CHARS.includes(c) || c === '"')
      if (stray >= 0 && (value[stray] === '"' || op !== ':'))
        throw new QuerySyntaxError(vStart + stray, `unexpected '${value[stray]}' in the value of ${head} (quote the value if it is meant)`)
    }
    terms.push({ kind: 'predicate', key: head, op, value, negated, at })
  }
  return { terms }
}

/** Two lines for a terminal: the query and a caret under the fault. */
export function pointAt(text: string, error: QuerySyntaxError): string {
  return `  ${text}\n  ${' '.repeat(Math.min(error.position, text.length))}^ ${error.reason}`
}
