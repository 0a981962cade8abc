// What the student sees of B latents (MATH.md §4): x = f(cF/√D) − μ0, the input map applied to
// u = cF/√D and centred per pixel by μ0 = E f(u) (inputs: 'centred'). One place for the covariate
// moments, their scale bins and the data readout, so that all three read the same inputs as SGD.
import { gemm } from '@numeric/linalg/gemm'
import type { Rng } from '@numeric/random/rng'
import type { LatentKde } from './kde'

/** x (B×N) ← f(cF/√D) − μ0 for the latents c (B×D, uncentred) and features F (D×N). */
export function centredInputs(c: Float64Array, B: number, D: number, F: Float64Array, N: number, f: (u: number) => number, mu0: Float64Array, x: Float64Array): void {
  gemm(B, N, D, c, F, x, { alpha: 1 / Math.sqrt(D) })
  for (let b = 0; b < B; b++) for (let i = 0; i < N; i++) x[b * N + i] = f(x[b * N + i]) - mu0[i]
}

/**
 * `samples` KDE draws in blocks of at most `block`: each block's latents c (B×D, uncentred) and
 * inputs x = f(cF/√D) − μ0 (B×N). The arrays are reused from block to block.
 */
export function* inputBlocks(kde: LatentKde, F: Float64Array, N: number, f: (u: number) => number, mu0: Float64Array, rng: Rng, samples: number, block: number): Generator<{ B: number; c: Float64Array; x: Float64Array }> {
  const { D } = kde
  const c = new Float64Array(block * D)
  const x = new Float64Array(block * N)
  for (let done = 0; done < samples; done += block) {
    const B = Math.min(block, samples - done)
    const cb = c.subarray(0, B * D)
    const xb = x.subarray(0, B * N)
    kde.sample(cb, B, rng)
    centredInputs(cb, B, D, F, N, f, mu0, xb)
    yield { B, c: cb, x: xb }
  }
}
