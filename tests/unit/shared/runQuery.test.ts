// The run query language: what parses to what, and where a malformed filter is wrong.
import { describe, expect, it } from 'vitest'
import { parseRunQuery, pointAt, QuerySyntaxError, resolveField, jsonPath } from '@shared/query'
import { RunFilter } from '@shared/api'

const fault = (text: string): QuerySyntaxError => {
  try {
    parseRunQuery(text)
  } catch (e) {
    if (e instanceof QuerySyntaxError) return e
    throw e
  }
  throw new Error(`'${text}' parsed`)
}

describe('parseRunQuery', () => {
  it('reads words, negations, predicates and quoted text, with their offsets', () => {
    expect(parseRunQuery('mixture K>=2 -failed tag:paper "Two Words" name="a b"').terms).toEqual([
      { kind: 'word', text: 'mixture', negated: false, at: 0 },
      { kind: 'predicate', key: 'K', op: '>=', value: '2', negated: false, at: 8 },
      { kind: 'word', text: 'failed', negated: true, at: 13 },
      { kind: 'predicate', key: 'tag', op: ':', value: 'paper', negated: false, at: 21 },
      { kind: 'word', text: 'two words', negated: false, at: 31 },
      { kind: 'predicate', key: 'name', op: '=', value: 'a b', negated: false, at: 43 }
    ])
  })
  it('takes every operator, the longest first, and spec paths, Greek keys and negated predicates', () => {
    const ops = ['=', '!=', '>', '>=', '<', '<='].map((op) => parseRunQuery(`eta${op}0.5`).terms[0])
    expect(ops.map((t) => (t.kind === 'predicate' ? [t.op, t.value] : null))).toEqual([['=', '0.5'], ['!=', '0.5'], ['>', '0.5'], ['>=', '0.5'], ['<', '0.5'], ['<=', '0.5']])
    expect(parseRunQuery('model.g=relu α<3 latents[0].kind:mix -status=failed').terms).toMatchObject([
      { key: 'model.g', op: '=', value: 'relu' },
      { key: 'α', op: '<', value: '3' },
      { key: 'latents[0].kind', op: ':', value: 'mix' },
      { key: 'status', op: '=', value: 'failed', negated: true }
    ])
    expect(parseRunQuery('   ').terms).toEqual([])
  })
  it('says where a malformed filter is wrong', () => {
    expect(fault('eta<')).toMatchObject({ position: 3, message: expect.stringMatching(/^column 4: .*needs a value/) })
    expect(fault('K=2 "open')).toMatchObject({ position: 4, reason: 'this quote is never closed' })
    expect(fault('a - b').position).toBe(2)
    expect(fault('=3').position).toBe(0)
    expect(fault('1x.y=3').reason).toMatch(/not a field name/)
    expect(fault('eta<<0.5')).toMatchObject({ position: 4 })
    expect(fault('eta!0.5')).toMatchObject({ position: 3, reason: expect.stringMatching(/not an operator/) })
    expect(fault('na"me"').position).toBe(2)
    expect(fault('"a"b').position).toBe(3)
    expect(fault('x'.repeat(501)).position).toBe(500)
    expect(pointAt('eta<', fault('eta<'))).toBe("  eta<\n     ^ 'eta<' needs a value after '<'")
  })
  it('is the language of the API filter: a malformed text is a ValidationError at field text', () => {
    const r = RunFilter.safeParse({ text: 'K=2 eta<' })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]).toMatchObject({ path: ['text'], message: expect.stringMatching(/^column 8:/) })
    expect(RunFilter.safeParse({ text: 'K=2 eta<0.5' }).success).toBe(true)
  })
})

describe('fields', () => {
  it('names parameters as the Runs table does, case-sensitively only for N D K M P m', () => {
    expect(resolveField('eta')).toEqual(resolveField('η'))
    expect(resolveField('lr')).toEqual(resolveField('ETA'))
    expect(resolveField('K')).toEqual({ kind: 'json', paths: [{ source: 'spec', path: '$."model"."K"' }, { source: 'spec', path: '$."K"' }] })
    expect(resolveField('k')).not.toEqual(resolveField('K'))
    expect(resolveField('tags')).toEqual({ kind: 'tags' })
    expect(resolveField('Status')).toEqual({ kind: 'column', column: 'status' })
  })
  it('quotes JSON path segments so a key cannot leave its string', () => {
    expect(jsonPath('model.g')).toBe('$."model"."g"')
    expect(jsonPath('latents[0].kind')).toBe('$."latents"[0]."kind"')
  })
})
