// The run query language (src/shared/query) evaluated in memory, for lists the renderer already
// holds (the Compare view's run picker). The Runs view asks the store, which compiles the same
// language to SQL (src/main/store/runQuery.ts); the two agree on every operator.
import type { RunRow, RunStatus } from '@shared/api'
import { namedField, parseRunQuery as parseQuery, QuerySyntaxError, type QueryOp } from '@shared/query'
import { devFinal, egFinals, getPath, keyParams } from './runParams'

export type Op = QueryOp
export interface Predicate {
  key: string
  op: Op
  value: string
  /** set (true) for -key=value */
  negated?: true
}
export interface ParsedQuery {
  terms: string[]
  excluded: string[]
  predicates: Predicate[]
  /** set when the text is malformed ("column 5: …"): nothing matches then */
  error?: string
}

export function parseRunQuery(text: string): ParsedQuery {
  const parsed: ParsedQuery = { terms: [], excluded: [], predicates: [] }
  try {
    for (const t of parseQuery(text).terms) {
      if (t.kind === 'word') (t.negated ? parsed.excluded : parsed.terms).push(t.text)
      else parsed.predicates.push(t.negated ? { key: t.key, op: t.op, value: t.value, negated: true } : { key: t.key, op: t.op, value: t.value })
    }
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e
    parsed.error = e.message
  }
  return parsed
}

/** The value a filter key refers to for one run (undefined when the run has no such field). */
export function fieldValue(run: RunRow, key: string): unknown {
  const canonical = namedField(key) ?? key
  const params = keyParams(run) as Record<string, unknown>
  switch (canonical) {
    case 'N': case 'D': case 'K': case 'M': case 'P': case 'm': case 'alpha': case 'eta': case 'latent': case 'std': case 'tMax':
      return params[canonical]
    case 'seed': return run.seed
    case 'status': return run.status
    case 'engine': return run.engine
    case 'tag': return run.tags
    case 'name': return run.name
    case 'id': return run.id
    case 'sweep': return run.sweepId ?? undefined
    case 'dev': return devFinal(run)
    case 'eg:sgd': return egFinals(run).sgd
    case 'eg:ode': return egFinals(run).ode
    case 'eg:linear': return egFinals(run).linear
    case 'created': return run.createdAt
    case 'eg:any': return Object.values(egFinals(run))[0]
  }
  const fromSpec = getPath(run.spec, key)
  return fromSpec !== undefined ? fromSpec : getPath(run.summary, key)
}

function compare(actual: unknown, op: Op, expected: string): boolean {
  if (Array.isArray(actual)) {
    const hit = actual.some((a) => compare(a, op === '!=' ? '=' : op, expected))
    return op === '!=' ? !hit : hit
  }
  if (actual === undefined || actual === null) return op === '!='
  const x = Number(expected)
  if (typeof actual === 'number' && expected.trim() !== '' && Number.isFinite(x)) {
    switch (op) {
      case '=': case ':': return actual === x
      case '!=': return actual !== x
      case '>': return actual > x
      case '>=': return actual >= x
      case '<': return actual < x
      case '<=': return actual <= x
    }
  }
  const a = String(actual).toLowerCase()
  const e = expected.toLowerCase()
  switch (op) {
    case '=': return a === e
    case ':': return a.includes(e)
    case '!=': return a !== e
    case '>': return a > e
    case '>=': return a >= e
    case '<': return a < e
    case '<=': return a <= e
  }
}

export function matchesPredicate(run: RunRow, p: Predicate): boolean {
  const hit = compare(fieldValue(run, p.key), p.op, p.value)
  return p.negated ? !hit : hit
}

const searchCache = new WeakMap<RunRow, string>()
/** Lower-cased text searched by free words (cached per row object). */
export function searchText(run: RunRow): string {
  let text = searchCache.get(run)
  if (text === undefined) {
    text = [run.id, run.name, run.engine, run.status, run.tags.join(' '), run.notes, JSON.stringify(run.spec)].join('\n').toLowerCase()
    searchCache.set(run, text)
  }
  return text
}

export interface Facets {
  status?: ReadonlySet<RunStatus>
  engine?: ReadonlySet<string>
  tag?: string
}

export function filterRuns(runs: readonly RunRow[], query: ParsedQuery, facets: Facets = {}): RunRow[] {
  const { status, engine, tag } = facets
  if (query.error !== undefined) return []
  return runs.filter((run) => {
    if (status && status.size && !status.has(run.status)) return false
    if (engine && engine.size && !engine.has(run.engine)) return false
    if (tag && !run.tags.includes(tag)) return false
    if (query.terms.length || query.excluded.length) {
      const text = searchText(run)
      for (const term of query.terms) if (!text.includes(term)) return false
      for (const term of query.excluded) if (text.includes(term)) return false
    }
    for (const p of query.predicates) if (!matchesPredicate(run, p)) return false
    return true
  })
}

/** Sort by a value accessor; missing values go last in both directions. Stable. */
export function sortBy<T>(items: readonly T[], value: (item: T) => unknown, dir: 'asc' | 'desc'): T[] {
  const keyed = items.map((item, index) => ({ item, index, key: value(item) }))
  const sign = dir === 'asc' ? 1 : -1
  keyed.sort((a, b) => {
    const ma = a.key === undefined || a.key === null || (typeof a.key === 'number' && Number.isNaN(a.key))
    const mb = b.key === undefined || b.key === null || (typeof b.key === 'number' && Number.isNaN(b.key))
    if (ma || mb) return ma === mb ? a.index - b.index : ma ? 1 : -1
    let c: number
    if (typeof a.key === 'number' && typeof b.key === 'number') c = a.key - b.key
    else c = String(a.key).localeCompare(String(b.key), undefined, { numeric: true })
    return c !== 0 ? sign * c : a.index - b.index
  })
  return keyed.map((k) => k.item)
}
