// The generator against its published reference outputs and an independent BigInt
// implementation; distributions against moments and CDFs with tolerances from their sampling error.
import { describe, expect, it } from 'vitest'
import { Buffered, Rng, fnv1a64, mix64, splitmix64, streamState, ziggurat } from '@numeric/random/rng'
import { erfc } from '@numeric/special/erf'
import { ksCriticalValue, ksStatistic } from '@numeric/stats/ks'

const M64 = (1n << 64n) - 1n
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & M64

/** xoshiro256** exactly as in Blackman & Vigna's xoshiro256starstar.c, on BigInt */
function xoshiroRef(s: bigint[]) {
  return () => {
    const result = (rotl((s[1] * 5n) & M64, 7n) * 9n) & M64
    const t = (s[1] << 17n) & M64
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45n)
    return result
  }
}

/** splitmix64.c (Vigna), BigInt */
function splitmixRef(seed: bigint) {
  let x = seed
  return () => {
    x = (x + 0x9e3779b97f4a7c15n) & M64
    let z = x
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64
    return z ^ (z >> 31n)
  }
}

const Phi = (x: number) => 0.5 * erfc(-x / Math.SQRT2)

describe('xoshiro256** and splitmix64: known answers', () => {
  it('xoshiro256** from state (1, 2, 3, 4) gives the published reference outputs', () => {
    // reference sequence (rand_xoshiro's test of the C reference implementation), also recomputed here
    const published = [
      11520n, 0n, 1509978240n, 1215971899390074240n, 1216172134540287360n, 607988272756665600n,
      16172922978634559625n, 8476171486693032832n, 10595114339597558777n, 2904607092377533576n
    ]
    const ref = xoshiroRef([1n, 2n, 3n, 4n])
    const r = Rng.fromState([1n, 2n, 3n, 4n])
    for (const want of published) {
      expect(ref()).toBe(want)
      expect(r.nextBigInt()).toBe(want)
    }
    // and far along the sequence
    for (let i = 0; i < 10_000; i++) expect(r.nextBigInt()).toBe(ref())
  })

  it('splitmix64 from seed 1234567 gives the published outputs', () => {
    const sm = splitmix64(1234567n)
    const ref = splitmixRef(1234567n)
    for (const want of [6457827717110365317n, 3203168211198807973n, 9817491932198370423n, 4593380528125082431n, 16408922859458223821n]) {
      expect(sm.next()).toBe(want)
      expect(ref()).toBe(want)
    }
  })

  it('a named stream is xoshiro256** seeded by splitmix64 at mix64(fnv1a64(name)) ⊕ seed', () => {
    for (const [seed, name] of [[0, 'features'], [7, 'train'], [4294967295, 'test']] as const) {
      // FNV-1a 64 by its definition
      let h = 0xcbf29ce484222325n
      for (const ch of name) h = ((h ^ BigInt(ch.charCodeAt(0))) * 0x100000001b3n) & M64
      expect(fnv1a64(name)).toBe(h)
      const sm = splitmixRef(mix64(h) ^ BigInt(seed))
      const st = [sm(), sm(), sm(), sm()]
      expect(streamState(seed, name)).toEqual(st)
      const ref = xoshiroRef(st)
      const r = Rng.stream(seed, name)
      for (let i = 0; i < 100; i++) expect(r.nextBigInt()).toBe(ref())
      // uniform() = (x >> 11)·2^−53 of the next output
      expect(r.uniform()).toBe(Number(ref() >> 11n) * 2 ** -53)
    }
  })

  it('the engine stream names have distinct keys in their high 32 bits (no (seed, name) collisions)', () => {
    const names = ['features', 'teacher', 'student', 'latentParams', 'latentStandardize', 'train', 'test', 'teacher/v', 'student/v']
    const hi = new Set(names.map((n) => mix64(fnv1a64(n)) >> 32n))
    expect(hi.size).toBe(names.length)
  })
})

/** number of positions where two arrays differ (Object.is: NaN = NaN, +0 ≠ −0); toEqual is slow on long typed arrays */
function differing(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Infinity
  let d = 0
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) d++
  return d
}

