// Pieces shared by the per-engine output schemas.
import { z } from 'zod'

/**
 * A measured number: any double, NaN where undefined and ±∞ where a ratio blows up (as the engine
 * yields them), null for those once stored as JSON.
 */
export const measured = z.union([z.custom<number>((v) => typeof v === 'number', 'expected a number'), z.null()])

/** The artifact names of an engine as a zod enum, with their record shapes documented beside them. */
export const artifactNames = <const T extends readonly [string, ...string[]]>(names: T) => z.enum(names)

/**
 * Read a run's summary through its engine's schema: every key optional (a running run has none
 * yet), unknown keys dropped; a summary that does not fit gives {} rather than throwing in a view.
 */
const partials = new WeakMap<z.ZodObject, z.ZodObject>()
export function readSummary<S extends z.ZodObject>(schema: S, summary: unknown): Partial<z.infer<S>> {
  let partial = partials.get(schema)
  if (!partial) partials.set(schema, (partial = schema.partial()))
  const r = partial.safeParse(summary ?? {})
  return r.success ? (r.data as Partial<z.infer<S>>) : {}
}
