// Validation errors: every bad field by its dotted path, the same on every transport.
import { z } from 'zod'

export interface FieldIssue {
  /** dotted path of the bad field, e.g. "model.K" or "latent.alpha"; "" for the whole input */
  path: string
  message: string
}

/** Thrown for bad input anywhere (CLI exit code 2, HTTP 400, IPC error name 'ValidationError'). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError'
  constructor(
    readonly issues: FieldIssue[],
    what = 'input'
  ) {
    super(`invalid ${what}:\n` + issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n'))
  }
}

export function formatPath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[')
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }))
}

/** Parse with a schema or throw a ValidationError listing every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'input'): z.infer<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw new ValidationError(issuesOf(result.error), what)
  return result.data
}

