// Turning (t, value) arrays into chart points, respecting log axes: t ≤ 0 is dropped on a log
// x axis and values ≤ 0 become gaps on a log y axis (log–log plots of ε_g start after t = 0).

export type Point = [number, number | null]

export function toPoints(t: readonly number[], value: readonly (number | null)[], xLog: boolean, yLog: boolean): Point[] {
  const points: Point[] = []
  for (let i = 0; i < t.length; i++) {
    const x = t[i]
    if (!Number.isFinite(x) || (xLog && x <= 0)) continue
    let y = value[i] ?? null
    if (y !== null && (!Number.isFinite(y) || (yLog && y <= 0))) y = null
    points.push([x, y])
  }
  return points
}

/** Lower edge of a band on a log axis must stay positive: where mean − std ≤ 0 it is drawn at mean/10. */
export function clampForLog(lower: readonly (number | null)[], mean: readonly (number | null)[], yLog: boolean): (number | null)[] {
  if (!yLog) return lower.slice()
  return lower.map((lo, i) => {
    const m = mean[i]
    if (lo === null || m === null || m === undefined) return lo
    return lo > 0 ? lo : m > 0 ? m / 10 : null
  })
}