describe('bulk fills: the WebAssembly kernel equals the JavaScript reference bit for bit', () => {
  it('normals and uniforms, odd lengths, offsets, Float32 targets', () => {
    for (const name of ['a', 'b']) {
      const a = Rng.stream(11, name)
      const b = Rng.stream(11, name)
      const n = 50_001 // > one kernel chunk, odd
      const x = new Float64Array(n + 3)
      const y = new Float64Array(n + 3)
      a.fillNormal(x, 3)
      b.fillNormalJs(y, 3)
      expect(differing(x, y)).toBe(0)
      a.fillUniform(x, 0, 777)
      b.fillUniformJs(y, 0, 777)
      expect(differing(x, y)).toBe(0)
      const xf = new Float32Array(1000)
      const yf = new Float32Array(1000)
      a.fillNormal(xf)
      b.fillNormalJs(yf)
      expect(differing(xf, yf)).toBe(0)
      expect(a.nextBigInt()).toBe(b.nextBigInt())
    }
  })
  it('the rare branch (wedges, the tail beyond r: a function of its own in the kernel) equals the reference, tail draws of both signs included', () => {
    const a = Rng.stream(12, 'rare')
    const b = Rng.stream(12, 'rare')
    const n = 200_000
    const x = new Float64Array(n)
    const y = new Float64Array(n)
    a.fillNormal(x)
    b.fillNormalJs(y)
    expect(differing(x, y)).toBe(0)
    // P(|x| > r) = erfc(r/√2) = 2.6e−4 (r ≈ 3.654): ~50 of the 200 000 draws come from the tail
    const tail = x.filter((v) => Math.abs(v) > ziggurat.r).length
    expect(tail).toBeGreaterThan(20)
    expect(x.some((v) => v < -ziggurat.r) && x.some((v) => v > ziggurat.r)).toBe(true)
    expect(a.nextBigInt()).toBe(b.nextBigInt())
  })
})

describe('Buffered single draws', () => {
  it("serve the stream's bulk fills in order: uniforms and normals each from their own blocks", () => {
    const b = new Buffered(Rng.stream(4, 'buf'))
    const u = Array.from({ length: 5000 }, () => b.uniform()) // crosses a block boundary
    const z = Array.from({ length: 10 }, () => b.normal())
    const ref = Rng.stream(4, 'buf')
    const U = new Float64Array(8192)
    ref.fillUniform(U)
    const Z = new Float64Array(10)
    ref.fillNormal(Z)
    expect(differing(u, U.subarray(0, 5000))).toBe(0)
    expect(differing(z, Z)).toBe(0)
  })
})

