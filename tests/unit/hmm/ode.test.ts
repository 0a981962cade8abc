// The HMM ODE (MATH.md §3) against: an independent C++ integrator (fixture), the order
// parameters computed straight from the weights, itself at half the step, RK4, the Saad–Solla
// ODE it reduces to when Ω = I and f is linear, and the exact solution of its linear-g case.
import { describe, expect, it } from 'vitest'
import { Matrix } from 'ml-matrix'
import { analyticEg } from '@models/twoLayer/analyticEg'
import { integrals } from '@models/twoLayer/integrals'
import { integrateOde, type OdeOptions, type OdeSnapshot } from '@models/twoLayer/ode'
import { odeRecords } from '@models/twoLayer/odeRecords'
import {
  featureCovariance, odeStateFromInstance, odeStateFromSpec, orderParameters, orderParametersFromWeights,
  type OdeConstants, type OdeState
} from '@models/twoLayer/odeState'
import { recordTimes } from '@workers/records'
import { loadFixture, randomInstance, rng } from './helpers'

const fx = loadFixture()
const fixtureStart = () => odeStateFromSpec(fx.initialState, fx.N, fx.mu1, fx.mu2)
const fixtureOptions: OdeOptions = { lr: fx.lr, g: 'erf', trainSecondLayer: false, dt: fx.dt, method: 'euler' }
const run = (c: OdeConstants, s: OdeState, o: OdeOptions, times: number[]) => [...integrateOde(c, s, o, times)]
const SERIES = ['eg', 'Q00', 'Q01', 'Q11', 'R00', 'R01', 'R10', 'R11'] as const
const pick = (s: OdeSnapshot): Record<(typeof SERIES)[number], number> => ({
  eg: s.eg, Q00: s.Q[0], Q01: s.Q[1], Q11: s.Q[3], R00: s.R[0], R01: s.R[1], R10: s.R[2], R11: s.R[3]
})
const maxAbs = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs))

/** A state from per-τ overlaps Γ (K×D), ω (M×D) and a spectrum ρ: σ = ΓΓ, r = Γω, T, T̃. */
function synthetic(K: number, M: number, rho: Float64Array, seed: number, gScale: number, f: { mu1: number; mu2: number }, delta: number) {
  const D = rho.length
  const { normal } = rng(seed)
  const G = Float64Array.from({ length: K * D }, () => gScale * normal())
  const Om = Float64Array.from({ length: M * D }, normal)
  const sigma = new Float64Array(K * K * D)
  const r = new Float64Array(K * M * D)
  for (let k = 0; k < K; k++)
    for (let t = 0; t < D; t++) {
      for (let l = 0; l < K; l++) sigma[(k * K + l) * D + t] = G[k * D + t] * G[l * D + t]
      for (let m = 0; m < M; m++) r[(k * M + m) * D + t] = G[k * D + t] * Om[m * D + t]
    }
  const T = new Float64Array(M * M)
  const tildeT = new Float64Array(M * M)
  for (let m = 0; m < M; m++)
    for (let n = 0; n < M; n++)
      for (let t = 0; t < D; t++) {
        T[m * M + n] += (Om[m * D + t] * Om[n * D + t]) / D
        tildeT[m * M + n] += (rho[t] * Om[m * D + t] * Om[n * D + t]) / D
      }
  // W ≥ Σ/ρ_max-ish so that Q is a covariance: W = mean_τ ΓΓ / ρ_min-ish + a bit
  const W = new Float64Array(K * K)
  for (let k = 0; k < K; k++)
    for (let l = 0; l < K; l++) {
      for (let t = 0; t < D; t++) W[k * K + l] += (sigma[(k * K + l) * D + t] / rho[t]) / D
      if (k === l) W[k * K + l] += 0.1 * gScale * gScale
    }
  const constants: OdeConstants = {
    K, M, D, delta, mu1: f.mu1, mu2: f.mu2, zeta: f.mu2 - f.mu1 ** 2,
    vTeacher: new Float64Array(M).fill(1), T, tildeT, rho
  }
  return { constants, state: { sigma, r, W, v: new Float64Array(K).fill(1) } as OdeState }
}

