// choleskyJittered (numeric/linalg/cholesky.ts): the relative ridge the kernel solves use.
import { describe, expect, it } from 'vitest'
import { choleskyJittered } from '@numeric/linalg/cholesky'

describe('choleskyJittered', () => {
  it('factors A + jitter·mean(diag)·I: a singular PSD matrix becomes factorable, L Lᵀ reproduces the shifted matrix', () => {
    const A = Float64Array.from([1, 1, 1, 1]) // rank 1
    const L = choleskyJittered(A, 2, 1e-6)
    const shift = 1e-6
    expect(L[0] * L[0]).toBeCloseTo(1 + shift, 14)
    expect(L[2] * L[0]).toBeCloseTo(1, 14)
    expect(L[2] * L[2] + L[3] * L[3]).toBeCloseTo(1 + shift, 14)
    expect(Array.from(A)).toEqual([1, 1, 1, 1])
  })
  it('throws, naming the jitter, for an indefinite matrix', () => {
    expect(() => choleskyJittered(Float64Array.from([1, 2, 2, 1]), 2, 1e-12)).toThrow(/jitter of 1e-12/)
  })
})
