// One way to turn unknown input into a typed value or a list of every bad field by path.
import { z } from 'zod'
import { ENGINES, HmmRunSpec, LinearRunSpec, type RunSpec } from './spec'

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

/**
 * Parse a run spec. Dispatches on `engine` first so that the errors name the fields of the
 * engine the user meant, not a union's alternatives.
 */
export function parseRunSpec(input: unknown): RunSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError([{ path: '', message: 'a run spec must be a JSON object' }], 'run spec')
  const engine = (input as { engine?: unknown }).engine
  switch (engine) {
    case 'hmm':
      return parseOrThrow(HmmRunSpec, input, 'run spec')
    case 'linear':
      return parseOrThrow(LinearRunSpec, input, 'run spec')
    default:
      throw new ValidationError(
        [{ path: 'engine', message: `unknown engine ${JSON.stringify(engine)}; expected one of ${ENGINES.join(', ')}` }],
        'run spec'
      )
  }
}
