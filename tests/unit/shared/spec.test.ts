// What the run spec refuses, and what it deliberately allows, each by the field's path.
import { describe, expect, it } from 'vitest'
import { parseRunSpec, ValidationError } from '@shared/validate'

function issues(spec: unknown): string[] {
  try {
    parseRunSpec(spec)
    return []
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e
    return e.issues.map((i) => `${i.path}: ${i.message}`)
  }
}

describe('run spec validation', () => {
  it('fills every default: {"engine": "hmm"} is a whole spec', () => {
    const spec = parseRunSpec({ engine: 'hmm' })
    expect(spec).toMatchObject({ engine: 'hmm', seed: 0, model: { N: 500, D: 250, K: 2, M: 2, g: 'erf', f: 'sgn' }, train: { lr: 0.2, points: 200 }, solve: ['sgd', 'ode'], ode: { dt: 0.01, method: 'euler' } })
  })

  it('allows D > N: Ω is then rank-deficient and the ODE still holds', () => {
    expect(issues({ engine: 'hmm', model: { N: 100, D: 300 } })).toEqual([])
  })

  it.each([
    [{ model: { K: 0 } }, 'model.K'],
    [{ model: { M: 1.5 } }, 'model.M'],
    [{ train: { lr: -0.1 } }, 'train.lr'],
    [{ train: { lr: Infinity } }, 'train.lr'],
    [{ latent: { kind: 'mixture', alpha: -1 } }, 'latent.alpha'],
    [{ latent: { kind: 'mixture', m: 0 } }, 'latent.m'],
    [{ latent: { kind: 'pareto', shape: 0 } }, 'latent.shape'],
    [{ latent: { kind: 'pareto', shape: -2 } }, 'latent.shape'],
    [{ latent: { kind: 'uniform', a: 1, b: 1 } }, 'latent.b'],
    [{ latent: { kind: 'levy' } }, 'latent.kind'],
    [{ ode: { dt: 0 } }, 'ode.dt'],
    [{ model: { g: 'tanh', teacherG: 'tanh' } }, 'model.g'],
    [{ solve: ['sgd', 'sgd'] }, 'solve'],
    [{ train: { tMin: 5, tMax: 1 } }, 'train.tMin']
  ])('refuses %j at its path', (patch, path) => {
    const found = issues({ engine: 'hmm', ...patch })
    expect(found.some((i) => i.startsWith(path + ':'))).toBe(true)
  })

  it('says why the ODE cannot take an activation, and lets SGD alone take it', () => {
    expect(issues({ engine: 'hmm', model: { g: 'sigmoid', teacherG: 'sigmoid' } }).join('\n')).toMatch(/no integrals for activation 'sigmoid'/)
    expect(issues({ engine: 'hmm', model: { g: 'sigmoid', teacherG: 'sigmoid' }, solve: ['sgd'] })).toEqual([])
  })

  it('lists every bad field at once, and names an unknown engine', () => {
    expect(issues({ engine: 'hmm', model: { K: 0, N: 'x' }, train: { lr: -1 } }).length).toBeGreaterThanOrEqual(3)
    expect(issues({ engine: 'rnn' })).toEqual([expect.stringMatching(/^engine: unknown engine "rnn"/)])
    expect(issues([1, 2])).toEqual([expect.stringMatching(/must be a JSON object/)])
  })
})
