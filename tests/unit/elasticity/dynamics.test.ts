// The LE-ODE against its closed forms, Euler–Maruyama's weak order on a linear SDE, the
// schedules' integrals, and the estimator on LE-ODE trajectories generated from known α(t), β(t).
import { describe, expect, it } from 'vitest'
import { expm } from '@numeric/linalg/expm'
import { eulerMaruyama } from '@numeric/sde/eulerMaruyama'
import { Rng } from '@numeric/random/rng'
import { applyDrift, driftMatrix } from '@models/localElasticity/drift'
import { solveLeOde } from '@models/localElasticity/leOde'
import { schedule } from '@models/localElasticity/schedule'
import { estimateIntegrated, rateFromIntegral, tailIndex } from '@models/localElasticity/estimate'
import type { LeSchedule } from '@shared/specs/leSchedule'

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0
  let den = 0
  for (let i = 0; i < a.length; i++) (num += (a[i] - b[i]) ** 2), (den += b[i] ** 2)
  return Math.sqrt(num / den)
}
const matVec = (M: Float64Array, x: Float64Array, n: number) => {
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] += M[i * n + j] * x[j]
  return y
}

describe('LE drift', () => {
  it('is the block matrix (E ⊗ P) ∘ H written out: I-model (α I + β(11ᵀ − I))/K ⊗ I_p, L-model blocks E_kl d_l d_lᵀ/(K‖d_l‖²)', () => {
    const K = 3
    const [a, b] = [0.9, -0.4]
    const MI = driftMatrix('I', K, 2, a, b)
    for (let k = 0; k < K; k++)
      for (let l = 0; l < K; l++)
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 2; j++) expect(MI[(k * 2 + i) * 6 + l * 2 + j]).toBeCloseTo(i === j ? (k === l ? a : b) / K : 0, 15)
    const ML = driftMatrix('L', K, K, a, b)
    for (let k = 0; k < K; k++)
      for (let l = 0; l < K; l++)
        for (let i = 0; i < K; i++)
          for (let j = 0; j < K; j++) {
            const d = (r: number) => (r === l ? 1 : 0) - 1 / K
            const want = ((k === l ? a : b) * d(i) * d(j)) / ((K - 1) / K) / K
            expect(ML[(k * K + i) * K * K + l * K + j]).toBeCloseTo(want, 14)
          }
  })
})

describe('LE-ODE of the means', () => {
  for (const model of ['I', 'L'] as const)
    it(`${model}-model with constant α, β equals e^{Mt} X̄(0) (matrix exponential)`, () => {
      for (const [K, a, b] of [
        [3, 1, -0.2],
        [4, 0.5, 0.8],
        [5, -0.3, 0.1]
      ]) {
        const p = model === 'L' ? K : 2
        const x0 = new Float64Array(K * p)
        Rng.stream(K, 'x0').fillNormal(x0)
        const times = [0, 0.5, 3, 10]
        const sol = solveLeOde(model, K, p, () => a, () => b, x0, times, 0.01)
        const M = driftMatrix(model, K, p, a, b)
        times.forEach((t, r) => {
          const exact = matVec(expm(M.map((v) => v * t), K * p), x0, K * p)
          expect(relErr(sol[r], exact)).toBeLessThan(1e-9)
        })
      }
    })

  it('I-model with time-varying α, β equals G e^{(A+(K−1)B)/K} + D_k e^{(A−B)/K}', () => {
    const K = 4
    const p = 3
    const alpha = schedule({ kind: 'power', c: 2, a: 0.5, t0: 1 })
    const beta = schedule({ kind: 'tlogt', c: 0.7, t0: Math.E })
    const x0 = new Float64Array(K * p)
    Rng.stream(7, 'x0').fillNormal(x0)
    const T = 20
    const [sol] = solveLeOde('I', K, p, alpha.value, beta.value, x0, [T], 0.005)
    const A = alpha.integral(T)
    const B = beta.integral(T)
    const exact = new Float64Array(K * p)
    for (let j = 0; j < p; j++) {
      let G = 0
      for (let k = 0; k < K; k++) G += x0[k * p + j] / K
      for (let k = 0; k < K; k++) exact[k * p + j] = G * Math.exp((A + (K - 1) * B) / K) + (x0[k * p + j] - G) * Math.exp((A - B) / K)
    }
    expect(relErr(sol, exact)).toBeLessThan(1e-9)
  })
})

