// Checking a grid sweep before queueing it: every axis parses, and every point of the grid
// is a valid spec (the first bad point is reported with its field errors).
import { parseAxisValues, type AxisValue } from './sweepAxes'
import { setIn } from './specPath'

export interface AxisInput {
  path: string
  text: string
}
export interface FieldIssueLike {
  path: string
  message: string
}

export type SweepCheck =
  | { ok: true; axes: { path: string; values: AxisValue[] }[]; size: number }
  | { ok: false; axisErrors: Map<number, string>; pointError?: string; size: number }

export function checkSweep(base: Record<string, unknown>, inputs: AxisInput[], validate: (spec: unknown) => FieldIssueLike[], maxPoints = 2000): SweepCheck {
  const axisErrors = new Map<number, string>()
  const axes: { path: string; values: AxisValue[] }[] = []
  const seen = new Set<string>()
  inputs.forEach((a, i) => {
    const path = a.path.trim()
    if (!path) return void axisErrors.set(i, 'give a spec path')
    if (seen.has(path)) return void axisErrors.set(i, `${path} is already an axis`)
    seen.add(path)
    const parsed = parseAxisValues(a.text)
    if (!parsed.ok) return void axisErrors.set(i, parsed.error)
    axes.push({ path, values: parsed.values })
  })
  const size = axes.reduce((n, a) => n * a.values.length, axes.length ? 1 : 0)
  if (!inputs.length) return { ok: false, axisErrors, pointError: 'add at least one axis', size: 0 }
  if (axisErrors.size) return { ok: false, axisErrors, size }
  if (size > maxPoints) return { ok: false, axisErrors, pointError: `${size} runs is more than ${maxPoints}`, size }
  // walk the grid; stop at the first invalid point
  const index = new Array(axes.length).fill(0)
  for (let n = 0; n < size; n++) {
    let spec = base
    axes.forEach((a, k) => (spec = setIn(spec, a.path, a.values[index[k]])))
    const issues = validate(spec)
    if (issues.length) {
      const at = axes.map((a, k) => `${a.path}=${JSON.stringify(a.values[index[k]])}`).join(', ')
      const k = axes.findIndex((a) => issues.some((i) => i.path === a.path || i.path.startsWith(a.path + '.')))
      if (k >= 0) axisErrors.set(inputs.findIndex((x) => x.path.trim() === axes[k].path), `at ${at}: ${issues[0].message}`)
      return { ok: false, axisErrors, pointError: `at ${at}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, size }
    }
    for (let k = axes.length - 1; k >= 0; k--) {
      if (++index[k] < axes[k].values.length) break
      index[k] = 0
    }
  }
  return { ok: true, axes, size }
}
