// ε_g of the ODE's student tested on the data (series ode/eg_data), beside the closed form, which
// reads ε_g off Gaussian fields with the ODE's (Q, R, T) (or, over scale bins, Gaussian given the bin).
// The ODE (gaussianCovariate.ts, odeScaleMixture.ts) follows the student's weights in the eigenbasis
// ψ_τ of Ω_x: their mean a_kτ = w_k·ψ_τ = r_km(τ)/β_mτ and, from SGD's noise, an excess
// n_kl(τ) = σ_kl(τ) − ρ_τ a_kτ a_lτ that is independent across modes (E[ã_kτ ã_lτ] = n_kl(τ)/ρ_τ).
// On a draw x of the data that student's fields are
//   λ_k = λ̄_k + ξ_k,  λ̄_k = Σ_τ a_kτ (ψ_τ·x)/√N,  ξ ~ N(0, Ξ(x)),  Ξ_kl(x) = Σ_τ n_kl(τ) (ψ_τ·x)²/(ρ_τ N),
// and ε_g = ½ E_x E_ξ (Σ_k v_k g(λ_k) − y(x))², y = Σ_m ṽ_m g̃(w̃_m·(c − m)/√D), estimated over n draws
// of the KDE (one ξ per draw, the same normals at every time). Nothing here is Gaussian about the
// data: only SGD's noise, a sum over many modes, is.
import { activations } from '@models/twoLayer/activations'
import { amplitudeReader, type OdeState } from '@models/twoLayer/odeState'
import { gemm } from '@numeric/linalg/gemm'
import type { Rng } from '@numeric/random/rng'
import type { StudentActivation } from '@shared/spec'
import { inputBlocks } from './centredInputs'
import type { LatentKde } from './kde'

export interface DataReadoutInput {
  kde: LatentKde
  /** F, D×N */
  F: Float64Array
  N: number
  /** the input map f */
  f: (u: number) => number
  /** the per-pixel means SGD subtracts */
  mu0: Float64Array
  /** ψ_τ as columns, N×N row-major, and ρ_τ */
  V: Float64Array
  rho: Float64Array
  /** β_mτ (M×N): r_km(τ) = a_kτ β_mτ */
  beta: Float64Array
  teacher: { w: Float64Array; v: Float64Array; g: StudentActivation }
  /** the student's g and width */
  g: StudentActivation
  K: number
  samples: number
}

export interface DataReadout {
  samples: number
  /** ε_g of the student the state describes, on the readout's draws; v: the student's second layer */
  eg(state: OdeState): number
}

export function dataReadout(input: DataReadoutInput, rng: Rng, block = 256): DataReadout {
  const { kde, F, N, f, mu0, V, rho, beta, teacher, K, samples: n } = input
  const { D, mean: m } = kde
  const M = teacher.v.length
  const gT = activations[teacher.g].g
  const g = activations[input.g].g
  // Y_iτ = ψ_τ·x_i (float32: the readout's own error, ~1e-7 relative, is far below its sampling error)
  const Y = new Float32Array(n * N)
  const y = new Float64Array(n)
  const yb = new Float64Array(block * N)
  const nu = new Float64Array(block * M)
  let done = 0
  for (const { B, c: cb, x } of inputBlocks(kde, F, N, f, mu0, rng, n, block)) {
    gemm(B, N, N, x, V, yb.subarray(0, B * N))
    Y.set(yb.subarray(0, B * N), done * N)
    for (let b = 0; b < B; b++) for (let r = 0; r < D; r++) cb[b * D + r] -= m[r]
    gemm(B, M, D, cb, teacher.w, nu.subarray(0, B * M), { transB: true, alpha: 1 / Math.sqrt(D) })
    for (let b = 0; b < B; b++) {
      let s = 0
      for (let q = 0; q < M; q++) s += teacher.v[q] * gT(nu[b * M + q])
      y[done + b] = s
    }
    done += B
  }
  const z = new Float64Array(n * K)
  rng.fillNormal(z)
  const readAmplitudes = amplitudeReader(beta, M, N)
  const tol = 1e-12 * Math.max(1e-300, ...rho)
  const a = new Float64Array(K * N)
  const noise = new Float64Array(K * K * N)
  const lam = new Float64Array(K)
  const xi = new Float64Array(K * K)
  const L = new Float64Array(K * K)

  function eg(state: OdeState): number {
    readAmplitudes(state, K, a)
    for (let k = 0; k < K; k++)
      for (let l = 0; l <= k; l++)
        for (let t = 0; t < N; t++)
          noise[(k * K + l) * N + t] = rho[t] > tol ? (state.sigma[(k * K + l) * N + t] - rho[t] * a[k * N + t] * a[l * N + t]) / (rho[t] * N) : 0
    const sq = 1 / Math.sqrt(N)
    let total = 0
    for (let i = 0; i < n; i++) {
      lam.fill(0)
      xi.fill(0)
      const row = i * N
      for (let t = 0; t < N; t++) {
        const yt = Y[row + t]
        const y2 = yt * yt
        for (let k = 0; k < K; k++) {
          lam[k] += a[k * N + t] * yt
          for (let l = 0; l <= k; l++) xi[k * K + l] += noise[(k * K + l) * N + t] * y2
        }
      }
      // ξ = L z with L L ᵀ = Ξ (Cholesky; a direction Ξ leaves out, from rounding, gets no noise)
      for (let k = 0; k < K; k++)
        for (let l = 0; l <= k; l++) {
          let s = xi[k * K + l]
          for (let j = 0; j < l; j++) s -= L[k * K + j] * L[l * K + j]
          L[k * K + l] = k === l ? Math.sqrt(Math.max(0, s)) : L[l * K + l] > 0 ? s / L[l * K + l] : 0
        }
      let out = 0
      for (let k = 0; k < K; k++) {
        let e = 0
        for (let j = 0; j <= k; j++) e += L[k * K + j] * z[i * K + j]
        out += state.v[k] * g(lam[k] * sq + e)
      }
      total += 0.5 * (out - y[i]) ** 2
    }
    return total / n
  }

  return { samples: n, eg }
}
