// What the linear specs accept (the issue's field names, α/SNR/INR as alternatives) and refuse (by field).
import { describe, expect, it } from 'vitest'
import { parseRunSpec, ValidationError } from '@shared/validate'

function issues(input: unknown): { path: string; message: string }[] {
  try {
    parseRunSpec(input)
  } catch (e) {
    if (e instanceof ValidationError) return e.issues
    throw e
  }
  return []
}
const paths = (input: unknown) => issues(input).map((i) => i.path)

describe('linear spec', () => {
  it('takes exactly the documented fields', () => {
    const spec = parseRunSpec({ engine: 'linear', N: 50, P: 80, sigmaW: 1, sigmaW0: 0.2, sigmaEps: 0.3, lr: 0.05, tMax: 100, points: 60, seed: 7, solve: ['gd', 'theory', 'typical'] })
    expect(spec).toMatchObject({ engine: 'linear', N: 50, P: 80, sigmaW: 1, sigmaW0: 0.2, sigmaEps: 0.3, lr: 0.05, tMax: 100, points: 60, seed: 7 })
  })

  it('accepts α, SNR and INR instead of P, σ_ε and σ_w0', () => {
    const spec = parseRunSpec({ engine: 'linear', N: 40, alpha: 2.5, sigmaW: 2, snr: 16, inr: 0.25 })
    if (spec.engine !== 'linear') throw new Error('linear expected')
    expect(spec.P).toBe(100)
    expect(spec.sigmaEps).toBeCloseTo(0.5, 15) // σ_w/√SNR
    expect(spec.sigmaW0).toBeCloseTo(1, 15) // σ_w √INR
  })

  it('refuses bad input, naming the field', () => {
    expect(paths({ engine: 'linear', N: 0 })).toEqual(['N'])
    expect(paths({ engine: 'linear', N: 10, P: -1 })).toEqual(['P'])
    expect(paths({ engine: 'linear', sigmaEps: -0.1 })).toEqual(['sigmaEps'])
    expect(paths({ engine: 'linear', snr: 0 })).toEqual(['snr'])
    expect(paths({ engine: 'linear', alpha: 0 })).toEqual(['alpha'])
    expect(paths({ engine: 'linear', N: 10, P: 10, alpha: 1 })).toEqual(['alpha'])
    expect(paths({ engine: 'linear', N: 10, alpha: 0.33 })).toEqual(['alpha'])
    expect(paths({ engine: 'linear', sigmaEps: 0.1, snr: 4 })).toEqual(['snr'])
    expect(paths({ engine: 'linear', sigmaW0: 0.1, inr: 4 })).toEqual(['inr'])
    expect(paths({ engine: 'linear', N: 5000 })).toEqual(['N'])
    expect(paths({ engine: 'linear', N: 4000, P: 20_000 })).toEqual(['P'])
    expect(paths({ engine: 'linear', lr: 0.6 })).toEqual(['lr']) // (1 + √1)² = 4: lr < 0.5
    expect(paths({ engine: 'linear', lr: 0.6, solve: ['typical'] })).toEqual([]) // no descent, no stability limit
    expect(paths({ engine: 'linear', tMax: 0.01, lr: 0.05 })).toEqual(['tMax'])
    expect(paths({ engine: 'linear', tMax: 1e9, lr: 0.01 })).toEqual(['tMax'])
    expect(paths({ engine: 'linear', solve: ['gd', 'gd'] })).toEqual(['solve'])
    expect(paths({ engine: 'linear', solve: ['sgd'] })).toEqual(['solve[0]'])
    expect(paths({ engine: 'linear', tau: 1 })).toEqual([''])
    expect(issues({ engine: 'linear', lr: 0.6 })[0].message).toMatch(/lr < 0\.5/)
  })
})

describe('double-descent and random-feature specs', () => {
  it('parse their defaults', () => {
    expect(parseRunSpec({ engine: 'linear-dd' })).toMatchObject({ axis: 'alpha', N: 100, snrs: [1, 4, 16] })
    expect(parseRunSpec({ engine: 'linear-relu', snr: 4 })).toMatchObject({ Ni: 50, P: 100, sigmaEps: 0.5, sigmaW0: 0 })
  })
  it('refuse bad input, naming the field', () => {
    expect(paths({ engine: 'linear-dd', values: [0.5, 0.4] })).toEqual(['values[1]'])
    expect(paths({ engine: 'linear-dd', N: 10, values: [0.5, 0.55] })).toEqual(['values[1]'])
    expect(paths({ engine: 'linear-dd', axis: 'N', values: [10, 20.5] })).toEqual(['values[1]'])
    expect(paths({ engine: 'linear-dd', values: [1, 9], lr: 0.2 })).toEqual(['lr'])
    expect(paths({ engine: 'linear-dd', snrs: [4, 4] })).toEqual(['snrs[1]'])
    expect(paths({ engine: 'linear-dd', seeds: 0 })).toEqual(['seeds'])
    expect(paths({ engine: 'linear-relu', hidden: [10, 10] })).toEqual(['hidden[1]'])
    expect(paths({ engine: 'linear-relu', lr: 0.05 })).toEqual(['lr'])
    expect(paths({ engine: 'linear-relu', delta: 1 })).toEqual(['delta'])
    expect(paths({ engine: 'linear-relu', hidden: [10_000] })).toEqual(['hidden[0]'])
  })
})
