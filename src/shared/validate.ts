// One way to turn unknown input into a typed value or a list of every bad field by path.
import { RUN_SPEC_SCHEMAS, ENGINES, type RunSpec } from './runSpec'
import { parseOrThrow, ValidationError } from './errors'

export { ValidationError, parseOrThrow, issuesOf, formatPath, checkShape, didYouMean, type FieldIssue } from './errors'

/**
 * Parse a run spec. Dispatches on `engine` first so that the errors name the fields of the
 * engine the user meant, not a union's alternatives.
 */
export function parseRunSpec(input: unknown): RunSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError([{ path: '', message: 'a run spec must be a JSON object' }], 'run spec')
  const engine = (input as { engine?: unknown }).engine
  const schema = typeof engine === 'string' && Object.hasOwn(RUN_SPEC_SCHEMAS, engine) ? RUN_SPEC_SCHEMAS[engine as RunSpec['engine']] : undefined
  if (!schema)
    throw new ValidationError([{ path: 'engine', message: `unknown engine ${JSON.stringify(engine)}; expected one of ${ENGINES.join(', ')}` }], 'run spec')
  return parseOrThrow(schema, input, 'run spec') as RunSpec
}
