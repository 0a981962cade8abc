import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import { createQuadDots, dotsJs } from '@numeric/neighbours/dotTiles'
import { kNearest } from '@numeric/neighbours/knn'

/** the k smallest squared distances per row by the definition, O(n m d) */
function naive(x: Float64Array, n: number, y: Float64Array | null, m: number, d: number, k: number): Float64Array {
  const ref = y ?? x
  if (!y) m = n
  const out = new Float64Array(n * k)
  for (let i = 0; i < n; i++) {
    const ds: number[] = []
    for (let j = 0; j < m; j++) {
      if (!y && j === i) continue
      let s = 0
      for (let t = 0; t < d; t++) s += (x[i * d + t] - ref[j * d + t]) ** 2
      ds.push(s)
    }
    ds.sort((a, b) => a - b)
    for (let s = 0; s < k; s++) out[i * k + s] = ds[s]
  }
  return out
}

const normals = (rng: Rng, len: number) => {
  const a = new Float64Array(len)
  rng.fillNormal(a)
  return a
}

describe('quad dot kernel', () => {
  it('wasm SIMD is available and agrees bit for bit with the JS kernel', () => {
    const rng = Rng.stream(1, 'dots')
    const d = 7
    const wasm = createQuadDots()
    const js = createQuadDots(true)
    expect(wasm.simd).toBe(true)
    expect(js.simd).toBe(false)
    const quads = 5
    for (const q of [wasm, js]) q.reserve((quads * 4 * d + 16 * quads) * 8)
    const data = normals(rng, quads * 4 * d)
    wasm.view().set(data)
    js.view().set(data)
    const out = quads * 4 * d
    wasm.dots(0, 4 * d * 8, quads * 4 * d * 8, d, out * 8) // X quad 0 against quads 1..4
    js.dots(0, 4 * d * 8, quads * 4 * d * 8, d, out * 8)
    const a = wasm.view().slice(out, out + 64)
    const b = js.view().slice(out, out + 64)
    expect(Array.from(a)).toEqual(Array.from(b))
    // and the layout: out[16 q + 4 c + r] = Σ_t X_r[t] Y_c[t], element t of row r at [4t + r]
    const F = new Float64Array(out + 64)
    F.set(data)
    dotsJs(F, 0, 4 * d, quads * 4 * d, d, out)
    let s = 0
    for (let t = 0; t < d; t++) s += data[4 * t + 2] * data[2 * 4 * d + 4 * t + 1] // row 2 of quad 0 · row 1 of quad 2
    expect(F[out + 16 + 4 * 1 + 2]).toBeCloseTo(s, 12)
  })
})

describe('kNearest', () => {
  const shapes: [number, number, number, number][] = [
    [37, 29, 3, 1], // n, m not multiples of 4
    [101, 203, 7, 3],
    [64, 64, 1, 2], // d = 1
    [13, 5, 17, 5], // k = m
    [9, 300, 130, 1] // d > block
  ]
  for (const [n, m, d, k] of shapes)
    for (const preferJs of [false, true])
      it(`matches brute force exactly: n=${n} m=${m} d=${d} k=${k} ${preferJs ? 'js' : 'wasm'}`, () => {
        const rng = Rng.stream(n * 1000 + m, 'knn')
        const x = normals(rng, n * d)
        const y = normals(rng, m * d)
        for (const blockRows of [4, 12, undefined]) {
          const cross = kNearest(x, n, y, m, d, k, { preferJs, blockRows })
          const self = kNearest(x, n, null, n, d, Math.min(k, n - 1), { preferJs, blockRows })
          expect(Array.from(cross.dist2)).toEqual(Array.from(naive(x, n, y, m, d, k)))
          expect(Array.from(self.dist2)).toEqual(Array.from(naive(x, n, null, n, d, Math.min(k, n - 1))))
          // indices point at rows at those distances
          for (let i = 0; i < n; i++) {
            const j = cross.index[i * k]
            let s = 0
            for (let t = 0; t < d; t++) s += (x[i * d + t] - y[j * d + t]) ** 2
            expect(s).toBe(cross.dist2[i * k])
            expect(self.index[i * self.k]).not.toBe(i)
          }
        }
      })

  it('keeps full precision for tiny distances far from the origin (exact recomputation)', () => {
    const n = 200
    const x = new Float64Array(n * 2)
    for (let i = 0; i < n; i++) {
      x[2 * i] = 1e4 + i * 1e-6 // consecutive points 1e-6 apart, at |x| = 1e4
      x[2 * i + 1] = -1e4
    }
    const nb = kNearest(x, n, null, n, 2, 1)
    for (let i = 0; i < n; i++) {
      // the nearest is a neighbour in the chain, at the difference of the stored doubles
      const gaps = [i > 0 ? x[2 * i] - x[2 * i - 2] : Infinity, i < n - 1 ? x[2 * i + 2] - x[2 * i] : Infinity]
      expect(nb.dist2[i]).toBe(Math.min(...gaps) ** 2)
      expect(Math.abs(nb.index[i] - i)).toBe(1)
    }
  })

  it('refuses impossible k and short arrays', () => {
    const x = new Float64Array(10)
    expect(() => kNearest(x, 5, null, 5, 2, 5)).toThrow(RangeError)
    expect(() => kNearest(x, 5, new Float64Array(4), 2, 2, 3)).toThrow(RangeError)
    expect(() => kNearest(x, 6, null, 6, 2, 1)).toThrow(RangeError)
  })
})
