// Fields every run spec has: how the run is labelled (name, tags, notes) and its seed. Bounded so
// that no spec can carry unbounded text into the archive (issue 11).
import { z } from 'zod'

/** name, tags, notes: what a person writes about a run */
export const runLabels = {
  name: z.string().max(200).default(''),
  tags: z.array(z.string().min(1).max(64)).max(100).default([]),
  notes: z.string().max(100_000).default('')
}

/** the seed every random stream of a run derives from */
export const runSeed = z.number().int().nonnegative().max(2 ** 32 - 1).default(0)

/** labels and seed (in the order messages list a spec's fields: name, seed, tags, notes) */
export const runCommon = { name: runLabels.name, seed: runSeed, tags: runLabels.tags, notes: runLabels.notes }
