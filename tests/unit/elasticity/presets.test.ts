// The seed-003 presets carry the settings their descriptions state.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expandSweep } from '@shared/sweep'
import { parseRunSpec } from '@shared/validate'

const load = (id: string) => JSON.parse(readFileSync(resolve(__dirname, `../../../resources/presets/${id}.json`), 'utf8'))

describe('Zhang, Wang & Su presets', () => {
  it('train with batch 1, lr 0.005, 1e5 iterations on GeoMNIST (Figs. 2, 4, 5)', () => {
    const s = parseRunSpec(load('zhang-wang-su-fig2-geomnist').spec)
    if (s.engine !== 'le-train') throw new Error('le-train expected')
    expect(s.lr).toBe(0.005)
    expect(s.iterations).toBe(100_000)
    expect(s.data.kind).toBe('geomnist')
  })
  it('sweep p_err over 0, 0.1, …, 0.8 (Fig. 3)', () => {
    const points = expandSweep(load('zhang-wang-su-fig3-label-corruption').spec)
    expect(points.map((p) => (p.spec as { pErr: number }).pErr)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
  })
  it('grid a over 0.25 … 2 across a = 1 and K over 3 … 10', () => {
    const phase = parseRunSpec(load('zhang-wang-su-phase').spec) as { as: number[] }
    expect(phase.as[0]).toBe(0.25)
    expect(phase.as[phase.as.length - 1]).toBe(2)
    expect(phase.as).toContain(1)
    expect((parseRunSpec(load('zhang-wang-su-collapse').spec) as { Ks: number[] }).Ks).toEqual([3, 4, 5, 6, 7, 8, 9, 10])
  })
})
