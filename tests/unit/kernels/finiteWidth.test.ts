// Finite networks (models/infiniteWidth/mlp.ts) and the kernel regime (kernelRegime.ts):
// backprop against finite differences; the NTK prediction against the exact gradient flow and
// gradient descent of the linearised network; the empirical kernels converging to the analytic
// ones at the n^{−1/2} rate (ntk-width engine).
import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import { cloneMlp, empiricalNtk, forward, gradient, initMlp, type Mlp } from '@models/infiniteWidth/mlp'
import { ntkPredictor } from '@models/infiniteWidth/kernelRegime'
import { ntkWidthEngine } from '@engines/ntkWidth/engine'
import { NtkWidthRunSpec } from '@shared/specs/ntkWidth'

const params = (net: Mlp) => [...net.W, ...net.b]

/** Jacobian ∂f(x_α)/∂θ_μ (m × p) by central differences, step h. */
function jacobianFd(net: Mlp, X: Float64Array, m: number, h = 1e-5): Float64Array[] {
  const rows: Float64Array[] = []
  for (const arr of params(net))
    for (let k = 0; k < arr.length; k++) {
      const keep = arr[k]
      arr[k] = keep + h
      const fp = forward(net, X, m).f
      arr[k] = keep - h
      const fm = forward(net, X, m).f
      arr[k] = keep
      rows.push(fp.map((v, i) => (v - fm[i]) / (2 * h)))
    }
  return rows // p rows of m
}

function setup(phi: 'tanh' | 'erf' | 'gelu', m = 5) {
  const d = 3
  const net = initMlp({ d, width: 6, depth: 2, phi, sigmaW2: 1.7, sigmaB2: 0.3 }, Rng.stream(5, `net/${phi}`))
  const X = new Float64Array(m * d)
  Rng.stream(5, 'x').fillNormal(X)
  return { net, X, d }
}

describe('hand-written backprop', () => {
  it.each(['tanh', 'erf', 'gelu'] as const)('%s: empirical NTK = J Jᵀ with J by finite differences (1e-7 relative)', (phi) => {
    const m = 5
    const { net, X } = setup(phi, m)
    const J = jacobianFd(net, X, m)
    const T = empiricalNtk(net, X, m)
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) {
        const s = J.reduce((acc, row) => acc + row[a] * row[b], 0)
        expect(Math.abs(T[a * m + b] - s)).toBeLessThan(1e-7 * Math.max(1, Math.abs(s)))
      }
  })
  it('gradient of Σ g_α f(x_α) = Jᵀ g', () => {
    const m = 5
    const { net, X } = setup('tanh', m)
    const J = jacobianFd(net, X, m)
    const g = Float64Array.from([0.3, -1.2, 0.5, 2, -0.7])
    const grad = gradient(net, X, forward(net, X, m), g)
    const flat = [...grad.W, ...grad.b].flatMap((a) => Array.from(a))
    J.forEach((row, mu) => expect(flat[mu]).toBeCloseTo(row.reduce((s, v, a) => s + v * g[a], 0), 7))
  })
})

