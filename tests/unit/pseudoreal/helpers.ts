// Test helpers shared by the pseudo-real tests.
import { Rng } from '@numeric/random/rng'

/**
 * Worst relative error of a gradient g of f against central differences of step h over the
 * coordinates idx: max |(f(θ + h e_i) − f(θ − h e_i))/(2h) − g_i| / max(1e-4, |g_i|); θ is restored.
 */
export function worstGradError(f: (theta: Float64Array) => number, theta: Float64Array, g: ArrayLike<number>, h: number, idx: Iterable<number>): number {
  let worst = 0
  for (const i of idx) {
    const t0 = theta[i]
    theta[i] = t0 + h
    const fp = f(theta)
    theta[i] = t0 - h
    const fm = f(theta)
    theta[i] = t0
    worst = Math.max(worst, Math.abs((fp - fm) / (2 * h) - g[i]) / Math.max(1e-4, Math.abs(g[i])))
  }
  return worst
}

/** 8×8 "digits": one random template per class plus pixel noise, labels i mod 10, from (seed, stream) */
export function templateDigits(count: number, seed: number, stream: string): { pixels: Uint8Array; labels: Uint8Array } {
  const rng = Rng.stream(seed, stream)
  const N = 64
  const templates = Array.from({ length: 10 }, () => Float64Array.from({ length: N }, () => rng.uniform()))
  const pixels = new Uint8Array(count * N)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10
    for (let j = 0; j < N; j++) pixels[i * N + j] = Math.max(0, Math.min(255, Math.round(255 * (templates[i % 10][j] + 0.1 * rng.normal()))))
  }
  return { pixels, labels }
}
