import { describe, expect, it } from 'vitest'
import { erf } from '@numeric/special/erf'
import { Rng } from '@numeric/random/rng'
import {
  TeacherObjective, accuracy, fitTeacher, parityLabel, randomTeacher, teacherOutput, teacherSignificance, type PseudoTeacher
} from '@engines/pseudoreal/pseudoTeacher'
import { worstGradError } from './helpers'

const gOf = { erf: (x: number) => erf(x / Math.SQRT2), tanh: Math.tanh, linear: (x: number) => x } as const

function data(n: number, D: number, seed: number) {
  const rng = Rng.stream(seed, 'test/teacher')
  const c = new Float64Array(n * D)
  rng.fillNormal(c)
  const y = Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1))
  return { c, y }
}

describe('pseudo-teacher', () => {
  it('parity labels: odd digits +1, even −1', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(parityLabel)).toEqual([-1, 1, -1, 1, -1, 1, -1, 1, -1, 1])
  })

  it('output and accuracy on a hand example (M = 2, D = 4, erf)', () => {
    const t: PseudoTeacher = { M: 2, D: 4, g: 'erf', w: Float64Array.from([1, 0, 0, 0, 0, 2, 0, 0]), v: Float64Array.from([1, -0.5]) }
    const c = Float64Array.from([2, 1, 0, 0, -2, 1, 9, 9])
    const out = teacherOutput(t, c, 2, new Float64Array(2))
    // ν = w·c/√4: sample 1 → (1, 1): ŷ = erf(1/√2) − 0.5 erf(1/√2); sample 2 → (−1, 1): ŷ = −1.5 erf(1/√2)
    const e1 = erf(1 / Math.SQRT2)
    expect(out[0]).toBeCloseTo(0.5 * e1, 15)
    expect(out[1]).toBeCloseTo(-1.5 * e1, 15)
    expect(accuracy(t, c, [1, 1], 2)).toBe(0.5)
    expect(accuracy(t, c, [1, -1], 2)).toBe(1)
  })

  for (const trainV of [false, true])
    for (const g of ['erf', 'tanh', 'linear'] as const) {
      const n = 37, D = 9, M = 3
      const opts = { M, g, lambdaT: 0.8, trainV }
      it(`${g}, trainV=${trainV}: loss equals the term-by-term sum and the gradient matches finite differences`, () => {
        const { c, y } = data(n, D, 11)
        const obj = new TeacherObjective(c, y, n, D, opts)
        const theta = new Float64Array(obj.size)
        Rng.stream(2, 'theta').fillNormal(theta)
        const grad = new Float64Array(obj.size)
        const L = obj.evaluate(theta, grad)
        // brute force
        const v = trainV ? theta.subarray(M * D) : [1, 1, 1]
        let mse = 0
        for (let s = 0; s < n; s++) {
          let yh = 0
          for (let m = 0; m < M; m++) {
            let nu = 0
            for (let r = 0; r < D; r++) nu += theta[m * D + r] * c[s * D + r]
            yh += v[m] * gOf[g](nu / Math.sqrt(D))
          }
          mse += (yh - y[s]) ** 2 / n
        }
        let pen = 0
        for (let a = 0; a < M; a++)
          for (let b = 0; b < M; b++) {
            if (a === b) continue
            let t = 0
            for (let r = 0; r < D; r++) t += theta[a * D + r] * theta[b * D + r]
            pen += (t / D) ** 2
          }
        expect(L).toBeCloseTo(mse + (0.8 * pen) / (M * M), 12)
        expect(obj.last!.mse).toBeCloseTo(mse, 12)
        // finite differences, every coordinate
        const scratch = new Float64Array(obj.size)
        const h = 1e-6
        const worst = worstGradError((th) => obj.evaluate(th, scratch), theta, grad, h, theta.keys())
        expect(worst).toBeLessThan(1e-6)
      })
    }

  it('learns labels planted by a teacher of the same form; significant against random teachers', () => {
    const D = 20, M = 2, nTrain = 2000, nTest = 3000
    const rng = Rng.stream(4, 'test/planted')
    const planted = randomTeacher(M, D, 'erf', rng.split('planted'))
    const c = new Float64Array((nTrain + nTest) * D)
    rng.split('c').fillNormal(c)
    const yhat = teacherOutput(planted, c, nTrain + nTest, new Float64Array(nTrain + nTest))
    const y = Float64Array.from(yhat, (v) => (v > 0 ? 1 : -1))
    const gen = fitTeacher(c, y, nTrain, D, { M, g: 'erf', lambdaT: 0.1, iterations: 200, history: 10, trainV: false }, rng.split('fit'))
    let r = gen.next()
    const losses: number[] = []
    while (!r.done) {
      losses.push(r.value.loss)
      r = gen.next()
    }
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThanOrEqual(losses[i - 1])
    const t = r.value.teacher
    const cTest = c.subarray(nTrain * D)
    const yTest = y.subarray(nTrain)
    const sig = teacherSignificance(t, cTest, yTest, nTest, rng.split('random'), { randomTeachers: 30, batches: 30 })
    expect(sig.accuracy).toBeGreaterThan(0.93)
    // random teachers: symmetric around 1/2 (w̃ and −w̃ are equally likely)
    expect(Math.abs(sig.randomAccuracy - 0.5)).toBeLessThan(0.15)
    expect(sig.batchAccuracies.length).toBe(30)
    expect(sig.randomAccuracies.length).toBe(30)
    expect(sig.t).toBeGreaterThan(5)
    expect(sig.pGreater).toBeLessThan(1e-6)
    expect(sig.p).toBeCloseTo(2 * sig.pGreater, 12)
  })

  it('a teacher no better than chance is not significant', () => {
    // labels independent of c: the "trained" teacher is itself random
    const D = 10, n = 3000
    const { c, y } = data(n, D, 21)
    const rng = Rng.stream(9, 'test/null')
    const t = randomTeacher(2, D, 'erf', rng.split('t'))
    const sig = teacherSignificance(t, c, y, n, rng.split('r'), { randomTeachers: 40, batches: 30 })
    expect(Math.abs(sig.accuracy - 0.5)).toBeLessThan(0.05)
    expect(sig.p).toBeGreaterThan(0.001)
  })
})
