// Kolmogorov–Smirnov distance between a sample and a distribution:
//   D = sup_x |F_n(x) − F(x)| = max_i max( i/n − F(x_(i)), F(x_(i)⁻) − (i−1)/n )
// over the sorted sample x_(1) ≤ … ≤ x_(n). F(x⁻) is the left limit: pass `cdfLeft` when F has
// atoms (e.g. the Marchenko–Pastur law's point mass at 0), otherwise F is taken as continuous.
// Ties are handled by the same formula (the sup is attained at a jump of F_n either way).
// Degenerate input: an empty sample gives NaN. The sample is not modified (a sorted copy is used).

export function ksDistance(sample: ArrayLike<number>, cdf: (x: number) => number, cdfLeft: (x: number) => number = cdf): number {
  const n = sample.length
  if (n === 0) return NaN
  const x = Float64Array.from(sample).sort()
  let d = 0
  for (let i = 0; i < n; i++) {
    const above = (i + 1) / n - cdf(x[i])
    const below = cdfLeft(x[i]) - i / n
    if (above > d) d = above
    if (below > d) d = below
  }
  return d
}
