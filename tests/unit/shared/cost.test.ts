// Issue #11 item 2: every spec is costed before it is queued; over a limit it is refused with
// the field that dominates, the estimate and the limit.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkCost, estimate, ESTIMATES, formatBytes } from '@shared/cost'
import { ENGINES } from '@shared/runSpec'
import { expandSweep } from '@shared/sweep'
import { parseRunSpec, ValidationError, type FieldIssue } from '@shared/validate'
import { defaultLimits, workerHeapMb } from '@main/limits'

const GiB = 2 ** 30
const limits = { bytes: 8 * GiB, seconds: 7 * 86400 }

function refused(spec: unknown): FieldIssue[] {
  try {
    checkCost(parseRunSpec(spec), limits)
  } catch (e) {
    if (e instanceof ValidationError) return e.issues
    throw e
  }
  throw new Error('not refused')
}

describe('cost estimate', () => {
  it('has an estimator for every engine', () => {
    for (const e of ENGINES) expect(typeof ESTIMATES[e], e).toBe('function')
  })

  it('counts the memory of the features exactly: 3 copies of N × D float64', () => {
    const spec = parseRunSpec({ engine: 'hmm', model: { N: 1000, D: 500 }, solve: ['sgd'] })
    const term = estimate(spec).terms.find((t) => t.field === 'model.N')!
    expect(term.bytes).toBe(3 * 8 * 1000 * 500)
  })

  it('grows linearly in testSamples and tMax', () => {
    const at = (s: unknown) => estimate(parseRunSpec(s))
    const a = at({ engine: 'hmm', train: { testSamples: 1000 }, solve: ['sgd'] })
    const b = at({ engine: 'hmm', train: { testSamples: 2000 }, solve: ['sgd'] })
    const termA = a.terms.find((t) => t.field === 'train.testSamples')!.bytes!
    expect(b.terms.find((t) => t.field === 'train.testSamples')!.bytes).toBe(2 * termA)
    const c = at({ engine: 'hmm', train: { tMax: 200 }, solve: ['sgd'] })
    const d = at({ engine: 'hmm', train: { tMax: 400 }, solve: ['sgd'] })
    const steps = (x: typeof c) => x.terms.find((t) => t.field === 'train.tMax')!.flops!
    expect(steps(d)).toBe(2 * steps(c))
  })

  it('refuses memory over the limit, naming the field, the estimate and the limit', () => {
    const [issue] = refused({ engine: 'hmm', model: { N: 100_000, D: 100_000 }, solve: ['sgd'], train: { tMax: 1e-3, tMin: 1e-4 } })
    expect(issue.path).toBe('model.N')
    expect(issue.message).toMatch(/^this run needs about 458 GiB of memory, over the limit of 8\.00 GiB; most of it is features F/)
    const [test] = refused({ engine: 'hmm', train: { testSamples: 50_000_000 } })
    expect(test.path).toBe('train.testSamples')
    expect(refused({ engine: 'linear', N: 1000, P: 10_000_000 })[0].path).toBe('P')
  })

  it('refuses compute time over the limit', () => {
    const [issue] = refused({ engine: 'hmm', model: { N: 10_000, D: 5000 }, train: { tMax: 1e6, testSamples: 100 }, solve: ['sgd'] })
    expect(issue.path).toBe('train.tMax')
    expect(issue.message).toMatch(/compute for about [\d.]+ years, over the limit of 7\.00 days; most of it is SGD steps/)
    expect(refused({ engine: 'hmm', ode: { dt: 1e-12 }, solve: ['ode'] })[0].path).toBe('ode.dt')
  })

  it('lets every preset through at the default limits of an 8 GiB machine', () => {
    const dir = join(__dirname, '../../../resources/presets')
    const machine = defaultLimits({}, 8 * GiB)
    for (const f of readdirSync(dir)) {
      const p = JSON.parse(readFileSync(join(dir, f), 'utf8'))
      const specs = p.kind === 'sweep' ? expandSweep(p.spec).map((x) => x.spec) : [parseRunSpec(p.spec)]
      for (const s of specs) expect(() => checkCost(s, machine), f).not.toThrow()
    }
  })

  it('takes the limits from the environment, else half the machine', () => {
    expect(defaultLimits({}, 16 * GiB).bytes).toBe(8 * GiB)
    expect(defaultLimits({ LAB_MAX_MEMORY_MB: '512', LAB_MAX_HOURS: '2' }, 16 * GiB)).toEqual({ bytes: 512 * 2 ** 20, seconds: 7200 })
    expect(defaultLimits({ LAB_MAX_MEMORY_MB: 'lots' }, 16 * GiB).bytes).toBe(8 * GiB)
    expect(workerHeapMb({ bytes: GiB, seconds: 1 })).toBe(1024 + 256)
    expect(formatBytes(1536)).toBe('1.50 KiB')
  })
})