describe('schedules', () => {
  const cases: LeSchedule[] = [
    { kind: 'constant', value: -0.3 },
    { kind: 'power', c: 1.5, a: 0.7, t0: 1 },
    { kind: 'power', c: 1.5, a: 1, t0: 2 },
    { kind: 'tlogt', c: 2, t0: 3 },
    { kind: 'piecewise', breaks: [1, 4], values: [0.5, -1, 2] },
    { kind: 'table', t: [0.5, 1, 3], values: [1, 2, -1] }
  ]
  for (const s of cases)
    it(`${s.kind}: the integral is the quadrature of the value`, () => {
      const f = schedule(s)
      for (const T of [0.3, 2.5, 7]) {
        // midpoint rule: error O(h²) on smooth pieces, O(jump · h) ≈ 5e-5 across the piecewise jumps
        const N = 200_000
        let q = 0
        for (let i = 0; i < N; i++) q += f.value(((i + 0.5) * T) / N)
        expect(f.integral(T)).toBeCloseTo((q * T) / N, s.kind === 'piecewise' ? 3 : 5)
      }
    })
})

describe('Euler–Maruyama', () => {
  it('has weak order 1 for dX = AX dt + σ dB: errors of the mean and covariance halve with h', () => {
    // exact: E X_T = e^{AT} x0; Cov X_T = F₂₂ᵀ F₁₂ with F = e^{[[−A, σ²I], [0, Aᵀ]] T} (Van Loan 1978)
    const A = Float64Array.of(-1, 0.5, 0, -2)
    const sigma = 0.8
    const x0 = Float64Array.of(1, 1)
    const T = 1
    const mean = matVec(expm(A.map((v) => v * T), 2), x0, 2)
    const H = new Float64Array(16)
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) {
        H[i * 4 + j] = -A[i * 2 + j] * T
        H[(i + 2) * 4 + j + 2] = A[j * 2 + i] * T
      }
    H[0 * 4 + 2] = H[1 * 4 + 3] = sigma * sigma * T
    const F = expm(H, 4)
    const cov = new Float64Array(4)
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) cov[i * 2 + j] += F[(k + 2) * 4 + i + 2] * F[k * 4 + j + 2]

    const paths = 200_000
    const errors = [0.2, 0.1, 0.05].map((h) => {
      const X = new Float64Array(2 * paths)
      for (let i = 0; i < paths; i++) X.set(x0, 2 * i)
      const em = eulerMaruyama(
        2 * paths,
        (_t, x, out) => {
          for (let i = 0; i < paths; i++) {
            const u = x[2 * i]
            const v = x[2 * i + 1]
            out[2 * i] = A[0] * u + A[1] * v
            out[2 * i + 1] = A[2] * u + A[3] * v
          }
        },
        () => sigma,
        Rng.stream(11, `em/${h}`)
      )
      const steps = Math.round(T / h)
      for (let s = 0; s < steps; s++) em.step(s * h, h, X)
      const m = [0, 0]
      for (let i = 0; i < paths; i++) (m[0] += X[2 * i] / paths), (m[1] += X[2 * i + 1] / paths)
      const c = [0, 0, 0, 0]
      for (let i = 0; i < paths; i++)
        for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) c[a * 2 + b] += ((X[2 * i + a] - m[a]) * (X[2 * i + b] - m[b])) / (paths - 1)
      return { mean: Math.hypot(m[0] - mean[0], m[1] - mean[1]), cov: Math.hypot(...c.map((v, i) => v - cov[i])) }
    })
    // Monte Carlo error ≈ 0.5/√paths ≈ 1e-3, well below the biases (≈ 0.05, 0.025, 0.012)
    expect(errors[0].mean / errors[1].mean).toBeGreaterThan(1.6)
    expect(errors[0].mean / errors[1].mean).toBeLessThan(2.5)
    expect(errors[1].mean / errors[2].mean).toBeGreaterThan(1.5)
    expect(errors[1].mean / errors[2].mean).toBeLessThan(2.7)
    expect(errors[0].cov / errors[2].cov).toBeGreaterThan(2.5)
    expect(errors[0].cov / errors[2].cov).toBeLessThan(6)
  })
})

