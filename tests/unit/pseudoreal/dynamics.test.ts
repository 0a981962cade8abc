import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import { LatentKde } from '@engines/pseudoreal/kde'
import { kdeLatent, pseudoRealInstance, pseudoRealOde } from '@engines/pseudoreal/dynamics'
import { randomTeacher } from '@engines/pseudoreal/pseudoTeacher'

describe('kdeLatent', () => {
  const P = 6, D = 3
  const C = Float64Array.from({ length: P * D }, (_, i) => Math.sin(1.7 * i) * (1 + (i % 3)))
  const labels = [0, 1, 2, 3, 4, 5]
  const kde = new LatentKde(C, P, D, { bandwidth: 0.4, labels })

  it('draws exactly what the KDE draws from the same stream, labels included', () => {
    const lat = kdeLatent(kde, Rng.stream(1, 'sgd'))
    const a = new Float64Array(50 * D), la = new Int32Array(50)
    lat.sample(a, 50, la)
    const b = new Float64Array(50 * D), lb = new Int32Array(50)
    kde.sample(b, 50, Rng.stream(1, 'sgd'), lb)
    expect(Array.from(a)).toEqual(Array.from(b))
    expect(Array.from(la)).toEqual(Array.from(lb))
    // withStream: another stream, same distribution object
    const other = lat.withStream(Rng.stream(2, 'sgd'))
    other.sample(b, 50)
    expect(Array.from(a)).not.toEqual(Array.from(b))
  })

  it('reports the mixture’s per-dimension mean and variance (checked by sampling)', () => {
    const lat = kdeLatent(kde, Rng.stream(3, 'm'))
    const B = 200_000
    const out = new Float64Array(B * D)
    lat.sample(out, B)
    for (let r = 0; r < D; r++) {
      let m = 0, v = 0
      for (let b = 0; b < B; b++) m += out[b * D + r] / B
      for (let b = 0; b < B; b++) v += (out[b * D + r] - m) ** 2 / B
      expect(Math.abs(m - lat.mean[r])).toBeLessThan(4 * Math.sqrt(lat.variance[r] / B))
      expect(v / lat.variance[r]).toBeCloseTo(1, 1)
    }
    expect(Array.from(lat.shift)).toEqual([0, 0, 0])
  })
})

describe('pseudoRealOde', () => {
  it('Ω from the fitted F, T and T̃ = w̃Ωw̃ᵀ/D from the teacher, μ1 and μ2 as given', () => {
    const D = 6, N = 15, M = 2, K = 2
    const rng = Rng.stream(4, 'ode')
    const F = new Float64Array(D * N)
    rng.fillNormal(F)
    const teacher = randomTeacher(M, D, 'erf', rng.split('t'))
    const w = new Float64Array(K * N)
    rng.split('w').fillNormal(w)
    const inst = pseudoRealInstance(F, N, teacher, { w, v: new Float64Array(K).fill(1) })
    const { constants: c } = pseudoRealOde(inst, { mu1: 0.41, mu2: 0.23 })
    expect(c.mu1).toBe(0.41)
    expect(c.mu2).toBe(0.23)
    expect(c.zeta).toBeCloseTo(0.23 - 0.41 ** 2, 15)
    expect(c.delta).toBeCloseTo(D / N, 15)
    // Ω = FFᵀ/N by hand
    const omega = (a: number, b: number) => {
      let s = 0
      for (let i = 0; i < N; i++) s += F[a * N + i] * F[b * N + i]
      return s / N
    }
    // Σ ρ = tr Ω
    let tr = 0
    for (let a = 0; a < D; a++) tr += omega(a, a)
    expect(c.rho.reduce((x, y) => x + y, 0)).toBeCloseTo(tr, 12)
    for (let m = 0; m < M; m++)
      for (let n = 0; n < M; n++) {
        let t = 0, tt = 0
        for (let a = 0; a < D; a++) {
          t += teacher.w[m * D + a] * teacher.w[n * D + a]
          for (let b = 0; b < D; b++) tt += teacher.w[m * D + a] * omega(a, b) * teacher.w[n * D + b]
        }
        expect(c.T[m * M + n]).toBeCloseTo(t / D, 12)
        expect(c.tildeT[m * M + n]).toBeCloseTo(tt / D, 12)
      }
  })

  it('refuses shapes that do not match', () => {
    const teacher = randomTeacher(2, 4, 'erf', Rng.stream(1, 'x'))
    expect(() => pseudoRealInstance(new Float64Array(10), 3, teacher, { w: new Float64Array(6), v: new Float64Array(2) })).toThrow()
  })
})
