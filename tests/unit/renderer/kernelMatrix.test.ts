// Helpers of the Kernels view: float64 artifacts decoded, matrices pooled for display, labels.
import { describe, expect, it } from 'vitest'
import { decodeFloat64, poolMatrix, withInterval } from '@renderer/lib/kernelMatrix'
import { parseHash } from '@renderer/lib/route'

describe('kernel charts helpers', () => {
  it('decodes a little-endian float64 artifact', () => {
    const data = Float64Array.from([1.5, -2, Math.PI])
    const b64 = Buffer.from(data.buffer).toString('base64')
    expect(Array.from(decodeFloat64(b64))).toEqual([1.5, -2, Math.PI])
  })
  it('pools a 5×5 matrix into 3×3 block means (blocks of 2, the last one partial)', () => {
    const M = Float64Array.from({ length: 25 }, (_, k) => k)
    const { values, size, block } = poolMatrix(M, 5, 3)
    expect(block).toBe(2)
    expect(size).toBe(3)
    expect(values[0][0]).toBe((0 + 1 + 5 + 6) / 4)
    expect(values[2][2]).toBe(24)
    expect(values[0][2]).toBe((4 + 9) / 2)
  })
  it('leaves small matrices alone', () => {
    const M = Float64Array.from([1, 2, 3, 4])
    expect(poolMatrix(M, 2).values).toEqual([[1, 2], [3, 4]])
  })
  it('labels an exponent with its interval', () => {
    expect(withInterval('α_D', 1.0264, [0.975, 1.0763])).toBe('α_D = 1.03 [0.975, 1.08]')
    expect(withInterval('α_P', undefined, undefined)).toBe('α_P: –')
  })
  it('#/kernels routes to the Kernels view', () => {
    expect(parseHash('#/kernels?run=abc')).toMatchObject({ name: 'kernels', query: { run: 'abc' } })
  })
})
