// Images as kernel inputs (the seed's pooled MNIST): average-pool k×k blocks of 0..255 pixels,
// then centre each image and scale it to ‖x‖² = d, so K⁰(x, x) = σ_w² + σ_b² for every image
// (the brightness scale of a digit does not enter the kernel). rows, cols divisible by k.
export function pooledImages(pixels: Uint8Array, count: number, rows: number, cols: number, k: number): { X: Float64Array; d: number } {
  if (rows % k !== 0 || cols % k !== 0) throw new RangeError(`pool ${k} does not divide the ${rows}×${cols} images`)
  const pr = rows / k
  const pc = cols / k
  const d = pr * pc
  const X = new Float64Array(count * d)
  for (let n = 0; n < count; n++) {
    const img = n * rows * cols
    const x = X.subarray(n * d, (n + 1) * d)
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) x[Math.floor(i / k) * pc + Math.floor(j / k)] += pixels[img + i * cols + j]
    let mean = 0
    for (let q = 0; q < d; q++) mean += x[q]
    mean /= d
    let norm2 = 0
    for (let q = 0; q < d; q++) {
      x[q] -= mean
      norm2 += x[q] * x[q]
    }
    const s = norm2 > 0 ? Math.sqrt(d / norm2) : 0
    for (let q = 0; q < d; q++) x[q] *= s
  }
  return { X, d }
}
