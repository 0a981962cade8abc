// Issue 16 item 2: are the KDE latents of a pseudo-real fit a scale mixture, and is that why the
// Gaussian ODE misses SGD's ε_g? Prints (1) the whitened radius r² = |L⁻¹(c − m)|² over KDE samples
// (Gaussian: mean D, variance 2D) and the kurtosis of random directions before and after the radius
// is normalised (Gaussian 3, sphere 3D/(D + 2)); (2) ε_g ODE/SGD (both means over 3 seeds, t ≥ 0.5)
// on the KDE as fitted (BASE=1) and with every sample's radius set to √D (the sampler patched here,
// for this measurement only). Results: docs/UNIVERSALITY.md.
// Usage: [BASE=1] npx tsx --tsconfig tsconfig.node.json scripts/measure/latent-radius.ts digits|fashion
import { LatentKde } from '@engines/pseudoreal/kde'
import { cholesky } from '@numeric/linalg/cholesky'
import { Rng } from '@numeric/random/rng'
import { egAgreement, loadFit } from './pseudorealFit'
const which = process.argv[2] ?? 'digits'
const P = 1000, D = 30, seeds = 3, tMax = 20
const fit = await loadFit(which, P, D, 100)
const art = fit.artifact
const orig = LatentKde.prototype.sample
function run(label: string) {
  const eg = egAgreement(fit.inputs(), seeds, tMax)
  console.log(which, label, 'eg ODE/SGD(mean of 3) on t≥0.5: min', eg.min.toFixed(3), 'max', eg.max.toFixed(3), 'eg(0)', eg.atZero.toFixed(3))
}
{
  // (1) radius and directional kurtosis of 20 000 KDE samples, whitened by the sample covariance's Cholesky factor
  const kde = new LatentKde(art('C'), P, D, { bandwidth: 'scott', labels: art('labels') })
  const n = 20_000
  const c = new Float64Array(n * D)
  kde.sample(c, n, Rng.stream(7, 'kde'))
  for (let b = 0; b < n; b++) for (let r = 0; r < D; r++) c[b * D + r] -= kde.mean[r]
  const S = new Float64Array(D * D)
  for (let b = 0; b < n; b++) for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) S[i * D + j] += (c[b * D + i] * c[b * D + j]) / n
  const L = cholesky(S, D)!
  const z = new Float64Array(n * D)
  const r2 = new Float64Array(n)
  for (let b = 0; b < n; b++)
    for (let i = 0; i < D; i++) {
      let a = c[b * D + i]
      for (let j = 0; j < i; j++) a -= L[i * D + j] * z[b * D + j]
      z[b * D + i] = a / L[i * D + i]
      r2[b] += z[b * D + i] ** 2
    }
  const mean = r2.reduce((a, b) => a + b, 0) / n
  const variance = r2.reduce((a, b) => a + (b - mean) ** 2, 0) / n
  const dirs = Rng.stream(9, 'directions')
  const kurtosis = (normalised: boolean) => {
    const ks: number[] = []
    const u = new Float64Array(D)
    for (let t = 0; t < 21; t++) {
      dirs.fillNormal(u)
      let m2 = 0, m4 = 0
      for (let b = 0; b < n; b++) {
        let a = 0
        for (let k = 0; k < D; k++) a += z[b * D + k] * u[k]
        if (normalised) a *= Math.sqrt(D / r2[b])
        m2 += a * a
        m4 += a ** 4
      }
      ks.push((m4 / n) / (m2 / n) ** 2)
    }
    return ks.sort((a, b) => a - b)[10].toFixed(2)
  }
  console.log(`${which}: whitened r²: mean ${mean.toFixed(1)} (D = ${D}), variance ${variance.toFixed(0)} (Gaussian 2D = ${2 * D}); median kurtosis of 21 random directions ${kurtosis(false)}, radius normalised ${kurtosis(true)} (Gaussian 3, sphere ${((3 * D) / (D + 2)).toFixed(2)})`)
}
if (process.env.BASE) run('raw KDE')
// radius-normalised: c − m ← (c − m)·√D/‖L⁻¹(c − m)‖ with Σ_c = LLᵀ the KDE's covariance
LatentKde.prototype.sample = function (out, B, rng, labelsOut, rowsOut) {
  orig.call(this, out, B, rng, labelsOut, rowsOut)
  const self = this as any
  if (!self._L) {
    const { D, P, Z, h, scale } = this
    const S = new Float64Array(D * D)
    for (let p = 0; p < P; p++) for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) S[i * D + j] += Z[p * D + i] * Z[p * D + j] / P
    for (let i = 0; i < D; i++) S[i * D + i] += h * h
    for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) S[i * D + j] *= scale[i] * scale[j]
    self._L = cholesky(S, D)
  }
  const L = self._L as Float64Array, { D, mean } = this
  const y = new Float64Array(D)
  for (let b = 0; b < B; b++) {
    let r2 = 0
    for (let i = 0; i < D; i++) { let a = out[b * D + i] - mean[i]; for (let j = 0; j < i; j++) a -= L[i * D + j] * y[j]; y[i] = a / L[i * D + i]; r2 += y[i] * y[i] }
    const k = Math.sqrt(D / r2)
    for (let i = 0; i < D; i++) out[b * D + i] = mean[i] + (out[b * D + i] - mean[i]) * k
  }
}
run('radius-normalised KDE')
