// Issue #11 items 2, 3, 5: unknown or inapplicable fields are errors at their path with a
// "did you mean"; every size and string has an upper bound; deep junk is refused by depth.
import { describe, expect, it } from 'vitest'
import { applyOverrides } from '@shared/overrides'
import { apiArgs } from '@shared/api'
import { checkShape, didYouMean, parseOrThrow, parseRunSpec } from '@shared/validate'
import { issuesOf } from './issuesOf'

const issues = issuesOf

/** [[[…]]] nested `depth` deep, built without recursion */
function deep(depth: number): unknown {
  let v: unknown = 0
  for (let i = 0; i < depth; i++) v = [v]
  return v
}

describe('strict run specs', () => {
  it('names an unknown field at its path with the close name', () => {
    expect(issues(() => parseRunSpec(applyOverrides({ engine: 'hmm' }, ['model.n=100'])))).toEqual([{ path: 'model.n', message: "unknown field 'n'; did you mean 'N'?" }])
    expect(issues(() => parseRunSpec({ engine: 'hmm', modle: {} }))[0]).toEqual({ path: 'modle', message: "unknown field 'modle'; did you mean 'model'?" })
    expect(issues(() => parseRunSpec({ engine: 'hmm', train: { tmax: 5 } }))[0]).toEqual({ path: 'train.tmax', message: "unknown field 'tmax'; did you mean 'tMax'?" })
    expect(issues(() => parseRunSpec({ engine: 'linear', n: 5, q: 1 }))).toEqual([
      { path: 'n', message: "unknown field 'n'; did you mean 'N'?" },
      { path: 'q', message: expect.stringMatching(/^unknown field 'q' \(fields here: engine, name, seed/) }
    ])
  })

  it('refuses a field of another latent kind', () => {
    expect(issues(() => parseRunSpec({ engine: 'hmm', latent: { kind: 'gaussian', alpha: 4 } }))).toEqual([
      { path: 'latent.alpha', message: "unknown field 'alpha' (fields here: kind, standardize, standardizeSamples)" }
    ])
  })

  it('refuses unknown API arguments', () => {
    expect(issues(() => parseOrThrow(apiArgs.renameRun, { id: 'a', name: 'b', nmae: 'c' }))[0].path).toBe('nmae')
  })

  it('bounds every size and string', () => {
    const over: [unknown, string][] = [
      [{ engine: 'hmm', train: { points: 1e9 } }, 'train.points'],
      [{ engine: 'hmm', model: { N: 1e9 } }, 'model.N'],
      [{ engine: 'hmm', model: { K: 1e6 } }, 'model.K'],
      [{ engine: 'hmm', train: { testSamples: 1e12 } }, 'train.testSamples'],
      [{ engine: 'hmm', latent: { kind: 'mixture', m: 1e9 } }, 'latent.m'],
      [{ engine: 'hmm', latent: { kind: 'gaussian', standardizeSamples: 1e12 } }, 'latent.standardizeSamples'],
      [{ engine: 'hmm', train: { tMax: 1e300 } }, 'train.tMax'],
      [{ engine: 'linear', P: 1e12 }, 'P'],
      [{ engine: 'hmm', notes: 'x'.repeat(100_001) }, 'notes'],
      [{ engine: 'hmm', tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'tags'],
      [{ engine: 'kl', samples: 1e9 }, 'samples'],
      [{ engine: 'cumulants', dims: [1, 1e9] }, 'dims[1]'],
      [{ engine: 'mnist-fit', images: 'x'.repeat(5000), labels: 'y' }, 'images'],
      [{ engine: 'mnist-fit', images: 'a', labels: 'b', P: 1e9 }, 'P']
    ]
    for (const [spec, path] of over) expect(issues(() => parseRunSpec(spec)).map((i) => i.path), path).toContain(path)
  })

  it('refuses input nested deeper than 32 levels, a million levels too, without overflowing the stack', () => {
    const junk = { engine: 'hmm', extra: deep(1_000_000) }
    const found = issues(() => checkShape(junk, 'run spec'))
    expect(found[0].message).toBe('nested deeper than 32 levels')
    expect(found[0].path.startsWith('extra[0][0]')).toBe(true)
    expect(issues(() => parseOrThrow(apiArgs.createRun, { spec: junk, set: ['model.N=10'] }))[0].message).toBe('nested deeper than 32 levels')
    expect(() => checkShape({ engine: 'hmm', ode: { initialState: { sigma: [[[1, 2]]] } } })).not.toThrow()
  })

  it('suggests names within two edits, or the same name in another case', () => {
    expect(didYouMean('tmin', ['tMin', 'tMax'])).toBe('tMin')
    expect(didYouMean('lamda', ['lambda', 'mu'])).toBe('lambda')
    expect(didYouMean('zzz', ['N', 'D'])).toBe(null)
  })
})
