// Generated inputs for the API fuzz test (fuzz.test.ts): mutated valid specs of every engine,
// unknown and misspelt fields, huge and negative sizes, long strings, deep junk, malformed JSON,
// random overrides. Deterministic for a seed.
import { ENGINES } from '@shared/runSpec'

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed */
export function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]
  return { next, int, pick, chance: (p: number) => next() < p }
}
export type Rng = ReturnType<typeof rng>

/** small valid specs of every engine: mutations of these are often still valid, and cheap */
export const BASES: Record<string, Record<string, unknown>> = {
  hmm: { engine: 'hmm', model: { N: 40, D: 20, K: 2, M: 2 }, latent: { kind: 'mixture', m: 2, alpha: 1 }, train: { tMax: 1, testSamples: 200, points: 10 } },
  linear: { engine: 'linear', N: 20, P: 10, points: 20 },
  kl: { engine: 'kl', d: 4, samples: 60, repeats: 2, alphas: [0, 1], components: [1, 2] },
  cumulants: { engine: 'cumulants', samples: 200, dims: [1, 2, 4], latents: [{ kind: 'gaussian' }, { kind: 'uniform' }] },
  'mnist-fit': { engine: 'mnist-fit', images: '/nonexistent/images', labels: '/nonexistent/labels', P: 10, D: 2 },
  pseudoreal: { engine: 'pseudoreal', pipeline: 'nopipeline' }
}

/** field paths worth hitting (known ones and their typos) */
export const PATHS = [
  'model.N', 'model.D', 'model.K', 'model.M', 'model.n', 'model.g', 'model.f', 'model.init', 'latent.kind', 'latent.m', 'latent.alpha', 'latent.standardize',
  'latent.standardizeSamples', 'latent.alfa', 'train.lr', 'train.tMax', 'train.tmax', 'train.tMin', 'train.points', 'train.testSamples', 'ode.dt', 'ode.method',
  'solve', 'seed', 'name', 'notes', 'tags', 'N', 'P', 'points', 'tMax', 'd', 'samples', 'repeats', 'alphas', 'components', 'k', 'dims', 'latents', 'functions',
  'images', 'labels', 'limit', 'iterations', 'teacher.M', 'modle', 'engine', '__proto__', 'constructor', 'x.y.z'
]

export function junkString(r: Rng): string {
  const n = r.pick([0, 1, 5, 64, 300, 5000, 150_000])
  const alphabet = 'aZ09 _-./%\\"\'\u0000\u00e9\u03b1\ud83d\ude00{}[]'
  let s = ''
  for (let i = 0; i < Math.min(n, 64); i++) s += alphabet[r.int(alphabet.length)]
  return n > 64 ? s.repeat(Math.ceil(n / Math.max(1, s.length))).slice(0, n) : s
}

export function value(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 3 ? 8 : 11)) {
    case 0:
      return r.int(10)
    case 1:
      return r.pick([1e9, 2 ** 31, 2 ** 53, 1e300, -1, -1e9, 0, 0.5, 1e-300, 3.7, 100_000, 1_000_000])
    case 2:
      return r.pick([true, false, null])
    case 3:
      return r.pick(['NaN', 'Infinity', '-1', '1e9', 'erf', 'relu', 'tanh', 'sgn', 'gaussian', 'mixture', 'lorentz', 'rk4', 'sgd', 'ode', ''])
    case 4:
      return junkString(r)
    case 5:
      return r.next() * 10 - 2
    case 6:
      return r.pick([['sgd'], ['ode'], ['sgd', 'ode'], ['sgd', 'sgd'], []])
    case 7:
      return r.pick([[0, 1], [1, 1], [2, 1], [1, 2, 4, 8], Array.from({ length: r.pick([0, 3, 2000]) }, (_, i) => i + 1)])
    case 8:
      return Array.from({ length: r.int(4) }, () => value(r, depth + 1))
    default:
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick([...PATHS, junkString(r).slice(0, 20)]).split('.').pop()!, value(r, depth + 1)]))
  }
}

export function setAt(obj: Record<string, unknown>, path: string, v: unknown) {
  const keys = path.split('.')
  let node: Record<string, unknown> = obj
  for (const k of keys.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(node, k) ? node[k] : undefined
    if (typeof next !== 'object' || next === null || Array.isArray(next)) Object.defineProperty(node, k, { value: {}, enumerable: true, writable: true, configurable: true })
    node = node[k] as Record<string, unknown>
  }
  Object.defineProperty(node, keys[keys.length - 1], { value: v, enumerable: true, writable: true, configurable: true })
}

/** a spec: a mutated base of a random engine, or something else entirely */
export function spec(r: Rng): unknown {
  if (r.chance(0.08)) return value(r)
  const engine = r.chance(0.9) ? r.pick(ENGINES) : r.pick(['', 'transformer', 42, null, undefined])
  const base = structuredClone(BASES[String(engine)] ?? { engine })
  const mutations = r.pick([0, 0, 1, 1, 1, 2, 3, 6])
  for (let i = 0; i < mutations; i++) {
    const path = r.pick(PATHS)
    if (r.chance(0.15)) delete base[path.split('.')[0]]
    else setAt(base, path, value(r))
  }
  return base
}

export function override(r: Rng): string {
  const path = r.chance(0.9) ? r.pick(PATHS) : junkString(r).slice(0, 30)
  const v = value(r)
  return r.chance(0.1) ? path : `${path}=${typeof v === 'string' ? v : JSON.stringify(v)}`
}

/** request bodies that are no plain JSON object: malformed, deep, huge */
export function junkBody(r: Rng): string {
  const depth = r.pick([33, 1000, 100_000, 1_000_000])
  return r.pick([
    '{"spec": ' + '['.repeat(depth) + ']'.repeat(depth) + '}',
    '{"spec": {"engine": "hmm", "x": ' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}}',
    '{"spec": {"engine": "hmm",,}}',
    '{"spec": ',
    '\u0000\u0001',
    JSON.stringify({ spec: { engine: 'hmm', notes: 'n'.repeat(2_000_000) } }),
    JSON.stringify({ spec: BASES.linear, set: Array.from({ length: 500 }, () => 'N=5') }),
    '[]',
    '"createRun"',
    'null'
  ])
}

