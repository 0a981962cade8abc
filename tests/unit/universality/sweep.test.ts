import { describe, expect, it } from 'vitest'
import { canonicalJson, expandSweep, parseSweep, pointName, type SweepSpecInput } from '@shared/sweep'
import { issuesOf } from '../shared/issuesOf'

const base = { engine: 'hmm', seed: 3, model: { N: 100, D: 50 }, latent: { kind: 'mixture', standardize: 'none' } }


describe('expandSweep', () => {
  const sweep: SweepSpecInput = {
    name: 'gm grid',
    base,
    axes: [
      { path: 'latent.m', values: [2, 4, 8] },
      { path: 'latent.alpha', values: [0.1, 1] }
    ]
  }

  it('expands the Cartesian product, first axis slowest, with parsed specs', () => {
    const points = expandSweep(sweep)
    expect(points).toHaveLength(6)
    expect(points.map((p) => [p.coords['latent.m'], p.coords['latent.alpha']])).toEqual([
      [2, 0.1], [2, 1], [4, 0.1], [4, 1], [8, 0.1], [8, 1]
    ])
    const p = points[3]
    if (p.spec.engine !== 'hmm' || p.spec.latent.kind !== 'mixture') throw new Error('expected an hmm mixture spec')
    expect(p.spec.latent.m).toBe(4)
    expect(p.spec.latent.alpha).toBe(1)
    expect(p.spec.seed).toBe(3) // base fields kept
    expect(p.spec.model.N).toBe(100)
    expect(p.spec.train.lr).toBe(0.2) // defaults filled
    expect(p.spec.name).toBe('gm grid · m = 4 · α = 1')
  })

  it('zips axes of equal length', () => {
    const points = expandSweep({ ...sweep, mode: 'zip', axes: [{ path: 'latent.m', values: [2, 4] }, { path: 'seed', values: [10, 11] }] })
    expect(points.map((p) => p.coords)).toEqual([{ 'latent.m': 2, seed: 10 }, { 'latent.m': 4, seed: 11 }])
    expect(points[1].spec.seed).toBe(11)
  })

  it('gives keys that are canonical JSON of the coordinates, stable under re-expansion and axis order', () => {
    const a = expandSweep(sweep).map((p) => p.key)
    const b = expandSweep(structuredClone(sweep)).map((p) => p.key)
    expect(b).toEqual(a)
    expect(new Set(a).size).toBe(6)
    expect(a[0]).toBe('{"latent.alpha":0.1,"latent.m":2}')
    const swapped = expandSweep({ ...sweep, axes: [sweep.axes[1], sweep.axes[0]] }).map((p) => p.key)
    expect(new Set(swapped)).toEqual(new Set(a))
  })

  it('sets whole objects and booleans/strings at a path', () => {
    const points = expandSweep({
      name: 'dists',
      base: { engine: 'hmm' },
      axes: [
        { path: 'latent', values: [{ kind: 'laplace', standardize: 'sample' }, { kind: 'lorentz', standardize: 'sample' }] },
        { path: 'model.trainSecondLayer', values: [false, true] }
      ]
    })
    expect(points).toHaveLength(4)
    expect(points[2].spec.engine === 'hmm' && points[2].spec.latent.kind).toBe('lorentz')
    expect(points[2].key).toBe('{"latent":{"kind":"lorentz","standardize":"sample"},"model.trainSecondLayer":false}')
  })

  it('refuses an unknown axis path with its path', () => {
    const issues = issuesOf(() => expandSweep({ ...sweep, axes: [sweep.axes[0], { path: 'latent.alfa', values: [1] }] }))
    expect(issues).toEqual([{ path: 'axes[1].path', message: "latent.alfa: unknown field 'alfa'; did you mean 'alpha'? (latent.kind = mixture)" }])
    // a field of another latent kind is as unknown as a typo
    const other = issuesOf(() => expandSweep({ name: 's', base: { engine: 'hmm', latent: { kind: 'gaussian' } }, axes: [{ path: 'latent.alpha', values: [1] }] }))
    expect(other).toEqual([{ path: 'axes[0].path', message: "latent.alpha: unknown field 'alpha' (fields here: kind, standardize, standardizeSamples) (latent.kind = gaussian)" }])
    // a path creating an object the base lacks, leaving out its required fields
    const created = issuesOf(() => expandSweep({ name: 's', base: { engine: 'hmm' }, axes: [{ path: 'latent.alpha', values: [1] }] }))
    expect(created).toHaveLength(1)
    expect(created[0].path).toBe('axes[0].path')
    expect(created[0].message).toMatch(/^latent\.alpha: the base has no 'latent'.*latent\.kind: /)
    // an object value with an unknown field inside is refused too
    const inner = issuesOf(() => expandSweep({ name: 's', base: { engine: 'hmm' }, axes: [{ path: 'latent', values: [{ kind: 'gaussian', alfa: 1 }] }] }))
    expect(inner[0]).toEqual({ path: 'axes[0].values[0]', message: "latent.alfa: unknown field 'alfa' (fields here: kind, standardize, standardizeSamples)" })
  })

  it('refuses malformed and conflicting paths', () => {
    expect(issuesOf(() => parseSweep({ ...sweep, axes: [{ path: 'latent..m', values: [1] }] }))[0].path).toBe('axes[0].path')
    expect(issuesOf(() => parseSweep({ ...sweep, axes: [{ path: 'name', values: ['x'] }] }))[0].path).toBe('axes[0].path')
    expect(issuesOf(() => parseSweep({ ...sweep, axes: [{ path: '__proto__.x', values: [1] }] }))[0].path).toBe('axes[0].path')
    const dup = issuesOf(() => parseSweep({ ...sweep, axes: [sweep.axes[0], { path: 'latent.m', values: [3] }] }))
    expect(dup[0]).toMatchObject({ path: 'axes[1].path' })
    const overlap = issuesOf(() => parseSweep({ ...sweep, axes: [{ path: 'latent', values: [{ kind: 'gaussian' }] }, sweep.axes[0]] }))
    expect(overlap[0].path).toBe('axes[1].path')
    expect(issuesOf(() => expandSweep({ ...sweep, base: { ...base, model: 3 }, axes: [{ path: 'model.N', values: [10] }] }))[0].path).toBe('axes[0].path')
  })

  it('refuses bad values naming the axis, the value index and the field', () => {
    const issues = issuesOf(() =>
      expandSweep({ ...sweep, axes: [sweep.axes[0], { path: 'latent.alpha', values: [0.5, 1, 2, -1] }] })
    )
    expect(issues).toHaveLength(1) // reported once although three points carry it
    expect(issues[0].path).toBe('axes[1].values[3]')
    expect(issues[0].message).toMatch(/^latent\.alpha: /)
    const twoAxes = issuesOf(() => expandSweep({ ...sweep, axes: [{ path: 'latent.m', values: [2, 0] }, { path: 'train.lr', values: ['fast'] }] }))
    expect(twoAxes.map((i) => i.path).sort()).toEqual(['axes[0].values[1]', 'axes[1].values[0]'])
  })

  it('reports faults of the base at base.<field>, and combinations no single axis explains at axes', () => {
    const bad = issuesOf(() => expandSweep({ ...sweep, base: { ...base, model: { N: -5 } } }))
    expect(bad).toEqual([expect.objectContaining({ path: 'base.model.N' })])
    const combo = issuesOf(() =>
      expandSweep({ name: 't', base: { engine: 'hmm', train: { tMax: 10 } }, axes: [{ path: 'train.tMin', values: [1, 20] }] })
    )
    // tMin ≥ tMax is reported on train.tMin, the axis field
    expect(combo).toEqual([expect.objectContaining({ path: 'axes[0].values[1]' })])
    const cross = issuesOf(() =>
      expandSweep({ name: 't', base: { engine: 'hmm', train: { tMin: 5 } }, axes: [{ path: 'train.tMax', values: [1, 20] }] })
    )
    expect(cross).toEqual([expect.objectContaining({ path: 'axes' })])
    expect(cross[0].message).toContain('"train.tMax":1')
  })

  it('refuses duplicate values, zip length mismatches, too many points, an unknown engine', () => {
    expect(issuesOf(() => parseSweep({ ...sweep, axes: [{ path: 'latent.m', values: [2, 4, 2] }] }))[0].path).toBe('axes[0].values[2]')
    expect(issuesOf(() => parseSweep({ ...sweep, mode: 'zip' }))[0].path).toBe('axes[1].values')
    const big = Array.from({ length: 101 }, (_, i) => i + 1)
    expect(issuesOf(() => parseSweep({ ...sweep, axes: [{ path: 'seed', values: big }, { path: 'latent.m', values: big }] }))[0].path).toBe('axes')
    expect(issuesOf(() => expandSweep({ ...sweep, base: { engine: 'nope' } }))[0].path).toBe('base.engine')
    expect(issuesOf(() => parseSweep({ ...sweep, axes: [] }))[0].path).toBe('axes')
  })
})

describe('canonicalJson and pointName', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}')
  })
  it('writes the coordinates in words: symbols, seeds, latents', () => {
    expect(pointName('hmm', { 'train.lr': 0.05, seed: 2 })).toBe('hmm · η = 0.05 · seed 2')
    expect(pointName('gallery', { latent: { kind: 'lorentz', x0: 0, gamma: 1, standardize: 'sample', standardizeSamples: 100000 } })).toBe('gallery · Lorentz · standardised')
    expect(pointName('g', { latent: { kind: 'mixture', m: 4, alpha: 1, components: 'coordinate', standardize: 'none' } })).toBe('g · GM(m = 4, α = 1, per coordinate)')
    expect(pointName('g', { latent: { kind: 'beta', a: 0.5, b: 0.5, standardize: 'whiten' } })).toBe('g · beta(0.5, 0.5) · whitened')
    expect(pointName('s', { 'train.lr': 0.1 + 0.2 })).toBe('s · η = 0.3')
  })
  it('cuts long names to the RunSpec limit', () => {
    const name = pointName('s', { 'model.g': 'x'.repeat(300) })
    expect(name.length).toBe(200)
    expect(name.endsWith('…')).toBe(true)
  })
})
