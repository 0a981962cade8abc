// A preset's cost before it starts: its run count from the expanded sweep, the time from the
// same estimate the API checks (src/shared/cost.ts), and the quick variant's stated settings.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { estimate } from '@shared/cost'
import { expandSweep } from '@shared/sweep'
import { presetCost, quickVariant } from '@renderer/lib/presetCost'

const preset = JSON.parse(readFileSync('resources/presets/bae-jeong-deviation-maps.json', 'utf8'))

describe('preset cost', () => {
  it('the deviation maps: 90 runs at N = 500, time = the sum of the per-run estimates', () => {
    const c = presetCost(preset)
    expect(c.runs).toBe(3 * 5 * 2 * 3)
    expect(c.size).toBe('N = 500, D = 250, t ≤ 50, 10 000 test samples')
    const sum = expandSweep(preset.spec).reduce((a, p) => a + estimate(p.spec).seconds, 0)
    expect(c.seconds).toBeCloseTo(sum, 9)
    expect(c.seconds).toBeGreaterThan(0)
  })

  it('the quick variant states what shrinks and is smaller', () => {
    const q = quickVariant(preset)!
    expect(q.changes).toEqual(['N 500 → 100', 'D 250 → 50', 't_max 50 → 10', 'test samples 10 000 → 2 000', 'seeds 3 → 2'])
    expect(q.cost.runs).toBe(3 * 5 * 2 * 2)
    expect(q.cost.size).toBe('N = 100, D = 50, t ≤ 10, 2 000 test samples')
    expect(q.cost.seconds).toBeLessThan(presetCost(preset).seconds / 10)
    expect(q.spec.name).toBe('Deviation maps (quick)')
  })

  it('a preset already small has no quick variant', () => {
    const small = { kind: 'run' as const, spec: { engine: 'hmm', name: 'x', model: { N: 50, D: 25 }, train: { tMax: 5, testSamples: 1000 } } }
    expect(quickVariant(small)).toBeNull()
    expect(presetCost(small).runs).toBe(1)
  })

  it('a study preset (KL, Fig. 2): fewer samples and repeats, one run', () => {
    const fig2 = JSON.parse(readFileSync('resources/presets/bae-jeong-fig2.json', 'utf8'))
    const q = quickVariant(fig2)!
    expect(q.changes).toEqual(['samples 4 000 → 1 000', 'repeats 5 → 2'])
    expect(q.cost.runs).toBe(1)
    // the kNN term is ∝ repeats · n · (n + m): 2·1000·2000 against 5·4000·8000 of the full study
    expect(q.cost.seconds).toBeLessThan(presetCost(fig2).seconds / 20)
  })
})
