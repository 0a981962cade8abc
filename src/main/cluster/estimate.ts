// A point's cost for the scheduler's time and memory requests. LOCAL STAND-IN: the project's cost
// estimate (src/shared/cost.ts, issue "harden") had not landed when this was written; replace
// estimatePoint's body by a call to it when it does. Until then, a count of the dominant
// floating-point work of the hmm engine at a deliberately low rate (so requests err on the long
// side), and a fixed generous figure for the other engines.
//
// hmm (MATH.md §1–3): SGD takes tMax·N steps, each projecting one latent c ∈ R^D through F
// (D×N: 2DN flops) and updating K hidden units (≈ 6NK); the test set costs testSamples·2DN to
// draw and testSamples·2NK at each of `points` record times; the ODE takes tMax/dt steps over D modes of (K+M)² overlaps
// (≈ 40 D (K+M)² flops with the integrals). Memory: F, the test inputs, the series, and Node.
import type { RunSpec } from '@shared/runSpec'
import type { PointEstimate } from './bundleFormat'

/** floating-point operations per second assumed (a low figure for one core of a cluster node) */
const FLOPS = 5e8
/** Node, the engines' code and their tables */
const BASE_BYTES = 200 * 2 ** 20
const OTHER: PointEstimate = { seconds: 600, bytes: 1024 * 2 ** 20 }

export const ESTIMATE_SOURCE = 'local stand-in (src/main/cluster/estimate.ts) until src/shared/cost.ts lands'

export function estimatePoint(spec: RunSpec): PointEstimate {
  if (spec.engine !== 'hmm') return OTHER
  const { N, D, K, M } = spec.model
  const { tMax, testSamples, points } = spec.train
  let flops = 0
  if (spec.solve.includes('sgd')) flops += tMax * N * (2 * D * N + 6 * N * K) + testSamples * 2 * D * N + points * testSamples * 2 * N * K
  if (spec.solve.includes('ode')) flops += (tMax / spec.ode.dt) * 40 * D * (K + M) ** 2
  const series = (K + M) ** 2 + 3 * K + 16
  const bytes = BASE_BYTES + 8 * (D * N + testSamples * (N + D) + 2 * points * series + K * D * (K + M) * 4)
  return { seconds: flops / FLOPS, bytes }
}

/**
 * A task's requests from its points' estimates: time = twice the sum plus two minutes (never
 * under five), memory = the largest point plus half again (they run one after the other).
 */
export function taskRequest(points: PointEstimate[]): { seconds: number; bytes: number } {
  const sum = points.reduce((s, p) => s + p.seconds, 0)
  const peak = points.reduce((m, p) => Math.max(m, p.bytes), 0)
  return { seconds: Math.max(300, Math.ceil(2 * sum + 120)), bytes: Math.ceil(1.5 * peak) }
}