describe('ODE from the fixture state (C++ reference, N=400, D=200, erf, sgn, η=0.2, Euler dt=0.01)', () => {
  it('reproduces eg, Q, R at every reference time to 1e-4 relative', () => {
    const { constants, state } = fixtureStart()
    const ref = fx.reference
    const snaps = run(constants, state, fixtureOptions, ref.t)
    expect(snaps).toHaveLength(ref.t.length)
    let worst = 0
    snaps.forEach((s, i) => {
      expect(s.t).toBe(ref.t[i])
      const got = pick(s)
      for (const key of SERIES) {
        const err = Math.abs(got[key] - ref[key][i]) / (Math.abs(ref[key][i]) + 1e-9)
        worst = Math.max(worst, err)
        if (!(err < 1e-4)) throw new Error(`${key} at t = ${ref.t[i]}: ${got[key]} vs ${ref[key][i]}`)
      }
    })
    console.log(`fixture: max relative error ${worst.toExponential(2)} over ${ref.t.length} times × ${SERIES.length} series`)
    // the curve moves a lot, so matching it is not an accident of a static state
    expect(ref.eg[0] / ref.eg[ref.eg.length - 1]).toBeGreaterThan(4)
  })

  it('halving dt moves ε_g by < 1e-3 relative', () => {
    const { constants, state } = fixtureStart()
    const t = fx.reference.t
    const a = run(constants, state, fixtureOptions, t)
    const b = run(constants, state, { ...fixtureOptions, dt: fx.dt / 2 }, t)
    const change = Math.max(...a.map((s, i) => Math.abs(s.eg - b[i].eg) / b[i].eg))
    console.log(`dt halving: max relative change of ε_g ${change.toExponential(2)}`)
    expect(change).toBeLessThan(1e-3)
    expect(change).toBeGreaterThan(0) // Euler is first order: the step does matter
  })

  it('Euler and RK4 agree; Euler converges at order 1, RK4 at order 4', () => {
    const { constants, state } = fixtureStart()
    const times = [0, 1, 2, 5, 10]
    const at = (method: 'euler' | 'rk4', dt: number) => run(constants, state, { ...fixtureOptions, method, dt }, times)
    // state distance: Q, R, W over all times, relative to the largest entry
    const dist = (a: OdeSnapshot[], b: OdeSnapshot[]) =>
      Math.max(...a.map((s, i) => Math.max(
        maxAbs(s.Q.map((x, j) => x - b[i].Q[j])), maxAbs(s.R.map((x, j) => x - b[i].R[j])), maxAbs(s.W.map((x, j) => x - b[i].W[j]))
      ))) / Math.max(...a.map((s) => Math.max(maxAbs(s.Q), maxAbs(s.R))))
    // (every time is on all grids: no interpolation error mixes in)
    const exact = at('rk4', 0.0025)
    const e1 = dist(at('euler', 0.02), exact)
    const e2 = dist(at('euler', 0.01), exact)
    const r1 = dist(at('rk4', 0.1), exact)
    const r2 = dist(at('rk4', 0.05), exact)
    console.log(`Euler(0.01) vs RK4: ${e2.toExponential(2)}; Euler ratio ${(e1 / e2).toFixed(2)}; RK4 errors ${r1.toExponential(2)}, ${r2.toExponential(2)}, ratio ${(r1 / r2).toFixed(1)}`)
    expect(e2).toBeLessThan(2e-3)
    expect(e1 / e2).toBeGreaterThan(1.8)
    expect(e1 / e2).toBeLessThan(2.2)
    expect(r1 / r2).toBeGreaterThan(12)
    expect(r1 / r2).toBeLessThan(20)
    expect(r2).toBeLessThan(1e-7)
  })

  it('does not mutate the initial state, and interpolates between grid steps', () => {
    const { constants, state } = fixtureStart()
    const copy = { sigma: state.sigma.slice(), r: state.r.slice(), W: state.W.slice(), v: state.v.slice() }
    const [a, mid, b] = run(constants, state, fixtureOptions, [0.1, 0.105, 0.11])
    expect(state).toEqual(copy)
    for (const key of ['Sigma', 'R', 'W', 'Q'] as const)
      mid[key].forEach((x, j) => expect(x).toBeCloseTo(0.5 * (a[key][j] + b[key][j]), 14))
    expect(mid.t).toBe(0.105)
    // the interpolated eg is the analytic eg of the interpolated order parameters
    expect(mid.eg).toBeCloseTo(analyticEg('erf', 2, 2, mid.Q, mid.R, constants.T, mid.v, constants.vTeacher), 15)
  })
})

