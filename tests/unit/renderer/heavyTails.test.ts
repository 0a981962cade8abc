import { describe, expect, it } from 'vitest'
import { heavyTailNote } from '@renderer/lib/heavyTails'

describe('heavyTailNote', () => {
  it('warns for Lorentz and Pareto without variance, not for latents with one', () => {
    expect(heavyTailNote({ latent: { kind: 'lorentz' } })).toMatch(/Δv/)
    expect(heavyTailNote({ latent: { kind: 'pareto', shape: 1.5 } })).toMatch(/no finite variance/)
    expect(heavyTailNote({ latent: { kind: 'pareto', shape: 3 } })).toBeNull()
    expect(heavyTailNote({ latent: { kind: 'mixture' } })).toBeNull()
    expect(heavyTailNote({ engine: 'linear' })).toBeNull()
  })
})
