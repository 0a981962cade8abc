import { describe, expect, it } from 'vitest'
import { buildHash, parseHash, splitList } from '@renderer/lib/route'

describe('hash routes', () => {
  it('parses every view', () => {
    expect(parseHash('').name).toBe('runs')
    expect(parseHash('#/runs?q=K%3D2').query).toEqual({ q: 'K=2' })
    expect(parseHash('#/run/abc123').params).toEqual({ id: 'abc123' })
    expect(parseHash('#/compare?ids=a,b&y=lin')).toMatchObject({ name: 'compare', query: { ids: 'a,b', y: 'lin' } })
    expect(parseHash('#/new?from=x').name).toBe('new')
    expect(parseHash('#/sweeps').name).toBe('sweeps')
    expect(parseHash('#/elasticity?run=abc')).toMatchObject({ name: 'elasticity', query: { run: 'abc' } })
    expect(parseHash('#/nope').name).toBe('notFound')
    expect(parseHash('#/run').name).toBe('notFound')
  })
  it('builds hashes that parse back', () => {
    const hash = buildHash('/compare', { ids: 'a,b', series: 'sgd/Q[0,1],ode/eg', empty: '', band: '1' })
    expect(hash).toBe('#/compare?ids=a,b&series=sgd/Q%5B0,1%5D,ode/eg&band=1')
    expect(splitList(parseHash(hash).query.series)).toEqual(['sgd/Q[0,1]', 'ode/eg'])
  })
})
