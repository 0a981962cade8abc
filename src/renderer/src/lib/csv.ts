// CSV building (RFC 4180 quoting) for chart data and tables.
export type Cell = string | number | boolean | null | undefined

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Inf' : '-Inf'
  const text = String(value)
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: Cell[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n'
}

export interface CsvSeries {
  name: string
  t: number[]
  value: (number | null)[]
}

/**
 * Wide CSV of several series: one `t` column (the union of all times, sorted) and one column
 * per series, empty where a series has no value at that t.
 */
export function seriesToCsv(series: CsvSeries[], timeLabel = 't'): string {
  const times = new Set<number>()
  for (const s of series) for (const t of s.t) times.add(t)
  const sorted = [...times].sort((a, b) => a - b)
  const index = new Map(sorted.map((t, i) => [t, i]))
  const columns = series.map((s) => {
    const col: (number | null)[] = new Array(sorted.length).fill(null)
    s.t.forEach((t, i) => {
      col[index.get(t)!] = s.value[i] ?? null
    })
    return col
  })
  const rows: Cell[][] = [[timeLabel, ...series.map((s) => s.name)]]
  sorted.forEach((t, i) => rows.push([t, ...columns.map((c) => c[i])]))
  return toCsv(rows)
}