describe('distributions', () => {
  it('the ziggurat: r and v solve the 256-layer equations (Marsaglia & Tsang: r ≈ 3.6541528853610088)', () => {
    expect(ziggurat.r).toBeCloseTo(3.6541528853610088, 12)
    expect(ziggurat.v).toBeCloseTo(4.92867323399e-3, 13)
  })

  it('uniforms: mean, variance (4 SE) and a 100-bin χ² test', () => {
    const n = 1_000_000
    const u = new Float64Array(n)
    Rng.stream(1, 'uniform-test').fillUniform(u)
    let m = 0, v = 0
    const bins = new Float64Array(100)
    let outside = 0
    for (const x of u) {
      if (!(x >= 0 && x < 1)) outside++
      m += x
      bins[Math.floor(x * 100)]++
    }
    expect(outside).toBe(0)
    m /= n
    for (const x of u) v += (x - m) ** 2
    v /= n - 1
    expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n))
    // Var of the sample variance: (μ4 − σ⁴)/n, μ4 = 1/80
    expect(Math.abs(v - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n))
    let chi2 = 0
    for (const c of bins) chi2 += (c - n / 100) ** 2 / (n / 100)
    // χ²(99) 0.9999 quantile ≈ 99 + 3.72·√198 = 151 (Wilson–Hilferty gives 150.4)
    expect(chi2).toBeLessThan(151)
  })

  it('normals: moments within 4 SE, the ziggurat tail mass P(|x| > r), χ² over 200 equiprobable bins, KS', () => {
    const n = 2_000_000
    const x = new Float64Array(n)
    Rng.stream(2, 'normal-test').fillNormal(x)
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0, tail = 0
    for (const z of x) {
      m1 += z
      m2 += z * z
      m3 += z * z * z
      m4 += z * z * z * z
      if (Math.abs(z) > ziggurat.r) tail++
    }
    m1 /= n; m2 /= n; m3 /= n; m4 /= n
    expect(Math.abs(m1)).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / n))
    expect(Math.abs(m3)).toBeLessThan(4 * Math.sqrt(15 / n))
    expect(Math.abs(m4 - 3)).toBeLessThan(4 * Math.sqrt(96 / n)) // Var z⁴ = 105 − 9
    // the tail branch: P(|z| > r) = erfc(r/√2) ≈ 2.6e−4
    const pT = erfc(ziggurat.r / Math.SQRT2)
    expect(Math.abs(tail - n * pT)).toBeLessThan(4 * Math.sqrt(n * pT))
    // 200 equiprobable bins under Φ (bisection for the bin of each draw)
    const edges = new Float64Array(199)
    for (let i = 1; i < 200; i++) {
      let lo = -10, hi = 10
      for (let it = 0; it < 80; it++) {
        const mid = 0.5 * (lo + hi)
        if (Phi(mid) < i / 200) lo = mid
        else hi = mid
      }
      edges[i - 1] = 0.5 * (lo + hi)
    }
    const counts = new Float64Array(200)
    for (const z of x) {
      let lo = 0, hi = 199
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (z < edges[mid]) hi = mid
        else lo = mid + 1
      }
      counts[lo]++
    }
    let chi2 = 0
    for (const c of counts) chi2 += (c - n / 200) ** 2 / (n / 200)
    // χ²(199) 0.9999 quantile ≈ 277 (Wilson–Hilferty)
    expect(chi2).toBeLessThan(277)
    expect(ksStatistic(x.subarray(0, 200_000), Phi)).toBeLessThan(ksCriticalValue(200_000, 0.001))
  })

  it('int(n) is uniform on {0, …, n−1}', () => {
    const r = Rng.stream(3, 'int-test')
    const c = new Float64Array(7)
    const n = 70_000
    for (let i = 0; i < n; i++) c[r.int(7)]++
    let chi2 = 0
    for (const k of c) chi2 += (k - n / 7) ** 2 / (n / 7)
    expect(chi2).toBeLessThan(27.9) // χ²(6) 0.9999 quantile
  })
})

describe('streams', () => {
  it('same (seed, name) ⇒ the same numbers; split streams are keyed by name, not by state', () => {
    const a = new Float64Array(1000), b = new Float64Array(1000)
    Rng.stream(5, 'x').fillNormal(a)
    Rng.stream(5, 'x').fillNormal(b)
    expect(differing(a, b)).toBe(0)
    const p = Rng.stream(5, 'x')
    p.fillNormal(b) // advancing the parent does not change its child
    const c1 = new Float64Array(10), c2 = new Float64Array(10)
    p.split('y').fillNormal(c1)
    Rng.stream(5, 'x/y').fillNormal(c2)
    expect(c1).toEqual(c2)
  })

  it('different names or seeds are uncorrelated: |corr| < 4/√n, and lagged correlation of one stream too', () => {
    const n = 200_000
    const corr = (x: Float64Array, y: Float64Array) => {
      let s = 0
      for (let i = 0; i < x.length; i++) s += x[i] * y[i]
      return s / x.length
    }
    const draw = (seed: number, name: string) => {
      const z = new Float64Array(n)
      Rng.stream(seed, name).fillNormal(z)
      return z
    }
    const a = draw(0, 'train'), b = draw(0, 'test'), c = draw(1, 'train')
    expect(Math.abs(corr(a, b))).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(corr(a, c))).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(corr(a.subarray(1), a.subarray(0, n - 1)))).toBeLessThan(4 / Math.sqrt(n))
  })
})
