// Choosing a new seed for a re-run: the smallest seed not yet used by runs of the same spec.
import { seedGroupKey } from './band'

export function nextSeed(spec: Record<string, unknown>, siblings: readonly { spec: Record<string, unknown>; seed: number }[]): number {
  const key = seedGroupKey(spec)
  const used = new Set(siblings.filter((r) => seedGroupKey(r.spec) === key).map((r) => r.seed))
  let seed = 0
  while (used.has(seed)) seed++
  return seed
}
