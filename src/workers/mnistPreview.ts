// The numerics of the MNIST view's digit grids (the paper's Fig. 9), run on the worker pool as
// the task 'preview' so the process that owns the archive never computes: reconstructions
// f(c_p F/√D) of fitted images and KDE samples c shown through the same map.
import { inputMaps } from '@models/twoLayer/activations'
import { LatentKde } from '@engines/pseudoreal/kde'
import { gemm } from '@numeric/linalg/gemm'
import { Rng } from '@numeric/random/rng'
import type { InputMap } from '@shared/spec'

export interface PreviewInput {
  /** fitted latents, P × D row-major */
  C: Float64Array
  P: number
  D: number
  /** fitted features, D × N row-major */
  F: Float64Array
  N: number
  /** digit of each fitted row (P) */
  labels: Float64Array
  f: InputMap
  /** the fit's KDE bandwidth (Scott's rule when absent) */
  bandwidth?: number
  /** digits per grid (≤ P) */
  count: number
  seed: number
}

export interface PreviewOutput {
  /** count × N bytes: f(c_p F/√D) of the first `count` fitted rows */
  reconstructions: Uint8Array
  /** count × N bytes: f(c F/√D) of KDE samples c */
  samples: Uint8Array
  /** the digit of the row each sample was drawn around */
  sampleLabels: Float64Array
}

/** [−1, 1] → byte 0..255 (the inverse of the fit's pixel map p ↦ 2p/255 − 1), clamped */
export function toBytes(x: Float64Array): Uint8Array {
  return Uint8Array.from(x, (v) => Math.max(0, Math.min(255, Math.round(((v + 1) * 255) / 2))))
}

export function previewDigits(input: PreviewInput): PreviewOutput {
  const { C, P, D, F, N, labels, count } = input
  const fn = inputMaps[input.f]
  const project = (c: Float64Array, n: number) => {
    const u = new Float64Array(n * N)
    gemm(n, N, D, c, F, u, { alpha: 1 / Math.sqrt(D) })
    for (let i = 0; i < u.length; i++) u[i] = fn(u[i])
    return toBytes(u)
  }
  const h = input.bandwidth
  const kde = new LatentKde(C, P, D, { bandwidth: typeof h === 'number' && h > 0 ? h : 'scott', labels })
  const c = new Float64Array(count * D)
  const sampleLabels = new Float64Array(count)
  kde.sample(c, count, Rng.stream(input.seed, 'preview'), sampleLabels)
  return { reconstructions: project(C.subarray(0, count * D), count), samples: project(c, count), sampleLabels }
}
