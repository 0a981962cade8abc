import { describe, expect, it } from 'vitest'
import { LATENT_KINDS } from '@shared/spec'
import { defaultSpec, HMM_SECTIONS, LINEAR_SECTIONS, latentForKind, withDefaults } from '@renderer/lib/specForm'
import { getIn } from '@renderer/lib/specPath'

describe('the New-run form matches the schema', () => {
  for (const [engine, sections] of [['hmm', HMM_SECTIONS], ['linear', LINEAR_SECTIONS]] as const) {
    it(`every visible ${engine} field exists in the default spec`, () => {
      const spec = defaultSpec(engine)
      for (const f of sections.flatMap((s) => s.fields)) {
        if (f.optional || (f.visible && !f.visible(spec))) continue
        expect(getIn(spec, f.path), f.path).not.toBeUndefined()
      }
    })
  }
  it('every latent kind shows exactly its parameters', () => {
    const latentFields = HMM_SECTIONS.find((s) => s.title.startsWith('Latent'))!.fields
    for (const kind of LATENT_KINDS) {
      const latent = latentForKind(kind, { standardize: 'sample' })
      expect(latent.kind).toBe(kind)
      expect(latent.standardize).toBe('sample')
      const spec = { ...defaultSpec('hmm'), latent }
      const shown = latentFields.filter((f) => !f.visible || f.visible(spec)).map((f) => f.path.slice('latent.'.length))
      expect(new Set(shown)).toEqual(new Set(Object.keys(latent)))
    }
  })
  it('fills defaults of a partial spec and leaves an invalid one alone', () => {
    expect(getIn(withDefaults({ engine: 'hmm', model: { N: 10 } }), 'model.K')).toBe(2)
    expect(withDefaults({ engine: 'hmm', model: { K: 0 } })).toEqual({ engine: 'hmm', model: { K: 0 } })
  })
})
