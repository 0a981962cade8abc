// The field issues a call reports through a ValidationError; fails the test if it throws nothing or something else.
import { ValidationError, type FieldIssue } from '@shared/validate'

export function issuesOf(fn: () => unknown): FieldIssue[] {
  try {
    fn()
  } catch (e) {
    if (e instanceof ValidationError) return e.issues
    throw e
  }
  throw new Error('expected a ValidationError')
}
