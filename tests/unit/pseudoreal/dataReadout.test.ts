// The ODE's student tested on draws of the data (dataReadout.ts), pinned by
// - t = 0 (no SGD noise yet): the student it reads back from (σ, r) is w itself: ε_g equals
//   ½ mean (Σ_k v_k g(w_k·x/√N) − y)² over the same draws, computed here from w directly;
// - Gaussian data (f linear, Gaussian latents), where the closed form is exact: at t = 0 and after
//   the dynamics (mean weights plus SGD noise) the readout equals the ODE's closed-form ε_g within
//   its Monte Carlo error.
import { describe, expect, it } from 'vitest'
import { covariateMoments, covariateOde } from '@engines/pseudoreal/gaussianCovariate'
import { dataReadout } from '@engines/pseudoreal/dataReadout'
import { LatentKde } from '@engines/pseudoreal/kde'
import { activations, inputMaps } from '@models/twoLayer/activations'
import { integrateOde } from '@models/twoLayer/ode'
import { gemm } from '@numeric/linalg/gemm'
import { Rng } from '@numeric/random/rng'

function normals(n: number, rng: Rng, scale = 1): Float64Array {
  const a = new Float64Array(n)
  rng.fillNormal(a)
  for (let i = 0; i < n; i++) a[i] *= scale
  return a
}

function setup(f: 'tanh' | 'linear', P: number, D: number, N: number, seed: number) {
  const K = 2, M = 2
  const rng = Rng.stream(seed, 'readout-test')
  const C = normals(P * D, rng.split('C'))
  const kde = new LatentKde(C, P, D, { bandwidth: 0.05 })
  const F = normals(D * N, rng.split('F'))
  const wT = normals(M * D, rng.split('wT'), 1.5)
  const w = normals(K * N, rng.split('w'))
  const v = Float64Array.of(1, 1), vT = Float64Array.of(1, 1)
  const mu0 = new Float64Array(N)
  if (f === 'tanh') {
    const c = new Float64Array(20_000 * D)
    kde.sample(c, 20_000, rng.split('mu0'))
    const u = new Float64Array(20_000 * N)
    gemm(20_000, N, D, c, F, u, { alpha: 1 / Math.sqrt(D) })
    for (let i = 0; i < u.length; i++) mu0[i % N] += Math.tanh(u[i]) / 20_000
  } else for (let i = 0; i < N; i++) for (let r = 0; r < D; r++) mu0[i] += (kde.mean[r] * F[r * N + i]) / Math.sqrt(D)
  const mom = covariateMoments(kde, F, N, inputMaps[f], mu0, Rng.stream(seed, 'cov'), 40_000)
  const ode = covariateOde(mom, w, v, K, wT, vT, M)
  const readout = (samples: number, stream: string) =>
    dataReadout({ kde, F, N, f: inputMaps[f], mu0, V: ode.V, rho: ode.constants.rho, beta: ode.beta, teacher: { w: wT, v: vT, g: 'erf' }, g: 'erf', K, samples }, Rng.stream(seed, stream))
  return { K, M, D, N, kde, F, wT, w, v, vT, mu0, ode, readout }
}

describe('the ODE student tested on the data', () => {
  it('at t = 0 reads back the student w itself: ε_g on the same draws, computed from w, agrees to float32 rounding', () => {
    const s = setup('tanh', 400, 8, 60, 1)
    const n = 3000
    const got = s.readout(n, 'draws').eg(s.ode.state)
    // the same draws, in the readout's blocks of 256, and the student's fields from w directly
    const rng = Rng.stream(1, 'draws')
    const { D, N, K, M } = s
    const g = activations.erf.g
    let total = 0
    const c = new Float64Array(256 * D), x = new Float64Array(256 * N)
    for (let done = 0; done < n; done += 256) {
      const B = Math.min(256, n - done)
      s.kde.sample(c.subarray(0, B * D), B, rng)
      gemm(B, N, D, c.subarray(0, B * D), s.F, x.subarray(0, B * N), { alpha: 1 / Math.sqrt(D) })
      for (let b = 0; b < B; b++) {
        let out = 0
        for (let k = 0; k < K; k++) {
          let lam = 0
          for (let i = 0; i < N; i++) lam += s.w[k * N + i] * (Math.tanh(x[b * N + i]) - s.mu0[i])
          out += s.v[k] * g(lam / Math.sqrt(N))
        }
        let y = 0
        for (let m = 0; m < M; m++) {
          let nu = 0
          for (let r = 0; r < D; r++) nu += s.wT[m * D + r] * (c[b * D + r] - s.kde.mean[r])
          y += s.vT[m] * g(nu / Math.sqrt(D))
        }
        total += 0.5 * (out - y) ** 2
      }
    }
    const want = total / n
    expect(Math.abs(got - want)).toBeLessThan(1e-5 * want)
  })

  it('on Gaussian data equals the closed-form ε_g within its Monte Carlo error, at t = 0 and after the dynamics', () => {
    // D > N: Ω_x has full rank, so SGD's noise is spread over all N modes (with few modes its share of Q
    // would not concentrate, and no closed form in Q would hold)
    const s = setup('linear', 20_000, 200, 100, 2)
    const n = 40_000
    const readout = s.readout(n, 'draws')
    const snaps = [...{ [Symbol.iterator]: () => integrateOde(s.ode.constants, s.ode.state, { lr: 2, g: 'erf', trainSecondLayer: false, dt: 0.01, method: 'euler', teacherTerm: 'per-mode', snapshotState: true }, [0, 1, 4]) }]
    // the SGD-noise part of the state has grown by the last time (so the readout's noise term is exercised)
    const { N } = s
    let excess = 0, total = 0
    const last = snaps.at(-1)!.state!
    for (let t = 0; t < N; t++) total += last.sigma[t]
    const a0 = (t: number) => last.r[t] / s.ode.beta[t]
    for (let t = 0; t < N; t++) excess += last.sigma[t] - s.ode.constants.rho[t] * a0(t) ** 2
    expect(excess / total).toBeGreaterThan(0.3)
    for (const snap of snaps) {
      const got = readout.eg(snap.state!)
      // the relative SE of a mean of ½(ŷ − y)² over n = 4·10⁴ draws is about 0.75 % here (measured: within 1 %)
      expect(Math.abs(got / snap.eg - 1), `t = ${snap.t}: readout ${got}, closed form ${snap.eg}`).toBeLessThan(0.025)
    }
  })
})
