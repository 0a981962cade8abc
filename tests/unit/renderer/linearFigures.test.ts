// Data shaping of the Linear view: artifacts decoded, the histogram staircase, the learning-time
// scatter, double-descent curves grouped per SNR on one axis.
import { describe, expect, it } from 'vitest'
import { band, decodeArtifact, doubleDescentCurves, histogramSteps, learningTimes } from '@renderer/lib/linearFigures'

describe('linear figures', () => {
  it('decodes little-endian float64 artifacts', () => {
    const values = Float64Array.from([1.5, -2, Math.PI, 0])
    const base64 = Buffer.from(values.buffer).toString('base64')
    expect([...decodeArtifact({ base64 })]).toEqual([...values])
  })

  it('draws the histogram as steps', () => {
    const { empirical, mp } = histogramSteps(Float64Array.from([0, 1, 0.2, 0.25, 1, 2, 0.4, 0.35]))
    expect(empirical).toEqual([[0, 0.2], [1, 0.2], [1, 0.4], [2, 0.4]])
    expect(mp).toEqual([[0, 0.25], [1, 0.25], [1, 0.35], [2, 0.35]])
  })

  it('keeps learned modes only and draws t = 1/λ over their range', () => {
    const { measured, theory } = learningTimes(Float64Array.from([0, 0.5, 2, 4]), Float64Array.from([NaN, 2.1, 0.49, Infinity]))
    expect(measured).toEqual([[0.5, 2.1], [2, 0.49]])
    expect(theory[0]).toEqual([0.5, 2])
    expect(theory.at(-1)![0]).toBeCloseTo(2, 12)
  })

  it('groups double-descent series per SNR on the union of their axes', () => {
    const s = (name: string, t: number[], value: number[]) => ({ name, t, value })
    const curves = doubleDescentCurves([
      s('theory/Eg_long/snr=4', [0.5, 1, 2], [1, 5, 0.5]),
      s('theory/Eg_infinity/snr=4', [0.5, 2], [1, 0.5]),
      s('gd/Eg_long/snr=4', [0.5, 1, 2], [1.1, 4, 0.6]),
      s('gd/Eg_long/snr=4/se', [0.5, 1, 2], [0.1, 1, 0.05]),
      s('theory/Eg_long/snr=16', [0.5, 1, 2], [0.8, 9, 0.2])
    ])
    expect(curves.map((c) => c.snr)).toEqual([4, 16])
    expect(curves[0].t).toEqual([0.5, 1, 2])
    expect(curves[0].theory.infinity).toEqual([1, null, 0.5])
    expect(curves[0].gd.early).toEqual([null, null, null])
    const b = band(curves[0].gd.long, curves[0].gd.longSe)
    ;[1, 3, 0.55].forEach((v, i) => expect(b.lower[i]).toBeCloseTo(v, 14))
    ;[1.2, 5, 0.65].forEach((v, i) => expect(b.upper[i]).toBeCloseTo(v, 14))
    expect(band([1, null], [null, 1])).toEqual({ lower: [null, null], upper: [null, null] })
  })
})
