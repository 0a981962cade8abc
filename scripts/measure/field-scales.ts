// Issue 16 item 2: given a per-image scale, are the fields Gaussian, and how do the student's
// (through f) and the teacher's (on the latents) scales relate? Bins 20 000 KDE samples by the
// whitened latent radius γ = |L⁻¹(c − m)|²/D and by the pixel energy α = |x|²/E|x|²; prints per bin
// E[ν²|bin]/E[ν²] (teacher), E[λ²|bin]/E[λ²] (random student), and the kurtosis of the fields
// divided by the bin's scale (3 if Gaussian given the scale).
// Usage: npx tsx --tsconfig tsconfig.node.json scripts/measure/field-scales.ts digits|fashion
import { LatentKde } from '@engines/pseudoreal/kde'
import { gaussianEquivalent } from '@engines/pseudoreal/gaussianEquivalent'
import { inputMaps } from '@models/twoLayer/activations'
import { cholesky } from '@numeric/linalg/cholesky'
import { gemm } from '@numeric/linalg/gemm'
import { Rng } from '@numeric/random/rng'
import { loadFit } from './pseudorealFit'

const which = process.argv[2] ?? 'digits'
const P = 1000, D = 30, N = 784, n = 20_000, bins = 10
const fit = await loadFit(which, P, D, 100)
const art = fit.artifact
const kde = new LatentKde(art('C'), P, D, { bandwidth: fit.summary.bandwidth, labels: art('labels') })
const F = art('F'), wT = art('teacher/w'), M = art('teacher/v').length
const ge = gaussianEquivalent(kde, art('C'), F, N, 'tanh', wT, M)
const c = new Float64Array(n * D)
kde.sample(c, n, Rng.stream(7, 'kde'))
const x = new Float64Array(n * N)
gemm(n, N, D, c, F, x, { alpha: 1 / Math.sqrt(D) })
for (let b = 0; b < n; b++) for (let i = 0; i < N; i++) x[b * N + i] = inputMaps.tanh(x[b * N + i]) - ge.mu0[i]
for (let b = 0; b < n; b++) for (let r = 0; r < D; r++) c[b * D + r] -= kde.mean[r]
// scales
const S = new Float64Array(D * D)
for (let b = 0; b < n; b++) for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) S[i * D + j] += (c[b * D + i] * c[b * D + j]) / n
const L = cholesky(S, D)!
const gamma = new Float64Array(n), alpha = new Float64Array(n)
const z = new Float64Array(D)
for (let b = 0; b < n; b++) {
  let r2 = 0
  for (let i = 0; i < D; i++) {
    let a = c[b * D + i]
    for (let j = 0; j < i; j++) a -= L[i * D + j] * z[j]
    z[i] = a / L[i * D + i]
    r2 += z[i] ** 2
  }
  gamma[b] = r2 / D
  let e = 0
  for (let i = 0; i < N; i++) e += x[b * N + i] ** 2
  alpha[b] = e
}
const ma = alpha.reduce((a, b) => a + b, 0) / n
for (let b = 0; b < n; b++) alpha[b] /= ma
// fields: teacher ν = w̃(c − m)/√D, random student λ = w x/√N
const nu = new Float64Array(n * M)
gemm(n, M, D, c, wT, nu, { transB: true, alpha: 1 / Math.sqrt(D) })
const K = 2
const w = new Float64Array(K * N)
Rng.stream(3, 'w').fillNormal(w)
const lam = new Float64Array(n * K)
gemm(n, K, N, x, w, lam, { transB: true, alpha: 1 / Math.sqrt(N) })
const corr = (a: Float64Array, b: Float64Array) => {
  const m = (v: Float64Array) => v.reduce((s, t) => s + t, 0) / v.length
  const ma = m(a), mb = m(b)
  let sab = 0, saa = 0, sbb = 0
  for (let i = 0; i < a.length; i++) (sab += (a[i] - ma) * (b[i] - mb)), (saa += (a[i] - ma) ** 2), (sbb += (b[i] - mb) ** 2)
  return sab / Math.sqrt(saa * sbb)
}
console.log(`${which}: Var γ ${(gamma.reduce((s, g) => s + (g - 1) ** 2, 0) / n).toFixed(3)}, Var α ${(alpha.reduce((s, g) => s + (g - 1) ** 2, 0) / n).toFixed(3)}, corr(α, γ) ${corr(alpha, gamma).toFixed(3)}`)
function table(name: string, key: Float64Array) {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a] - key[b])
  const moment = (f: Float64Array, dim: number, j: number, idx: number[]) => idx.reduce((s, i) => s + f[i * dim + j] ** 2, 0) / idx.length
  const all = order
  const nuAll = [0, 1].map((m) => moment(nu, M, m, all)), lamAll = [0, 1].map((k) => moment(lam, K, k, all))
  console.log(`bins of ${name}: mean γ, mean α, E[ν_m²|bin]/E[ν_m²] (m=0,1), E[λ_k²|bin]/E[λ_k²] (k=0,1), kurtosis of ν_0, λ_0 in the bin`)
  for (let q = 0; q < bins; q++) {
    const idx = order.slice(Math.floor((q * n) / bins), Math.floor(((q + 1) * n) / bins))
    const mg = idx.reduce((s, i) => s + gamma[i], 0) / idx.length
    const mA = idx.reduce((s, i) => s + alpha[i], 0) / idx.length
    const kurt = (f: Float64Array, dim: number) => {
      const m2 = moment(f, dim, 0, idx), m4 = idx.reduce((s, i) => s + f[i * dim] ** 4, 0) / idx.length
      return m4 / m2 ** 2
    }
    console.log(
      `  ${q}: γ ${mg.toFixed(3)} α ${mA.toFixed(3)} | ν² ${[0, 1].map((m) => (moment(nu, M, m, idx) / nuAll[m]).toFixed(3)).join(' ')} | λ² ${[0, 1].map((k) => (moment(lam, K, k, idx) / lamAll[k]).toFixed(3)).join(' ')} | kurt ν ${kurt(nu, M).toFixed(2)} λ ${kurt(lam, K).toFixed(2)}`
    )
  }
  const kAll = (f: Float64Array, dim: number) => all.reduce((s, i) => s + f[i * dim] ** 4, 0) / n / moment(f, dim, 0, all) ** 2
  console.log(`  overall kurtosis ν_0 ${kAll(nu, M).toFixed(2)}, λ_0 ${kAll(lam, K).toFixed(2)}`)
}
table('γ (latent radius)', gamma)
table('α (pixel energy)', alpha)
