// Values of a sweep axis typed as text: "0.1, 0.2, 0.5", "lin(0, 1, 5)", "log(0.01, 1, 5)",
// "range(0, 10)", "range(0, 10, 2)", strings ("gaussian, mixture") and booleans.

export type AxisValue = number | string | boolean
export type AxisParse = { ok: true; values: AxisValue[] } | { ok: false; error: string }

function parseAtom(text: string): AxisValue {
  const s = text.trim()
  if (s === 'true') return true
  if (s === 'false') return false
  if (/^".*"$/.test(s) || /^'.*'$/.test(s)) return s.slice(1, -1)
  if (s !== '' && Number.isFinite(Number(s))) return Number(s)
  return s
}

const round = (x: number) => Number(x.toPrecision(12))

export function parseAxisValues(text: string, maxValues = 1000): AxisParse {
  const s = text.trim()
  if (!s) return { ok: false, error: 'give at least one value' }
  const fn = /^(lin|log|range)\s*\(([^)]*)\)$/.exec(s)
  if (fn) {
    const args = fn[2].split(',').map((a) => Number(a.trim()))
    if (args.some((a) => !Number.isFinite(a))) return { ok: false, error: `${fn[1]}(…) takes numbers` }
    let values: number[] = []
    if (fn[1] === 'range') {
      const [a, b, step = 1] = args
      if (args.length < 2 || step <= 0) return { ok: false, error: 'range(start, stop[, step > 0])' }
      for (let x = a; x < b - 1e-12 && values.length <= maxValues; x += step) values.push(round(x))
    } else {
      const [a, b, n] = args
      if (args.length !== 3 || !Number.isInteger(n) || n < 1) return { ok: false, error: `${fn[1]}(start, stop, count)` }
      if (fn[1] === 'log' && (a <= 0 || b <= 0)) return { ok: false, error: 'log(…) needs positive bounds' }
      for (let i = 0; i < n; i++) {
        const f = n === 1 ? 0 : i / (n - 1)
        values.push(round(fn[1] === 'lin' ? a + f * (b - a) : Math.exp(Math.log(a) + f * (Math.log(b) - Math.log(a)))))
      }
    }
    if (!values.length) return { ok: false, error: 'no values in that range' }
    if (values.length > maxValues) return { ok: false, error: `more than ${maxValues} values` }
    return { ok: true, values }
  }
  const values = s.split(',').map(parseAtom)
  if (values.some((v) => v === '')) return { ok: false, error: 'empty value between commas' }
  if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) return { ok: false, error: 'a value is repeated' }
  return { ok: true, values }
}

/** Number of runs of a grid sweep: the product of the axes' lengths. */
export function gridSize(axes: readonly { values: readonly unknown[] }[]): number {
  return axes.reduce((n, a) => n * a.values.length, axes.length ? 1 : 0)
}
