import { describe, expect, it } from 'vitest'
import { corruptionTable, decodeFloat64, simplexPlane, trajectories } from '@renderer/lib/elasticity'
import type { RunRow } from '@shared/api'

describe('elasticity view helpers', () => {
  it('simplexPlane gives orthonormal u, v ⊥ 1, and the ETF of K = 3 projects to an equilateral triangle', () => {
    for (const K of [3, 4, 7]) {
      const [u, v] = simplexPlane(K)
      const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0)
      expect(dot(u, u)).toBeCloseTo(1, 12)
      expect(dot(v, v)).toBeCloseTo(1, 12)
      expect(dot(u, v)).toBeCloseTo(0, 12)
      expect(u.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12)
      expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12)
    }
    // class means d_k = e_k − 1/3 at one time: pairwise distances equal
    const series = [0, 1, 2].flatMap((k) => [0, 1, 2].map((j) => ({ name: `m[${k},${j}]`, t: [1], value: [(k === j ? 1 : 0) - 1 / 3] })))
    const pts = trajectories(series, 'm', 3, 3, 'simplex').map((tr) => tr.points[0])
    const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1])
    expect(dist(pts[0], pts[1])).toBeCloseTo(Math.SQRT2, 12)
    expect(dist(pts[1], pts[2])).toBeCloseTo(Math.SQRT2, 12)
    expect(dist(pts[0], pts[2])).toBeCloseTo(Math.SQRT2, 12)
  })

  it('decodes little-endian float64 artifacts', () => {
    const data = Float64Array.of(1.5, -2, Math.PI)
    const b64 = Buffer.from(data.buffer).toString('base64')
    expect(Array.from(decodeFloat64(b64))).toEqual([1.5, -2, Math.PI])
  })

  it('averages completed le-train runs per p_err, ascending, skipping others', () => {
    const row = (pErr: number, acc: number, status = 'completed', engine = 'le-train') =>
      ({ engine, status, spec: { pErr }, summary: { val: { lossFinal: 1 - acc, accFinal: acc }, estimate: { tailAlpha: 1, tailBeta: 2, L: { tailAlpha: 3, tailBeta: 4 } } } }) as unknown as RunRow
    const table = corruptionTable([row(0.5, 0.4), row(0, 1), row(0.5, 0.6), row(0.2, 0.9, 'running'), row(0.3, 0.1, 'completed', 'hmm')])
    expect(table.map((r) => r.pErr)).toEqual([0, 0.5])
    expect(table[1].valAcc).toBeCloseTo(0.5, 12)
    expect(table[1].runs).toBe(2)
    expect(table[0].tailBetaL).toBe(4)
  })
})

describe('trajectories, normalised', () => {
  it('divides each class mean by its norm before projecting', () => {
    const series = [0, 1].map((j) => ({ name: `m[0,${j}]`, t: [1, 2], value: [j === 0 ? 3 : 4, j === 0 ? 30 : 40] }))
    const [tr] = trajectories(series, 'm', 1, 2, 'coordinates', true)
    expect(tr.points[0][0]).toBeCloseTo(0.6, 12)
    expect(tr.points[1][1]).toBeCloseTo(0.8, 12)
  })
})