describe('state from an instance', () => {
  for (const [N, D] of [[60, 30], [40, 80]]) {
    it(`N=${N}, D=${D}: Q, R, W, Σ, T, T̃ at t = 0 equal those computed from the weights`, () => {
      const K = 2
      const M = 3
      const inst = randomInstance(N, D, K, M, 17 + D)
      inst.v = Float64Array.from([0.6, -1.3])
      const mu1 = Math.sqrt(2 / Math.PI)
      const { constants, state } = odeStateFromInstance(inst, mu1, 1)
      const direct = orderParametersFromWeights(inst, mu1, 1)
      const op = orderParameters(constants, state)
      const close = (a: Float64Array, b: Float64Array) => a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(1e-12 * (1 + Math.abs(b[i]))))
      close(op.Q, direct.Q)
      close(op.R, direct.R)
      close(op.Sigma, direct.Sigma)
      close(state.W, direct.W)
      close(constants.T, direct.T)
      close(constants.tildeT, direct.tildeT)
      // the spectrum: Σ ρ_τ = tr Ω, and δ = D/N
      const omega = featureCovariance(inst.F, D, N)
      let tr = 0
      for (let i = 0; i < D; i++) tr += omega[i * D + i]
      expect(constants.rho.reduce((s, x) => s + x, 0)).toBeCloseTo(tr, 10)
      expect(constants.delta).toBe(D / N)
      // the integrator's first snapshot is the same state, with ε_g from it
      const [s0] = run(constants, state, { ...fixtureOptions, g: 'erf' }, [0])
      close(s0.Q, direct.Q)
      close(s0.R, direct.R)
      expect(s0.eg).toBeCloseTo(analyticEg('erf', K, M, direct.Q, direct.R, direct.T, inst.v, inst.vTeacher), 13)
      // non-trivial: Q differs from ζW alone, R is not zero
      expect(maxAbs(direct.R)).toBeGreaterThan(0.05)
    })
  }
})

