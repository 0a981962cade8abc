// zod's built-in messages become sentences that name the field and what it takes (src/shared/humanIssues.ts),
// the same for the CLI, the API and the renderer (they all parse with parseRunSpec).
import { describe, expect, it } from 'vitest'
import { parseRunSpec, type FieldIssue } from '@shared/validate'
import { parseSweep } from '@shared/sweep'
import { issuesOf } from './issuesOf'

const issues = issuesOf
const at = (list: FieldIssue[], path: string) => list.filter((i) => i.path === path).map((i) => i.message)

describe('human validator messages', () => {
  it('names the field, what it takes and what it got', () => {
    const list = issues(() => parseRunSpec({ engine: 'hmm', model: { N: 'abc' } }))
    expect(at(list, 'model.N')).toEqual([expect.stringMatching(/^N must be a whole number ≥ 1 and ≤ [\d ]+, got 'abc'$/)])
  })
  it('words fractions for whole numbers, bounds, and options', () => {
    const list = issues(() => parseRunSpec({ engine: 'hmm', model: { N: 2.5, K: 0, g: 'foo' }, train: { lr: 'x' } }))
    expect(at(list, 'model.N')[0]).toMatch(/^N must be a whole number ≥ 1.*, got 2\.5$/)
    expect(at(list, 'model.K')[0]).toMatch(/^K must be a whole number ≥ 1.*, got 0$/)
    expect(at(list, 'model.g')[0]).toMatch(/^g must be one of 'erf', 'relu', 'linear', 'tanh', 'sigmoid'; got 'foo'$/)
    expect(at(list, 'train.lr')[0]).toMatch(/^lr must be a number.*, got 'x'$/)
    for (const i of list) expect(i.message).not.toMatch(/expected|received|Invalid input/)
  })
  it('words lengths and missing fields, and keeps messages a schema writes itself', () => {
    const long = issues(() => parseRunSpec({ engine: 'hmm', name: 'x'.repeat(300) }))
    expect(at(long, 'name')[0]).toMatch(/^name must have at most 200 characters, got 300$/)
    const sweep = issues(() => parseSweep({ base: { engine: 'hmm' }, axes: [{ path: 'name', values: [1] }] }))
    expect(at(sweep, 'name')[0]).toBe('name is required: text')
    // a schema's own message stays as written
    expect(at(sweep, 'axes[0].path')[0]).toMatch(/^the run name is derived from the sweep name/)
  })
})