describe('kernel-regime prediction = exact dynamics of the linearised network', () => {
  // f_lin(x; θ) = f_0(x) + J(x)(θ − θ_0); loss ½Σ(f − y)² on the train points; p = 73 parameters
  const nTr = 4
  const nTe = 3
  const m = nTr + nTe
  const { net, X } = setup('tanh', m)
  const J = jacobianFd(net, X, m, 1e-6)
  const p = J.length
  const f0 = forward(net, X, m).f
  const y = Float64Array.from([0.5, -0.3, 1.1, 0.2])
  const theta = (a: number, b: number) => J.reduce((s, row) => s + row[a] * row[b], 0)
  const thTrain = Float64Array.from({ length: nTr * nTr }, (_, k) => theta(Math.floor(k / nTr), k % nTr))
  const thTestTrain = Float64Array.from({ length: nTe * nTr }, (_, k) => theta(nTr + Math.floor(k / nTr), k % nTr))
  const eta = 0.05
  const pred = ntkPredictor(thTrain, thTestTrain, nTr, nTe, f0.slice(0, nTr), f0.slice(nTr), y, eta)
  /** f_lin at all m points for the displacement δ = θ − θ_0 */
  const fLin = (delta: Float64Array) => Float64Array.from({ length: m }, (_, a) => f0[a] + J.reduce((s, row, mu) => s + row[a] * delta[mu], 0))
  /** dδ/dt = −η Σ_α J_α (f_lin(x_α) − y_α) */
  const velocity = (delta: Float64Array) => {
    const f = fLin(delta)
    return Float64Array.from({ length: p }, (_, mu) => -eta * J[mu].slice(0, nTr).reduce((s, v, a) => s + v * (f[a] - y[a]), 0))
  }

  it('gradient flow (RK4 in parameter space, dt = 0.01) matches f_t on train and test points to 1e-9', () => {
    let delta = new Float64Array(p)
    const dt = 0.01
    const T = 3
    for (let s = 0; s < T / dt; s++) {
      const k1 = velocity(delta)
      const k2 = velocity(delta.map((v, i) => v + (dt / 2) * k1[i]))
      const k3 = velocity(delta.map((v, i) => v + (dt / 2) * k2[i]))
      const k4 = velocity(delta.map((v, i) => v + dt * k3[i]))
      delta = delta.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]))
    }
    const f = fLin(delta)
    const pr = pred.flow(T)
    for (let a = 0; a < nTr; a++) expect(Math.abs(f[a] - pr.train[a])).toBeLessThan(1e-9)
    for (let a = 0; a < nTe; a++) expect(Math.abs(f[nTr + a] - pr.test[a])).toBeLessThan(1e-9)
    // and the training residual has moved (the comparison is not between two unchanged functions)
    expect(Math.abs(pr.train[0] - f0[0])).toBeGreaterThan(1e-2)
  })

  it('gradient descent with step η on the linearised network matches f_k to 1e-10', () => {
    let delta = new Float64Array(p)
    const k = 40
    for (let s = 0; s < k; s++) {
      const v = velocity(delta)
      delta = delta.map((x, i) => x + v[i])
    }
    const f = fLin(delta)
    const pr = pred.steps(k)
    for (let a = 0; a < nTr; a++) expect(Math.abs(f[a] - pr.train[a])).toBeLessThan(1e-10)
    for (let a = 0; a < nTe; a++) expect(Math.abs(f[nTr + a] - pr.test[a])).toBeLessThan(1e-10)
  })

  it('the t → ∞ predictor interpolates the training labels', () => {
    const inf = pred.infinite()
    for (let a = 0; a < nTr; a++) expect(inf.train[a]).toBeCloseTo(y[a], 10)
  })

  it('training the real network a few tiny steps follows the linearised prediction to second order', () => {
    const net2 = cloneMlp(net)
    const Xtr = X.subarray(0, nTr * 3)
    const k = 5
    const lr = 1e-3
    for (let s = 0; s < k; s++) {
      const fw = forward(net2, Xtr, nTr)
      const g = fw.f.map((v, a) => v - y[a])
      const gr = gradient(net2, Xtr, fw, g)
      net2.W.forEach((w, l) => w.forEach((_, i) => (w[i] -= lr * gr.W[l][i])))
      net2.b.forEach((b, l) => b.forEach((_, i) => (b[i] -= lr * gr.b[l][i])))
    }
    const lin = ntkPredictor(thTrain, thTestTrain, nTr, nTe, f0.slice(0, nTr), f0.slice(nTr), y, lr).steps(k)
    const f = forward(net2, X, m).f
    const moved = Math.abs(f[0] - f0[0])
    expect(moved).toBeGreaterThan(1e-4)
    // the nonlinearity enters at O((η k)²)
    for (let a = 0; a < nTr; a++) expect(Math.abs(f[a] - lin.train[a])).toBeLessThan(1e-2 * moved)
  })
})

describe('ntk-width: the empirical NTK approaches the analytic one like n^{−1/2}', () => {
  it('fitted slope of ‖Θ̂ − Θ‖/‖Θ‖ against width: its interval holds −1/2, and it lies within 0.1 of it', () => {
    const spec = NtkWidthRunSpec.parse({ engine: 'ntk-width', depth: 2, inputs: { kind: 'gaussian', n: 8, d: 4, seed: 2 }, widths: [32, 64, 128, 256, 512, 1024], networks: 6, seed: 4 })
    const recs = [...ntkWidthEngine(spec)]
    const summary = recs.find((r) => r.type === 'summary')!.values as { fit: { ntk: { slope: number; slopeCI: [number, number] } } }
    const { slope, slopeCI } = summary.fit.ntk
    expect(Math.abs(slope + 0.5)).toBeLessThan(0.1)
    expect(slopeCI[0]).toBeLessThan(-0.5)
    expect(slopeCI[1]).toBeGreaterThan(-0.5)
  })
})
