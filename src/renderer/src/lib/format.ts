// Number, time and duration formatting for a dense scientific UI.

/** 4 significant digits; exponent notation outside [1e-3, 1e5). */
export function fmtNum(value: unknown, digits = 4): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value !== 'number') return String(value)
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞'
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (Number.isInteger(value) && abs < 1e9) return String(value)
  if (abs < 1e-3 || abs >= 1e5) return value.toExponential(digits - 1)
  return String(Number(value.toPrecision(digits)))
}

/** a message with long decimals (an older run's "diverged at t = 0.050143943324956794") at 4 significant digits */
export function fmtNumbersIn(text: string): string {
  return text.replace(/-?\d+\.\d{5,}(?:e[-+]?\d+)?/gi, (m) => fmtNum(Number(m)))
}

/** "1.2s", "42s", "7m 04s", "2h 05m" */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  const s = ms / 1000
  if (s < 10) return `${s.toFixed(1)}s`
  if (s < 60) return `${Math.floor(s)}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(Math.floor(s - m * 60)).padStart(2, '0')}s`
  const h = Math.floor(m / 60)
  return `${h}h ${String(m - h * 60).padStart(2, '0')}m`
}

export function fmtEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return ''
  return seconds < 1 ? '<1s' : fmtDuration(seconds * 1000)
}

/** "2025-03-01 14:05" in local time */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

/** wall time of a run: finished − started, or now − started while it runs */
export function runDurationMs(startedAt: string | null, finishedAt: string | null, now: number): number | null {
  if (!startedAt) return null
  const start = Date.parse(startedAt)
  const end = finishedAt ? Date.parse(finishedAt) : now
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null
}

export function plural(n: number, word: string, many = word + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`
}
