// Exponential moving average as TensorBoard draws it: debiased, so the first points are not
// pulled towards zero; null (NaN) points stay null and do not break the average.

/** weight in [0, 1): 0 = no smoothing, 0.99 = very smooth */
export function ema(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (!(weight > 0)) return values.slice()
  const w = Math.min(weight, 0.999)
  let acc = 0
  let steps = 0
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v === null ? null : v
    acc = acc * w + (1 - w) * v
    steps++
    return acc / (1 - Math.pow(w, steps))
  })
}

/** EMA in log space: smooths a quantity spanning decades without a bias towards large values. */
export function emaLog(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (!(weight > 0)) return values.slice()
  const logs = values.map((v) => (v !== null && v > 0 ? Math.log(v) : null))
  const smoothed = ema(logs, weight)
  return values.map((v, i) => (v !== null && v > 0 ? Math.exp(smoothed[i]!) : v))
}
