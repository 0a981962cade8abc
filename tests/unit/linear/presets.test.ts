// The seed-002 presets (one per figure) parse, and carry the settings their descriptions state.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRunSpec } from '@shared/validate'

const load = (id: string) => JSON.parse(readFileSync(resolve(__dirname, `../../../resources/presets/${id}.json`), 'utf8')) as { id: string; kind: string; spec: unknown; description: string }

describe('Advani & Saxe presets', () => {
  it('one per figure, each a valid run spec with the stated settings', () => {
    const curves = parseRunSpec(load('advani-saxe-learning-curves').spec)
    expect(curves).toMatchObject({ engine: 'linear', N: 300, P: 300, sigmaEps: 0.5, lr: 0.05 })
    const dd = parseRunSpec(load('advani-saxe-double-descent').spec)
    expect(dd).toMatchObject({ engine: 'linear-dd', axis: 'alpha', N: 100, snrs: [1, 4, 16], seeds: 10 })
    expect(dd.engine === 'linear-dd' && dd.values).toContain(1)
    const model = parseRunSpec(load('advani-saxe-double-descent-model').spec)
    expect(model).toMatchObject({ engine: 'linear-dd', axis: 'N', P: 100 })
    expect(model.engine === 'linear-dd' && model.values).toContain(100)
    const spectrum = parseRunSpec(load('advani-saxe-spectrum').spec)
    expect(spectrum).toMatchObject({ engine: 'linear', N: 500, P: 250, sigmaW0: 0.5 })
    expect(load('advani-saxe-spectrum').description).toContain('0.625') // (1 − 0.5)(1 + 0.25)
    const relu = parseRunSpec(load('advani-saxe-relu-bound').spec)
    expect(relu).toMatchObject({ engine: 'linear-relu', Ni: 50, P: 100 })
    expect(relu.engine === 'linear-relu' && relu.hidden).toContain(100)
  })
})
