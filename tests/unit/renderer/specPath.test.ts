import { describe, expect, it } from 'vitest'
import { getIn, pathKeys, setIn } from '@renderer/lib/specPath'

describe('spec paths', () => {
  it('splits dotted and indexed paths', () => expect(pathKeys('ode.initialState.rho[3]')).toEqual(['ode', 'initialState', 'rho', 3]))
  it('reads', () => {
    expect(getIn({ model: { K: 2 } }, 'model.K')).toBe(2)
    expect(getIn({ model: { K: 2 } }, 'model.K.x')).toBeUndefined()
    expect(getIn({ solve: ['sgd', 'ode'] }, 'solve[1]')).toBe('ode')
  })
  it('writes immutably, creating objects, deleting on undefined', () => {
    const spec = { model: { K: 2, N: 5 }, ode: { dt: 0.01, mu1: 0.5 } }
    const next = setIn(spec, 'model.K', 3)
    expect(next).toEqual({ model: { K: 3, N: 5 }, ode: { dt: 0.01, mu1: 0.5 } })
    expect(spec.model.K).toBe(2)
    expect(next.ode).toBe(spec.ode)
    expect(setIn(spec, 'ode.mu1', undefined).ode).toEqual({ dt: 0.01 })
    expect(setIn({}, 'latent.alpha', 1)).toEqual({ latent: { alpha: 1 } })
  })
})