describe('sanity and reductions', () => {
  // Ω = I (ρ_τ ≡ 1) and linear f (μ1 = μ2 = 1, ζ = 0): the HMM ODE is the Saad–Solla ODE for
  // (Q, R) = (Σ, mean r) in time t/δ — it closes on the means exactly.
  const D = 50
  const delta = 0.5
  const ss = (gScale: number) => synthetic(2, 2, new Float64Array(D).fill(1), 5, gScale, { mu1: 1, mu2: 1 }, delta)

  it('K = M = 2, erf, small η: ε_g sits on a plateau, then decays to ~0', () => {
    const { constants, state } = ss(0.01)
    const times = [0, 30, 60, 100, 150, 1500]
    const eg = run(constants, state, { ...fixtureOptions, lr: 0.1 }, times).map((s) => s.eg)
    console.log('plateau run ε_g:', eg.map((x) => x.toExponential(2)).join(' '))
    const plateau = eg.slice(1, 5)
    expect(Math.max(...plateau) / Math.min(...plateau)).toBeLessThan(1.02) // flat over t ∈ [30, 150]
    expect(plateau[0]).toBeLessThan(0.1 * eg[0]) // after an initial drop
    expect(eg[5]).toBeLessThan(1e-6 * eg[0]) // perfect learning
  })

  it('equals the Saad–Solla ODE (integrated here from I3, I4 directly) step for step', () => {
    const { constants, state } = ss(0.3)
    const { I3, I4 } = integrals('erf')
    const K = 2
    const n = 4
    const eta = 0.2
    const dt = 0.01
    // Saad & Solla (1995) with fixed v = ṽ = 1, time t' = t/δ:
    // dR_in/dt' = η Σ_c u_c I3(i,n,c),  dQ_ik/dt' = η Σ_c u_c (I3(i,k,c) + I3(k,i,c)) + η² J_ik
    const op = orderParameters(constants, state)
    const Q = op.Q.slice()
    const R = op.R.slice()
    const u = [-1, -1, 1, 1]
    const C = new Float64Array(n * n)
    const steps = 500
    for (let step = 0; step < steps; step++) {
      for (let i = 0; i < K; i++) {
        for (let k = 0; k < K; k++) C[i * n + k] = Q[i * K + k]
        for (let m = 0; m < 2; m++) C[i * n + K + m] = C[(K + m) * n + i] = R[i * 2 + m]
      }
      for (let m = 0; m < 2; m++) for (let p = 0; p < 2; p++) C[(K + m) * n + K + p] = constants.T[m * 2 + p]
      const dQ = new Float64Array(4)
      const dR = new Float64Array(4)
      for (let i = 0; i < K; i++) {
        for (let m = 0; m < 2; m++) for (let c = 0; c < n; c++) dR[i * 2 + m] += eta * u[c] * I3(C, n, i, K + m, c)
        for (let k = 0; k < K; k++)
          for (let c = 0; c < n; c++) {
            dQ[i * K + k] += eta * u[c] * (I3(C, n, i, k, c) + I3(C, n, k, i, c))
            for (let d = 0; d < n; d++) dQ[i * K + k] += eta * eta * u[c] * u[d] * I4(C, n, i, k, c, d)
          }
      }
      for (let j = 0; j < 4; j++) {
        Q[j] += (dt / delta) * dQ[j]
        R[j] += (dt / delta) * dR[j]
      }
    }
    const [snap] = run(constants, state, { ...fixtureOptions, lr: eta, dt }, [steps * dt])
    const diff = Math.max(maxAbs(snap.Q.map((x, j) => x - Q[j])), maxAbs(snap.R.map((x, j) => x - R[j])))
    console.log(`Saad–Solla reduction: max |Δ| = ${diff.toExponential(2)} after ${steps} steps`)
    expect(diff).toBeLessThan(1e-12)
    expect(maxAbs(snap.R.map((x, j) => x - op.R[j]))).toBeGreaterThan(0.05) // it moved
  })

  it('linear g: ε_g equals the exact solution of the linear system (matrix exponential)', () => {
    // For g linear and v fixed, p_τ = vᵀr(τ)ṽ, s_τ = vᵀσ(τ)v and w = vᵀWv obey (a = |v|²)
    //   dp_τ/dt = (ηa/δ)(−d_τ p_τ + μ1 ρ_τ ṽᵀT̃ṽ)
    //   ds_τ/dt = (ηa/δ)(−2d_τ s_τ + 2μ1 ρ_τ p_τ) + η²(ζρ_τ + μ1²ρ_τ²/δ) a² 2ε
    //   dw/dt = 2ηa(μ1 p̄ − ζw − μ1² s̄) + η² μ2 a² 2ε,   ε = ½(ṽᵀTṽ + ζw + μ1² s̄ − 2μ1 p̄)
    // a linear system y' = A y in y = (p, s, w, 1), solved exactly by y(t) = e^{At} y(0).
    const Dl = 20
    const { uniform } = rng(31)
    const rho = Float64Array.from({ length: Dl }, () => 0.2 + 2.3 * uniform())
    const mu1 = Math.sqrt(2 / Math.PI)
    const mu2 = 1
    const deltaL = 0.5
    const { constants, state } = synthetic(2, 3, rho, 8, 0.7, { mu1, mu2 }, deltaL)
    const v = Float64Array.from([0.8, -1.1])
    const vt = Float64Array.from([1, 0.5, -0.7])
    constants.vTeacher = vt
    state.v = v.slice()
    const eta = 0.3
    const zeta = mu2 - mu1 ** 2
    const a = v[0] ** 2 + v[1] ** 2
    const quad = (X: Float64Array, x: Float64Array, y: Float64Array, cols: number) => {
      let s = 0
      for (let i = 0; i < x.length; i++) for (let j = 0; j < y.length; j++) s += x[i] * X[i * cols + j] * y[j]
      return s
    }
    const tT = quad(constants.tildeT, vt, vt, 3)
    const Tvv = quad(constants.T, vt, vt, 3)
    const nY = 2 * Dl + 2
    const A = Matrix.zeros(nY, nY)
    const P = (t: number) => t
    const S = (t: number) => Dl + t
    const Wi = 2 * Dl
    const One = 2 * Dl + 1
    // 2ε as a linear form: Tvv + ζw + μ1² s̄ − 2μ1 p̄
    const addTwoEps = (row: number, coef: number) => {
      A.set(row, One, A.get(row, One) + coef * Tvv)
      A.set(row, Wi, A.get(row, Wi) + coef * zeta)
      for (let t = 0; t < Dl; t++) {
        A.set(row, S(t), A.get(row, S(t)) + (coef * mu1 * mu1) / Dl)
        A.set(row, P(t), A.get(row, P(t)) - (coef * 2 * mu1) / Dl)
      }
    }
    for (let t = 0; t < Dl; t++) {
      const d = zeta * deltaL + mu1 * mu1 * rho[t]
      A.set(P(t), P(t), (-eta * a * d) / deltaL)
      A.set(P(t), One, (eta * a * mu1 * rho[t] * tT) / deltaL)
      A.set(S(t), S(t), (-2 * eta * a * d) / deltaL)
      A.set(S(t), P(t), (2 * eta * a * mu1 * rho[t]) / deltaL)
      addTwoEps(S(t), eta * eta * (zeta * rho[t] + (mu1 * mu1 * rho[t] * rho[t]) / deltaL) * a * a)
    }
    A.set(Wi, Wi, -2 * eta * a * zeta)
    for (let t = 0; t < Dl; t++) {
      A.set(Wi, P(t), A.get(Wi, P(t)) + (2 * eta * a * mu1) / Dl)
      A.set(Wi, S(t), A.get(Wi, S(t)) - (2 * eta * a * mu1 * mu1) / Dl)
    }
    addTwoEps(Wi, eta * eta * mu2 * a * a)
    const y0 = new Float64Array(nY)
    for (let t = 0; t < Dl; t++) {
      for (let k = 0; k < 2; k++) {
        for (let m = 0; m < 3; m++) y0[P(t)] += v[k] * state.r[(k * 3 + m) * Dl + t] * vt[m]
        for (let l = 0; l < 2; l++) y0[S(t)] += v[k] * v[l] * state.sigma[(k * 2 + l) * Dl + t]
      }
    }
    y0[Wi] = quad(state.W, v, v, 2)
    y0[One] = 1
    const epsOf = (y: number[]) => {
      let pm = 0
      let sm = 0
      for (let t = 0; t < Dl; t++) {
        pm += y[P(t)] / Dl
        sm += y[S(t)] / Dl
      }
      return 0.5 * (Tvv + zeta * y[Wi] + mu1 * mu1 * sm - 2 * mu1 * pm)
    }
    const times = [0, 0.5, 2, 5, 10, 20]
    const exact = times.map((t) => epsOf(expm(A, t).mmul(Matrix.columnVector(Array.from(y0))).getColumn(0)))
    const rk = run(constants, state, { lr: eta, g: 'linear', trainSecondLayer: false, dt: 0.01, method: 'rk4' }, times)
    const eu = run(constants, state, { lr: eta, g: 'linear', trainSecondLayer: false, dt: 0.01, method: 'euler' }, times)
    const errRk = Math.max(...rk.map((s, i) => Math.abs(s.eg - exact[i]) / exact[i]))
    const errEu = Math.max(...eu.map((s, i) => Math.abs(s.eg - exact[i]) / exact[i]))
    console.log(`linear g: ε_g ${exact.map((x) => x.toFixed(4)).join(' ')}; RK4 rel. error ${errRk.toExponential(2)}, Euler ${errEu.toExponential(2)}`)
    expect(exact[0] / exact[exact.length - 1]).toBeGreaterThan(2)
    expect(errRk).toBeLessThan(2e-9)
    expect(errEu).toBeLessThan(1e-2)
  })
})

