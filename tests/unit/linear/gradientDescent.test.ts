// Gradient descent against the closed forms: exact agreement of its iterates with the eigenbasis
// solution of the same instance, and the average over w̄, w(0), ε of eq. 1 for its dataset.
import { describe, expect, it } from 'vitest'
import { GradientDescent } from '@models/linear/gradientDescent'
import { drawInstance, gaussianVector, gram, rowTimes } from '@models/linear/instance'
import { instanceEg, instanceModes } from '@models/linear/instanceModes'
import { datasetEg, datasetSpectrum, FLOW } from '@models/linear/learningCurve'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'

const params = { sigmaW: 1, sigmaW0: 0.4, sigmaEps: 0.6 }
const eg = (wTeacher: Float64Array, w: Float64Array, sigmaEps: number) => wTeacher.reduce((s, v, i) => s + (v - w[i]) ** 2, 0) / w.length + sigmaEps ** 2

describe('gradient descent', () => {
  it('iterates identically in weight space and in sample space', () => {
    const inst = drawInstance({ N: 50, P: 20, ...params }, 1)
    const a = new GradientDescent({ N: 50, P: 20, X: inst.X, y: inst.y, w0: inst.w0, lr: 0.1, XXt: gram(inst.X, 50, 20) })
    const b = new GradientDescent({ N: 50, P: 20, X: inst.X, y: inst.y, w0: inst.w0, lr: 0.1 })
    expect(a.space).toBe('weights')
    expect(b.space).toBe('samples')
    a.advance(300)
    b.advance(300)
    const wa = a.weights()
    const wb = b.weights()
    for (let i = 0; i < 50; i++) expect(wa[i]).toBeCloseTo(wb[i], 11)
  })

  it('its iterates are the eigenbasis solution (1 − ηλ)^k of the same instance, for P > N and P < N', () => {
    for (const [N, P] of [
      [30, 50],
      [50, 30]
    ]) {
      const inst = drawInstance({ N, P, ...params }, 2)
      const xi = Float64Array.from(inst.noise, (v) => v / params.sigmaEps)
      const modes = instanceModes(inst.X, N, P, inst.wTeacher, inst.w0, xi)
      const gd = new GradientDescent({ N, P, X: inst.X, y: inst.y, w0: inst.w0, lr: 0.05 })
      for (const k of [1, 10, 100, 1000]) {
        gd.advance(k - gd.k)
        const measured = eg(inst.wTeacher, gd.weights(), params.sigmaEps)
        expect(Math.abs(instanceEg(modes, k, 0.05, params.sigmaEps) - measured) / measured, `N=${N} P=${P} k=${k}`).toBeLessThan(1e-10)
      }
    }
  })

  it('the frozen subspace (P < N) never moves: w(t) − w(0) stays in the span of the data', () => {
    const N = 40
    const P = 15
    const inst = drawInstance({ N, P, ...params }, 3)
    const gd = new GradientDescent({ N, P, X: inst.X, y: inst.y, w0: inst.w0, lr: 0.1 })
    gd.advance(2000)
    const moved = Float64Array.from(gd.weights(), (v, i) => v - inst.w0[i])
    const { values, vectors } = symmetricEigen(gram(inst.X, N, P), N)
    let drift = 0
    let total = 0
    for (let j = 0; j < N; j++) {
      let z = 0
      for (let i = 0; i < N; i++) z += moved[i] * vectors![i * N + j]
      if (j < N - P) drift += z * z
      total += z * z
    }
    expect(values[N - P - 1]).toBeLessThan(1e-12)
    expect(Math.sqrt(drift / total)).toBeLessThan(1e-12)
  })

  it('averaged over w̄, w(0), ε on a fixed dataset, its E_g is eq. 1 (exact for the step η, and the flow within the spread)', () => {
    const N = 30
    const P = 45
    const lr = 0.05
    const X = gaussianVector(N * P, 1 / Math.sqrt(N), 5, 'fixed/X')
    const lambdas = datasetSpectrum(symmetricEigen(gram(X, N, P), N, { vectors: false }).values, N, P)
    const checkpoints = [4, 40, 400]
    const draws = 300
    const samples = checkpoints.map(() => [] as number[])
    const XXt = gram(X, N, P)
    for (let r = 0; r < draws; r++) {
      const wTeacher = gaussianVector(N, params.sigmaW, r, 'teacher')
      const w0 = gaussianVector(N, params.sigmaW0, r, 'student')
      const y = rowTimes(wTeacher, X, N, P)
      const noise = gaussianVector(P, params.sigmaEps, r, 'noise')
      for (let m = 0; m < P; m++) y[m] += noise[m]
      const gd = new GradientDescent({ N, P, X, y, w0, lr, XXt })
      checkpoints.forEach((k, c) => {
        gd.advance(k - gd.k)
        samples[c].push(eg(wTeacher, gd.weights(), params.sigmaEps))
      })
    }
    checkpoints.forEach((k, c) => {
      const xs = samples[c]
      const mean = xs.reduce((a, b) => a + b, 0) / draws
      const se = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws - 1) / draws)
      const exact = datasetEg(lambdas, k * lr, params, { kind: 'gd', lr })
      const flow = datasetEg(lambdas, k * lr, params, FLOW)
      expect(Math.abs(mean - exact), `k = ${k}: GD mean ${mean} ± ${se}, eq. 1 with (1 − ηλ)^k ${exact}`).toBeLessThan(4 * se)
      expect(Math.abs(mean - flow), `k = ${k}: GD mean ${mean} ± ${se}, eq. 1 (flow) ${flow}`).toBeLessThan(4 * se + Math.abs(flow - exact))
      expect(se / mean).toBeLessThan(0.05) // the check has teeth
    })
  })
})

describe('range eigenbasis from the smaller Gram matrix', () => {
  it('N > P: the spectrum of XXᵀ and unit eigenvectors X u_j/√λ_j, as from XXᵀ itself', async () => {
    const { rangeBasis } = await import('@models/linear/rangeBasis')
    const N = 40
    const P = 15
    const inst = drawInstance({ N, P, ...params }, 6)
    const r = rangeBasis(inst.X, N, P, true)
    const direct = datasetSpectrum(symmetricEigen(gram(inst.X, N, P), N, { vectors: false }).values, N, P)
    for (let i = 0; i < N; i++) expect(r.lambdas[i]).toBeCloseTo(direct[i], 12)
    const C = gram(inst.X, N, P)
    for (let j = 0; j < P; j++) {
      const v = Float64Array.from({ length: N }, (_, i) => r.basis![i * P + j])
      expect(v.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12)
      for (let i = 0; i < N; i++) {
        let Cv = 0
        for (let k = 0; k < N; k++) Cv += C[i * N + k] * v[k]
        expect(Cv).toBeCloseTo(r.lambdas[N - P + j] * v[i], 11)
      }
    }
    expect(r.XXt).toBeNull()
  })
})
