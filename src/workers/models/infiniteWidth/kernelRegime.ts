// Predictions of kernel methods on training inputs 𝒳 (n), labels 𝒴, test inputs (m) (MATH.md §9).
//   NTK, gradient flow of MSE ½Σ(f − y)² at rate η, time t (continuous):
//     f_t(x) = f_0(x) + Θ(x,𝒳) Θ⁻¹ (I − e^{−ηΘt}) (𝒴 − f_0(𝒳))
//   NTK, gradient descent with step η after k steps (the linearised network's exact GD):
//     f_k(x) = f_0(x) + Θ(x,𝒳) Θ⁻¹ (I − (I − ηΘ)^k) (𝒴 − f_0(𝒳))   (→ the flow as η → 0, ηk = ηt fixed)
//   t → ∞: f_∞(x) = f_0(x) + Θ(x,𝒳) Θ⁻¹ (𝒴 − f_0(𝒳)).
// Θ(𝒳,𝒳) = V diag(λ) Vᵀ once (symmetricEigen); Θ⁻¹(I − e^{−ηλt}) per mode is −expm1(−ηλt)/λ,
// which tends to ηt as λ → 0, so a singular Θ is handled (modes with λ ≤ 0 after rounding use
// the λ → 0 limit). Note neural-tangents' predict divides the loss by the number of labels:
// its learning rate is n·η of this one.
import { gemm } from '@numeric/linalg/gemm'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { choleskyJittered, choleskySolve } from '@numeric/linalg/cholesky'

export interface KernelPredictor {
  n: number
  m: number
  /** eigenvalues of Θ(𝒳,𝒳), ascending */
  lambda: Float64Array
  /** f at train (n) and test (m) points after time t (flow) */
  flow(t: number): { train: Float64Array; test: Float64Array }
  /** f after k steps of gradient descent at rate η */
  steps(k: number): { train: Float64Array; test: Float64Array }
  /** the t → ∞ predictor (minimum-norm change of the linearised network) */
  infinite(): { train: Float64Array; test: Float64Array }
}

/**
 * thetaTrain n×n, thetaTestTrain m×n, f0 on both sets, labels y (n), rate η.
 */
export function ntkPredictor(
  thetaTrain: Float64Array,
  thetaTestTrain: Float64Array,
  n: number,
  m: number,
  f0Train: Float64Array,
  f0Test: Float64Array,
  y: Float64Array,
  eta: number
): KernelPredictor {
  const { values: lambda, vectors } = symmetricEigen(thetaTrain, n)
  const V = vectors as Float64Array
  // residual in the eigenbasis: r̃ = Vᵀ (𝒴 − f_0)
  const r = new Float64Array(n)
  for (let i = 0; i < n; i++) r[i] = y[i] - f0Train[i]
  const rt = new Float64Array(n)
  gemm(n, 1, n, V, r, rt, { transA: true })
  // Θ(x,𝒳) V (m×n)
  const TV = new Float64Array(m * n)
  gemm(m, n, n, thetaTestTrain, V, TV)
  const tiny = 1e-14 * Math.max(1e-300, Math.abs(lambda[n - 1]))
  const combine = (gain: (l: number) => number, invGain: (l: number) => number) => {
    // train: f_0 + V diag(gain) r̃ ; test: f_0 + (ΘV) diag(gain/λ) r̃
    const cTrain = new Float64Array(n)
    const cTest = new Float64Array(n)
    for (let j = 0; j < n; j++) {
      const l = lambda[j]
      cTrain[j] = gain(l) * rt[j]
      cTest[j] = invGain(l) * rt[j]
    }
    const train = Float64Array.from(f0Train)
    gemm(n, 1, n, V, cTrain, train, { beta: 1 })
    const test = Float64Array.from(f0Test)
    gemm(m, 1, n, TV, cTest, test, { beta: 1 })
    return { train, test }
  }
  return {
    n,
    m,
    lambda,
    flow(t) {
      return combine(
        (l) => (l > tiny ? -Math.expm1(-eta * l * t) : 0),
        (l) => (l > tiny ? -Math.expm1(-eta * l * t) / l : eta * t)
      )
    },
    steps(k) {
      // 1 − (1 − ηλ)^k and its ratio to λ (→ ηk as λ → 0)
      const g = (l: number) => 1 - Math.pow(1 - eta * l, k)
      return combine(
        (l) => (l > tiny ? g(l) : 0),
        (l) => (l > tiny ? g(l) / l : eta * k)
      )
    },
    infinite() {
      return combine(
        (l) => (l > tiny ? 1 : 0),
        (l) => (l > tiny ? 1 / l : 0)
      )
    }
  }
}

/** NNGP posterior mean K(x,𝒳) K(𝒳,𝒳)⁻¹ 𝒴 (Cholesky; `jitter` relative to the mean diagonal). */
export function gpPosteriorMean(kTrain: Float64Array, kTestTrain: Float64Array, n: number, m: number, y: Float64Array, jitter = 1e-10): Float64Array {
  const alpha = choleskySolve(choleskyJittered(kTrain, n, jitter), n, Float64Array.from(y))
  const out = new Float64Array(m)
  gemm(m, 1, n, kTestTrain, alpha, out)
  return out
}
