// The run query language (src/shared/query) compiled to a parameterised SQL condition on `runs`:
// values travel as parameters, JSON paths as parameters of json_extract; nothing the user typed
// is spliced into the SQL text.
import { columnField, groupField, parseRunQuery, resolveField, STATUS_ORDER, type OrderField, type QueryField, type QueryOp, type QueryTerm, type SortKey } from '@shared/query'
import type { JsonField } from '@shared/query/fields'

export interface SqlCondition {
  /** a condition (or an ORDER BY list) with "?" for each parameter */
  sql: string
  params: unknown[]
}

/** The text free words search: one lower-cased string per run. */
export const SEARCH_TEXT = "lower(id || ' ' || name || ' ' || engine || ' ' || status || ' ' || tags || ' ' || notes || ' ' || spec)"

/** Builds SQL left to right, pushing each parameter where its "?" appears. */
class Sql {
  readonly params: unknown[] = []
  p(value: unknown): string {
    this.params.push(value)
    return '?'
  }
}

/** SQL value of a column or JSON field (NULL when absent); called at each place it appears. */
function valueSql(field: Exclude<QueryField, { kind: 'tags' }>, q: Sql): string {
  if (field.kind === 'column') return field.column
  const parts = field.paths.map((path) => `json_extract(${path.source}, ${q.p(path.path)})`)
  return parts.length === 1 ? parts[0] : `coalesce(${parts.join(', ')})`
}

const SQL_OP: Record<Exclude<QueryOp, ':'>, string> = { '=': '=', '!=': '=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' }

/**
 * x op value, as the interface always compared: numbers numerically when the value is a number
 * (true/false as 1/0), text case-insensitively otherwise; ':' is "contains" for text and "=" for
 * numbers. '!=' is the negation of '=', so a run without the field matches it.
 */
function compareSql(x: (q: Sql) => string, op: QueryOp, value: string, q: Sql): string {
  const n = value.trim() === '' ? NaN : Number(value)
  const numeric = Number.isFinite(n) ? n : value === 'true' ? 1 : value === 'false' ? 0 : NaN
  const text = value.toLowerCase()
  const isNum = (q: Sql) => `typeof(${x(q)}) IN ('integer','real')`
  let cond: string
  if (op === ':') {
    cond = Number.isFinite(numeric)
      ? `CASE WHEN ${isNum(q)} THEN ${x(q)} = ${q.p(numeric)} ELSE instr(lower(${x(q)}), ${q.p(text)}) > 0 END`
      : `instr(lower(${x(q)}), ${q.p(text)}) > 0`
    return `coalesce(${cond}, 0)`
  }
  const o = SQL_OP[op]
  cond = Number.isFinite(numeric)
    ? `CASE WHEN ${isNum(q)} THEN ${x(q)} ${o} ${q.p(numeric)} ELSE lower(${x(q)}) ${o} ${q.p(text)} END`
    : `lower(${x(q)}) ${o} ${q.p(text)}`
  return op === '!=' ? `NOT coalesce(${cond}, 0)` : `coalesce(${cond}, 0)`
}

function termSql(term: QueryTerm, q: Sql): string {
  let sql: string
  if (term.kind === 'word') sql = `instr(${SEARCH_TEXT}, ${q.p(term.text)}) > 0`
  else {
    const field = resolveField(term.key)
    if (field.kind === 'tags') {
      // a tag list matches when one of its tags does; != means that no tag equals the value
      const cond = compareSql(() => 'json_each.value', term.op === '!=' ? '=' : term.op, term.value, q)
      sql = `${term.op === '!=' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE ${cond})`
    } else sql = compareSql((qq) => valueSql(field, qq), term.op, term.value, q)
  }
  return term.negated ? `NOT (${sql})` : sql
}

/** The WHERE condition of a query text (throws QuerySyntaxError for a malformed one). */
export function compileRunQuery(text: string): SqlCondition {
  const q = new Sql()
  const parts = parseRunQuery(text).terms.map((t) => termSql(t, q))
  return { sql: parts.length ? parts.join(' AND ') : '1', params: q.params }
}

/** SQL of an order or group field's value (NULL when absent). */
function orderValueSql(field: OrderField | JsonField, now: string, q: Sql): string {
  if (field.kind === 'status-order') return `CASE status ${STATUS_ORDER.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE 9 END`
  if (field.kind === 'duration') return `(julianday(coalesce(finished_at, ${q.p(now)})) - julianday(started_at))`
  if (field.kind === 'tags') return `nullif(replace(replace(replace(tags, '[', ''), ']', ''), '"', ''), '')`
  return valueSql(field, q)
}

function fieldOf(key: string): OrderField | JsonField {
  const field = columnField(key)
  if (!field) throw new Error(`'${key}' is not a column of the runs table`)
  return field
}

/**
 * ORDER BY for a sort key (a column of the Runs table, 'spec:<path>' or 'summary:<path>'): missing
 * values last in both directions, newest first among ties. With `groupBy`, rows come ordered by
 * that column's value first (ascending, missing last), so each group's rows are contiguous.
 */
export function orderBySql(key: SortKey | string, dir: 'asc' | 'desc', now: string = new Date().toISOString(), groupBy?: string): SqlCondition {
  const field = fieldOf(key)
  const q = new Sql()
  const parts: string[] = []
  if (groupBy) {
    const g = groupField(groupBy)
    if (!g) throw new Error(`runs cannot be grouped by '${groupBy}'`)
    // binary order, as GROUP BY compares: values that differ in case are two groups, never interleaved
    parts.push(`(${valueSql(g, q)}) IS NULL`, `(${valueSql(g, q)}) ASC`)
  }
  // text collated case-insensitively; numbers before text, as SQLite orders mixed values
  parts.push(`(${orderValueSql(field, now, q)}) IS NULL`, `(${orderValueSql(field, now, q)}) COLLATE NOCASE ${dir === 'asc' ? 'ASC' : 'DESC'}`, 'created_at DESC', 'id DESC')
  return { sql: parts.join(', '), params: q.params }
}

/** The groups of a column among the runs matching `where`, in the order orderBySql puts them, with counts. */
export function groupsSql(groupBy: string, where: SqlCondition): SqlCondition {
  const g = groupField(groupBy)
  if (!g) throw new Error(`runs cannot be grouped by '${groupBy}'`)
  const q = new Sql()
  const v = valueSql(g, q)
  const params = [...q.params, ...where.params]
  return { sql: `SELECT v AS value, count(*) AS count FROM (SELECT ${v} AS v FROM runs WHERE ${where.sql}) GROUP BY v ORDER BY v IS NULL, v ASC`, params }
}