describe('LE coefficient estimator', () => {
  // trajectories from known schedules; the estimator sees only the class means at record times
  const times = [0, ...Array.from({ length: 160 }, (_, i) => 0.1 * 1e4 ** (i / 159))] // 0.1 … 1000
  for (const [model, K, aS, bS] of [
    ['I', 3, { kind: 'power', c: 1.5, a: 0.5, t0: 1 }, { kind: 'power', c: 0.5, a: 0.8, t0: 1 }],
    ['I', 5, { kind: 'constant', value: 0.2 }, { kind: 'power', c: -0.3, a: 0.6, t0: 1 }],
    ['L', 3, { kind: 'power', c: 1.5, a: 0.5, t0: 1 }, { kind: 'power', c: -0.5, a: 0.8, t0: 1 }],
    ['L', 4, { kind: 'power', c: 1, a: 0.3, t0: 1 }, { kind: 'power', c: 0.4, a: 0.7, t0: 1 }]
  ] as const)
    it(`${model}-model, K = ${K}: α̂, β̂ within 2% (of max|α|) of α(t), β(t), and A, B exact`, () => {
      const alpha = schedule(aS as LeSchedule)
      const beta = schedule(bS as LeSchedule)
      const p = model === 'L' ? K : 3
      const x0 = new Float64Array(K * p)
      Rng.stream(K, `est/${model}`).fillNormal(x0)
      const means = solveLeOde(model, K, p, alpha.value, beta.value, x0, times, 0.01)
      const { A, B } = estimateIntegrated(model, K, p, means)
      times.forEach((t, r) => {
        expect(A[r]).toBeCloseTo(alpha.integral(t), 6)
        expect(B[r]).toBeCloseTo(beta.integral(t), 6)
      })
      const ra = rateFromIntegral(times, A, { grid: 200, window: 11, order: 2 })
      const rb = rateFromIntegral(times, B, { grid: 200, window: 11, order: 2 })
      const scale = Math.max(Math.abs(alpha.value(0.1)), Math.abs(beta.value(0.1)))
      for (let g = 10; g < 190; g++) {
        expect(Math.abs(ra.rate[g] - alpha.value(ra.t[g]))).toBeLessThan(0.02 * scale)
        expect(Math.abs(rb.rate[g] - beta.value(rb.t[g]))).toBeLessThan(0.02 * scale)
      }
    })

  it('tail index of c (t + 1)^{−a} over late times is a', () => {
    const t = Array.from({ length: 200 }, (_, i) => 10 ** (1 + (4 * i) / 199))
    for (const a of [0.3, 1, 1.7]) {
      expect(tailIndex(t, t.map((v) => 2 * (v + 1) ** -a))).toBeCloseTo(a, 2)
      expect(tailIndex(t, t.map((v) => -0.1 * (v + 1) ** -a))).toBeCloseTo(a, 2)
    }
  })

  it('drift: applyDrift agrees with the dense matrix', () => {
    const x = new Float64Array(16)
    Rng.stream(1, 'x').fillNormal(x)
    const out = new Float64Array(16)
    applyDrift('L', 4, 4, 0.3, -0.7, x, out)
    expect(relErr(out, matVec(driftMatrix('L', 4, 4, 0.3, -0.7), x, 16))).toBeLessThan(1e-15)
  })
})
