// Groups of the Runs table: a key per value that the store's groups (SQL values) and the rows'
// values (JSON) agree on, and a readable header ("η = 0.05", "Lorentz · standardised").
import { describeParam, describeValue } from '@shared/paramLabels'
import { canonicalJson as canonical } from '@shared/canonicalJson'
import type { RunRow } from '@shared/api'
import type { RunColumn } from './runColumns'


/**
 * One key per group value. SQLite gives booleans as 1/0 and objects as JSON text; the rows give
 * true/false and objects: both map to the same key.
 */
export function groupKey(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return `n:${value ? 1 : 0}`
  if (typeof value === 'number') return `n:${value}`
  if (typeof value === 'object') return `j:${canonical(value)}`
  return `s:${String(value)}`
}

/** The key of a group value as the store sends it (objects arrive as JSON text). */
export function storeGroupKey(value: string | number | null): string {
  if (typeof value === 'string' && /^[[{]/.test(value)) {
    try {
      return groupKey(JSON.parse(value))
    } catch {
      /* plain text that starts with a bracket */
    }
  }
  return groupKey(value)
}

/** A group header: "η = 0.05", "seed 2", "Lorentz · standardised", "latent = mixture", "no value". */
export function groupLabel(column: RunColumn, value: unknown): string {
  if (value === null || value === undefined || value === '') return `${column.label}: no value`
  const spec = /^spec:(.+)$/.exec(column.key)
  if (spec) return describeParam(spec[1], value)
  if (column.key === 'seed') return `seed ${describeValue(value)}`
  if (column.key === 'status' || column.key === 'engine' || column.key === 'name') return String(value)
  return `${column.label} = ${describeValue(value)}`
}

/** The value a run is grouped by: what the store groups (the status text, the stored name), else the column's value. */
export function groupValue(column: RunColumn, run: RunRow): unknown {
  if (column.key === 'status') return run.status
  if (column.key === 'name') return run.name
  return column.value(run, 0)
}
