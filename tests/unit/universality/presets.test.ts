// Every preset in resources/presets parses with the schema of its kind, and the paper presets
// say what they reproduce.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseStudySpec } from '@shared/studySpec'
import { expandSweep } from '@shared/sweep'
import { parseRunSpec } from '@shared/validate'

const dir = resolve(__dirname, '../../../resources/presets')
interface PresetFile {
  id: string
  title: string
  description: string
  kind: 'run' | 'sweep' | 'study'
  spec: unknown
}
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const presets = files.map((f) => ({ file: f, preset: JSON.parse(readFileSync(join(dir, f), 'utf8')) as PresetFile }))
const byId = new Map(presets.map(({ preset }) => [preset.id, preset]))

describe('presets', () => {
  it('has one preset per paper figure 2–8 and S2, plus Goldt 2020 and the Gaussian baseline', () => {
    for (const id of ['bae-jeong-fig2', 'bae-jeong-fig3', 'bae-jeong-fig4', 'bae-jeong-fig5', 'bae-jeong-fig6', 'bae-jeong-fig7', 'bae-jeong-fig8', 'bae-jeong-fig-s2', 'goldt-2020', 'bae-jeong-gaussian-baseline'])
      expect(byId.has(id), id).toBe(true)
  })

  for (const { file, preset } of presets)
    it(`${file} parses as a ${preset.kind}`, () => {
      expect(file).toBe(`${preset.id}.json`)
      expect(preset.id).toMatch(/^[a-z0-9][a-z0-9-]*$/)
      expect(preset.title.length).toBeGreaterThan(0)
      expect(preset.description.length).toBeGreaterThan(80)
      switch (preset.kind) {
        case 'run':
          expect(() => parseRunSpec(preset.spec)).not.toThrow()
          break
        case 'sweep':
          expect(expandSweep(preset.spec as never).length).toBeGreaterThan(1)
          break
        case 'study':
          expect(() => parseStudySpec(preset.spec)).not.toThrow()
          break
        default:
          throw new Error(`unknown kind ${String(preset.kind)}`)
      }
      const fig = /^bae-jeong-fig-?(s?\d+)$/.exec(preset.id)
      if (fig) expect(preset.description).toContain(`Fig. ${fig[1].toUpperCase()}`)
    })

  it('the paper presets carry the settings they describe', () => {
    const goldt = parseRunSpec(byId.get('goldt-2020')!.spec)
    if (goldt.engine !== 'hmm') throw new Error('hmm expected')
    expect(goldt.model).toMatchObject({ N: 1000, D: 500, K: 2, M: 2, g: 'erf', teacherG: 'erf', f: 'sgn', trainSecondLayer: false })
    expect(goldt.train.lr).toBe(0.2)
    expect(goldt.latent.kind).toBe('gaussian')

    const baseline = parseRunSpec(byId.get('bae-jeong-gaussian-baseline')!.spec)
    if (baseline.engine !== 'hmm') throw new Error('hmm expected')
    expect(baseline.model).toMatchObject({ g: 'relu', teacherG: 'relu', f: 'sgn' })
    expect(baseline.latent.kind).toBe('gaussian')

    const fig4 = expandSweep(byId.get('bae-jeong-fig4')!.spec as never)
    const fig5 = expandSweep(byId.get('bae-jeong-fig5')!.spec as never)
    expect(fig5.map((p) => p.key)).toEqual(fig4.map((p) => p.key)) // same grid, point by point
    for (const p of fig4) expect(p.spec.engine === 'hmm' && p.spec.latent.standardize).toBe('none')
    for (const p of fig5) expect(p.spec.engine === 'hmm' && p.spec.latent.standardize).toBe('exact')

    const fig7 = expandSweep(byId.get('bae-jeong-fig7')!.spec as never)
    expect(fig7.map((p) => (p.spec.engine === 'hmm' ? p.spec.latent.kind : ''))).toEqual(['uniform', 'beta', 'beta', 'poisson', 'laplace', 'pareto', 'mixture'])
    const fig8 = parseRunSpec(byId.get('bae-jeong-fig8')!.spec)
    expect(fig8.engine === 'hmm' && fig8.latent).toMatchObject({ kind: 'lorentz', standardize: 'sample' })

    const s2 = parseStudySpec(byId.get('bae-jeong-fig-s2')!.spec)
    expect(s2.engine === 'cumulants' && s2.functions).toEqual(['erf', 'relu', 'sgn', 'tanh'])
    const fig2 = parseStudySpec(byId.get('bae-jeong-fig2')!.spec)
    const fig6 = parseStudySpec(byId.get('bae-jeong-fig6')!.spec)
    expect(fig2.engine === 'kl' && fig2.standardize).toBe('none')
    expect(fig6.engine === 'kl' && fig6.standardize).toBe('exact')
  })
})
