import { describe, expect, it } from 'vitest'
import { erf } from '@numeric/special/erf'
import { Rng } from '@numeric/random/rng'
import { jsResidual, makeResidual, type ResidualMap } from '@engines/pseudoreal/residual'

const maps: Record<ResidualMap, [(u: number) => number, (u: number) => number]> = {
  tanh: [Math.tanh, (u) => 1 - Math.tanh(u) ** 2],
  erf: [(u) => erf(u / Math.SQRT2), (u) => Math.sqrt(2 / Math.PI) * Math.exp(-u * u / 2)],
  linear: [(u) => u, () => 1]
}

describe('residual E = f(U) − X, U ← s·E⊙f′(U)', () => {
  const n = 1003 // not a multiple of 4: the SIMD kernel leaves the last 3 entries to JS
  const rng = Rng.stream(1, 'test/residual')
  const u0 = new Float64Array(n)
  rng.fillNormal(u0)
  // cover the clamp (|2u| > 40), tiny u, and the range where e^{2u} over/underflows
  u0[0] = 25; u0[1] = -25; u0[2] = 1e-12; u0[3] = -1e-300; u0[4] = 400; u0[5] = -800; u0[6] = 0
  for (let i = 7; i < 100; i++) u0[i] *= 8
  const px = new Uint8Array(n)
  for (let i = 0; i < n; i++) px[i] = rng.int(256)
  const s = 0.37

  for (const f of ['tanh', 'erf', 'linear'] as const) {
    it(`${f}: matches Math's f and f′ entry by entry`, () => {
      const r = makeResidual(f, n + 16)
      r.U.set(u0)
      const sse = r.run(px, 0, n, s)
      let ref = 0
      let worst = 0
      for (let i = 0; i < n; i++) {
        const e = maps[f][0](u0[i]) - (2 * px[i]) / 255 + 1
        ref += e * e
        worst = Math.max(worst, Math.abs(r.U[i] - s * e * maps[f][1](u0[i])))
      }
      expect(sse).toBeCloseTo(ref, 11)
      expect(worst).toBeLessThan(2e-15)
    })
  }

  it('tanh uses the WebAssembly SIMD kernel here, and it agrees with the JS loop to ~1 ulp', () => {
    const r = makeResidual('tanh', n)
    expect(r.kernel).toBe('wasm-simd')
    r.U.set(u0)
    const sse = r.run(px, 0, n, s)
    const ref = u0.slice()
    const sRef = jsResidual('tanh', ref, px, 0, n, s)
    expect(Math.abs(sse - sRef)).toBeLessThan(1e-12 * sRef)
    let worst = 0
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(r.U[i] - ref[i]))
    expect(worst).toBeLessThan(1e-15)
    expect(makeResidual('tanh', n, 'js').kernel).toBe('js')
  })

  it('works on an offset into the pixels and propagates NaN', () => {
    const r = makeResidual('tanh', 4)
    r.U.set([0, NaN, 1, -1])
    const big = new Uint8Array(10).fill(255)
    const sse = r.run(big, 6, 4, 1)
    expect(Number.isNaN(sse)).toBe(true)
    expect(r.U[0]).toBeCloseTo(-1, 15) // E = 0 − 1, f′(0) = 1
    expect(Number.isNaN(r.U[1])).toBe(true)
  })
})
