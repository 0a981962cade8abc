// Median-of-means estimate of a mean (Nemirovsky & Yudin 1983; Lugosi & Mendelson 2019):
// cut the n samples into k consecutive blocks of ⌊n/k⌋ (the last ⌊n/k⌋·k … n − 1 dropped), take
// each block's mean, return the median of the k means. With finite variance σ², for i.i.d. samples
//   P(|MoM − μ| > σ √(32 ln(1/δ)/n)) ≤ δ   when k = ⌈8 ln(1/δ)⌉,
// where the plain mean only has Chebyshev's σ/√(nδ): the estimate a few huge samples cannot move.
// k = 24 (δ ≈ 0.05) by default. Degenerate inputs: n < k uses k = n (the median of the samples);
// n = 0 gives NaN.

export const MOM_BLOCKS = 24

export function medianOfMeans(x: ArrayLike<number>, blocks = MOM_BLOCKS, n = x.length): number {
  if (!(Number.isInteger(blocks) && blocks >= 1)) throw new Error(`medianOfMeans: blocks must be a whole number ≥ 1, got ${blocks}`)
  if (n <= 0) return NaN
  const k = Math.min(blocks, n)
  const size = Math.floor(n / k)
  const means = new Float64Array(k)
  for (let b = 0; b < k; b++) {
    let s = 0
    for (let i = b * size; i < (b + 1) * size; i++) s += x[i]
    means[b] = s / size
  }
  means.sort()
  return k % 2 ? means[(k - 1) / 2] : 0.5 * (means[k / 2 - 1] + means[k / 2])
}