/** e^{At} by scaling and squaring of a 30-term Taylor series (‖At‖/2^s ≤ 1/2). */
function expm(A: Matrix, t: number): Matrix {
  const At = Matrix.mul(A, t) // (instance mul/div would scale A in place)
  const norm = Math.max(...At.to2DArray().map((row) => row.reduce((s, x) => s + Math.abs(x), 0)))
  const s = Math.max(0, Math.ceil(Math.log2(norm / 0.5)))
  const B = Matrix.div(At, 2 ** s)
  let term = Matrix.eye(A.rows)
  let sum = Matrix.eye(A.rows)
  for (let k = 1; k <= 30; k++) {
    term = term.mmul(B).div(k)
    sum = sum.add(term)
  }
  for (let i = 0; i < s; i++) sum = sum.mmul(sum)
  return sum
}

describe('options', () => {
  it("the 'unrolled' and 'loops' τ-passes agree (K=3, M=2, relu, trained v, RK4)", () => {
    const { uniform } = rng(4)
    const rho = Float64Array.from({ length: 40 }, () => 0.1 + 3 * uniform())
    const { constants, state } = synthetic(3, 2, rho, 9, 0.8, { mu1: Math.sqrt(2 / Math.PI), mu2: 1 }, 0.4)
    const o: OdeOptions = { lr: 0.3, g: 'relu', trainSecondLayer: true, dt: 0.01, method: 'rk4' }
    const times = [0, 0.5, 1.5, 3]
    const a = run(constants, state, { ...o, kernel: 'unrolled' }, times)
    const b = run(constants, state, { ...o, kernel: 'loops' }, times)
    a.forEach((s, i) => {
      for (const key of ['Q', 'R', 'W', 'Sigma', 'v'] as const)
        s[key].forEach((x, j) => expect(Math.abs(x - b[i][key][j])).toBeLessThan(1e-12))
      expect(Number.isFinite(s.eg)).toBe(true)
    })
    expect(maxAbs(a[3].v.map((x, j) => x - a[0].v[j]))).toBeGreaterThan(1e-3) // v is trained
  })

  it('trained second layer: one Euler step moves v by dt·η Σ_c u_c I2(k, c)', () => {
    const { constants, state } = fixtureStart()
    const o: OdeOptions = { ...fixtureOptions, trainSecondLayer: true, dt: 0.01 }
    const [s0, s1] = run(constants, state, o, [0, 0.01])
    const { I2 } = integrals('erf')
    const C = new Float64Array(16)
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 2; k++) C[i * 4 + k] = s0.Q[i * 2 + k]
      for (let m = 0; m < 2; m++) C[i * 4 + 2 + m] = C[(2 + m) * 4 + i] = s0.R[i * 2 + m]
    }
    for (let m = 0; m < 2; m++) for (let p = 0; p < 2; p++) C[(2 + m) * 4 + 2 + p] = constants.T[m * 2 + p]
    const u = [-s0.v[0], -s0.v[1], 1, 1]
    for (let k = 0; k < 2; k++) {
      let dv = 0
      for (let c = 0; c < 4; c++) dv += fx.lr * u[c] * I2(C, 4, k, c)
      expect(s1.v[k] - s0.v[k]).toBeCloseTo(0.01 * dv, 14)
      expect(Math.abs(dv)).toBeGreaterThan(1e-3)
    }
  })

  it('rejects unsorted times and a non-positive dt', () => {
    const { constants, state } = fixtureStart()
    expect(() => run(constants, state, fixtureOptions, [1, 0.5])).toThrow(RangeError)
    expect(() => run(constants, state, { ...fixtureOptions, dt: 0 }, [0])).toThrow(RangeError)
  })
})

