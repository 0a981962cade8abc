// Test helpers local to the HMM tests: a seeded PRNG, random instances, the reference fixture.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { HmmInstance } from '@models/twoLayer/instance'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/**
 * Seeded generator: xoshiro128+ on 32-bit words, 53-bit uniforms in (0, 1), Box–Muller normals;
 * fillNormals writes a block of normals with 32-bit uniforms (fast path for Monte Carlo).
 */
export function rng(seed: number) {
  let s0 = (seed ^ 0x9e3779b9) >>> 0 || 1
  let s1 = Math.imul(seed, 2654435761) >>> 0 || 2
  let s2 = 0x6a09e667
  let s3 = 0xbb67ae85
  const next32 = () => {
    const result = (s0 + s3) >>> 0
    const t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 11) | (s3 >>> 21)
    return result
  }
  for (let i = 0; i < 16; i++) next32()
  const uniform = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6) + 0.5) / 9007199254740992
  let spare = NaN
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const x = spare
      spare = NaN
      return x
    }
    const r = Math.sqrt(-2 * Math.log(uniform()))
    const a = 2 * Math.PI * uniform()
    spare = r * Math.sin(a)
    return r * Math.cos(a)
  }
  const U32 = 1 / 4294967296
  /** buf.length must be even */
  const fillNormals = (buf: Float64Array) => {
    for (let i = 0; i < buf.length; i += 2) {
      const r = Math.sqrt(-2 * Math.log((next32() + 0.5) * U32))
      const a = 2 * Math.PI * (next32() + 0.5) * U32
      buf[i] = r * Math.cos(a)
      buf[i + 1] = r * Math.sin(a)
    }
  }
  return { uniform, normal, fillNormals }
}

/** An HMM instance with i.i.d. N(0,1) F, w̃, w (w scaled by wScale), ṽ = v = 1. */
export function randomInstance(N: number, D: number, K: number, M: number, seed: number, wScale = 1): HmmInstance {
  const { normal } = rng(seed)
  const fill = (n: number, s = 1) => Float64Array.from({ length: n }, () => s * normal())
  return {
    N, D, K, M,
    F: fill(D * N),
    wTeacher: fill(M * D),
    vTeacher: new Float64Array(M).fill(1),
    w: fill(K * N, wScale),
    v: new Float64Array(K).fill(1)
  }
}

export interface Fixture {
  N: number
  D: number
  K: number
  M: number
  lr: number
  dt: number
  mu1: number
  mu2: number
  delta: number
  initialState: {
    sigma: number[][][]
    r: number[][][]
    W: number[][]
    v: number[]
    vTeacher: number[]
    T: number[][]
    tildeT: number[][]
    rho: number[]
  }
  reference: Record<'t' | 'eg' | 'Q00' | 'Q01' | 'Q11' | 'R00' | 'R01' | 'R10' | 'R11', number[]>
}

/** The C++ reference (../shared beside the clone in CI; a copy in tests/fixtures otherwise). */
export function loadFixture(): Fixture {
  const name = 'hmm-ode-reference-N400-D200.json'
  const shared = path.resolve(repoRoot, '../shared/fixtures', name)
  const file = existsSync(shared) ? shared : path.resolve(repoRoot, 'tests/fixtures', name)
  return JSON.parse(readFileSync(file, 'utf8')) as Fixture
}