describe('odeRecords', () => {
  it('emits one point record per time with the named series, and progress every 1%', () => {
    const { constants, state } = fixtureStart()
    const times = recordTimes(0.01, 5, 50)
    const records = [...odeRecords(constants, state, fixtureOptions, times)]
    const points = records.filter((r) => r.type === 'point')
    const progress = records.filter((r) => r.type === 'progress')
    expect(points.map((p) => p.t)).toEqual(times)
    expect(Object.keys(points[0].values).sort()).toEqual(
      ['eg', 'Q[0,0]', 'Q[0,1]', 'Q[1,1]', 'R[0,0]', 'R[0,1]', 'R[1,0]', 'R[1,1]', 'W[0,0]', 'W[0,1]', 'W[1,1]',
        'Sigma[0,0]', 'Sigma[0,1]', 'Sigma[1,1]', 'v[0]', 'v[1]'].map((s) => `ode/${s}`).sort()
    )
    expect(progress.length).toBe(100)
    const fractions = progress.map((p) => p.fraction)
    fractions.slice(1).forEach((f, i) => expect(f).toBeGreaterThan(fractions[i]))
    expect(fractions[fractions.length - 1]).toBe(1)
    // values are the snapshot's
    const snaps = run(constants, state, fixtureOptions, times)
    points.forEach((p, i) => {
      expect(p.values['ode/eg']).toBe(snaps[i].eg)
      expect(p.values['ode/R[1,0]']).toBe(snaps[i].R[2])
    })
    // the generator returns the final state: the one a run continued from t = 5 would start at
    const gen = odeRecords(constants, state, fixtureOptions, times)
    let it = gen.next()
    while (!it.done) it = gen.next()
    const final = it.value!
    const op = orderParameters(constants, final)
    const last = snaps[snaps.length - 1]
    op.Q.forEach((x, j) => expect(x).toBeCloseTo(last.Q[j], 14))
    expect(final.sigma.length).toBe(constants.K * constants.K * constants.D)
    const custom = [...odeRecords(constants, state, fixtureOptions, [0, 1], 'theory')]
    expect(custom.find((r) => r.type === 'point')?.type === 'point' && 'theory/eg' in (custom[0] as { values: object }).values).toBe(true)
  })
})
