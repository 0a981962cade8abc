// Benchmark of the HMM ODE (src/workers/engines/hmm/ode.ts). Run: npx tsx bench/ode.bench.ts
// Times the issue's configuration (N=1000, D=500, K=M=2, erf, sgn, η=0.2, t_max=100, dt=0.01,
// Euler) from a drawn instance, then how the integration time scales with D and K.
// Each figure is the minimum over repeats (the machine may be shared), and over earlier runs
// recorded in bench/results/ode.json on the same CPU and Node version (FRESH=1 starts over).
// Writes bench/results/ode.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { integrateOde, type OdeOptions } from '@models/twoLayer/ode'
import { featureCovariance, odeStateFromInstance, type OdeConstants, type OdeState } from '@models/twoLayer/odeState'
import { inputMoments } from '@models/twoLayer/moments'
import { recordTimes } from '@workers/records'
import type { HmmInstance } from '@models/twoLayer/instance'

const here = path.dirname(fileURLToPath(import.meta.url))
const REPEATS = Number(process.env.REPEATS ?? 5)

/** xorshift32 + Box–Muller: deterministic N(0,1) draws (benchmark inputs only). */
function normals(seed: number) {
  let s = seed >>> 0 || 1
  const u = () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return (s + 0.5) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())
}

function instance(N: number, D: number, K: number, M: number, seed: number): HmmInstance {
  const g = normals(seed)
  const fill = (n: number) => Float64Array.from({ length: n }, g)
  return { N, D, K, M, F: fill(D * N), wTeacher: fill(M * D), vTeacher: new Float64Array(M).fill(1), w: fill(K * N), v: new Float64Array(K).fill(1) }
}

/**
 * A state with the right shapes and realistic magnitudes without the D×D eigensolver (for the
 * scaling runs): Marchenko–Pastur quantiles for ρ at δ = 1/2, random overlaps Γ, ω.
 */
function syntheticState(D: number, K: number, M: number, seed: number): { constants: OdeConstants; state: OdeState } {
  const delta = 0.5
  const g = normals(seed)
  const lo = (1 - Math.sqrt(delta)) ** 2
  const hi = (1 + Math.sqrt(delta)) ** 2
  const rho = Float64Array.from({ length: D }, (_, t) => lo + ((hi - lo) * (t + 0.5)) / D)
  const G = Float64Array.from({ length: K * D }, g)
  const Om = Float64Array.from({ length: M * D }, g)
  const sigma = new Float64Array(K * K * D)
  const r = new Float64Array(K * M * D)
  for (let k = 0; k < K; k++)
    for (let t = 0; t < D; t++) {
      for (let l = 0; l < K; l++) sigma[(k * K + l) * D + t] = G[k * D + t] * G[l * D + t]
      for (let m = 0; m < M; m++) r[(k * M + m) * D + t] = G[k * D + t] * Om[m * D + t]
    }
  const T = new Float64Array(M * M)
  const tildeT = new Float64Array(M * M)
  const W = new Float64Array(K * K)
  for (let m = 0; m < M; m++)
    for (let n = 0; n < M; n++)
      for (let t = 0; t < D; t++) {
        T[m * M + n] += (Om[m * D + t] * Om[n * D + t]) / D
        tildeT[m * M + n] += (rho[t] * Om[m * D + t] * Om[n * D + t]) / D
      }
  for (let k = 0; k < K; k++)
    for (let l = 0; l < K; l++) for (let t = 0; t < D; t++) W[k * K + l] += sigma[(k * K + l) * D + t] / rho[t] / D
  const { mu1, mu2, zeta } = inputMoments('sgn')
  return {
    constants: { K, M, D, delta, mu1, mu2, zeta, vTeacher: new Float64Array(M).fill(1), T, tildeT, rho },
    state: { sigma, r, W, v: new Float64Array(K).fill(1) }
  }
}

function timeIntegration(c: OdeConstants, s: OdeState, o: OdeOptions, tMax: number, repeats = REPEATS) {
  const times = recordTimes(0.01, tMax, 200)
  let best = Infinity
  let eg = NaN
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    for (const snap of integrateOde(c, s, o, times)) eg = snap.eg
    best = Math.min(best, performance.now() - t0)
  }
  const steps = Math.ceil(tMax / o.dt - 1e-9)
  return { ms: best, usPerStep: (1000 * best) / steps, steps, egFinal: eg }
}

const euler: OdeOptions = { lr: 0.2, g: 'erf', trainSecondLayer: false, dt: 0.01, method: 'euler' }
const { mu1, mu2 } = inputMoments('sgn')

// --- the issue's configuration, from a drawn instance
const inst = instance(1000, 500, 2, 2, 2024)
let setupMs = Infinity
let built!: ReturnType<typeof odeStateFromInstance>
for (let i = 0; i < Math.min(REPEATS, 3); i++) {
  const t0 = performance.now()
  built = odeStateFromInstance(inst, mu1, mu2)
  setupMs = Math.min(setupMs, performance.now() - t0)
}
let omegaMs = Infinity
for (let i = 0; i < Math.min(REPEATS, 3); i++) {
  const t0 = performance.now()
  featureCovariance(inst.F, inst.D, inst.N)
  omegaMs = Math.min(omegaMs, performance.now() - t0)
}
const issue = timeIntegration(built.constants, built.state, euler, 100)
const issueRk4 = timeIntegration(built.constants, built.state, { ...euler, method: 'rk4' }, 100, Math.min(REPEATS, 3))
const issueRelu = timeIntegration(built.constants, built.state, { ...euler, g: 'relu' }, 100, Math.min(REPEATS, 3))

// --- scaling with D (K = M = 2, t_max = 100) and with K = M (D = 500, t_max = 10)
const byD = [100, 250, 500, 1000, 2000].map((D) => {
  const { constants, state } = syntheticState(D, 2, 2, D)
  return { D, K: 2, ...timeIntegration(constants, state, euler, 100) }
})
const byK = [1, 2, 3, 4, 6, 8, 10].map((K) => {
  const { constants, state } = syntheticState(500, K, K, 7 * K)
  const r = timeIntegration(constants, state, euler, 10, K >= 8 ? 1 : Math.min(REPEATS, 3))
  // the kernel 'auto' picks (ode.ts: unrolled up to K²M + K(K+1)(K+M) = 2000 terms)
  const kernel = K * K * K + K * (K + 1) * 2 * K <= 2000 ? 'unrolled' : 'loops'
  return { D: 500, K, kernel, ...r, msPer100: r.ms * 10 }
})

const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString() }

// --- keep the minimum over runs on the same machine
interface Timing { ms: number; usPerStep: number; steps: number; egFinal: number }
const resultFile = path.join(here, 'results', 'ode.json')
let runs = 1
if (!process.env.FRESH && existsSync(resultFile)) {
  const prev = JSON.parse(readFileSync(resultFile, 'utf8'))
  if (prev.machine?.cpu === machine.cpu && prev.machine?.node === machine.node && prev.byD?.length === byD.length && prev.byK?.length === byK.length) {
    runs = (prev.runs ?? 1) + 1
    const keepMin = (cur: Timing, old: Timing) => {
      if (old && old.ms < cur.ms) Object.assign(cur, { ms: old.ms, usPerStep: old.usPerStep })
    }
    setupMs = Math.min(setupMs, prev.issue.setupMs)
    omegaMs = Math.min(omegaMs, prev.issue.omegaMs ?? Infinity)
    keepMin(issue, prev.issue.euler)
    keepMin(issueRk4, prev.issue.rk4)
    keepMin(issueRelu, prev.issue.eulerRelu)
    byD.forEach((r, i) => keepMin(r, prev.byD[i]))
    byK.forEach((r, i) => {
      keepMin(r, prev.byK[i])
      r.msPer100 = r.ms * 10
    })
  }
}

const fmt = (x: number, d = 0) => x.toFixed(d)
console.log(`machine: ${machine.cpu} (${machine.cores} cores), node ${machine.node}, ${machine.date}; min of ${REPEATS} repeats × ${runs} run(s)`)
console.log('\nissue configuration: N=1000, D=500, K=M=2, erf, sgn, η=0.2, t_max=100, dt=0.01 (10 000 steps, 201 snapshots)')
console.log(`  setup (Ω = FFᵀ/N, eigendecomposition, state)   ${fmt(setupMs)} ms  (of which Ω: ${fmt(omegaMs)} ms)`)
console.log(`  integration, Euler                              ${fmt(issue.ms)} ms  (${fmt(issue.usPerStep, 1)} µs/step)  ε_g(100) = ${issue.egFinal.toFixed(5)}`)
console.log(`  integration, RK4                                ${fmt(issueRk4.ms)} ms  (${fmt(issueRk4.usPerStep, 1)} µs/step)  ε_g(100) = ${issueRk4.egFinal.toFixed(5)}`)
console.log(`  integration, Euler, relu                        ${fmt(issueRelu.ms)} ms  (${fmt(issueRelu.usPerStep, 1)} µs/step)`)
console.log('\nscaling with D (K=M=2, Euler, t_max=100)')
console.log('     D      ms   µs/step   ns/(τ·step)')
for (const r of byD) console.log(`${String(r.D).padStart(6)} ${fmt(r.ms).padStart(7)} ${fmt(r.usPerStep, 1).padStart(9)} ${fmt((1000 * r.usPerStep) / r.D, 1).padStart(12)}`)
console.log('\nscaling with K = M (D=500, Euler, t_max=10; ms for t_max=100 extrapolated)')
console.log('     K  kernel       ms   µs/step   ms(t_max=100)')
for (const r of byK) console.log(`${String(r.K).padStart(6)}  ${r.kernel.padEnd(9)} ${fmt(r.ms).padStart(6)} ${fmt(r.usPerStep, 1).padStart(9)} ${fmt(r.msPer100).padStart(14)}`)

mkdirSync(path.join(here, 'results'), { recursive: true })
writeFileSync(
  resultFile,
  JSON.stringify({ machine, repeats: REPEATS, runs, issue: { N: 1000, D: 500, K: 2, M: 2, g: 'erf', f: 'sgn', lr: 0.2, tMax: 100, dt: 0.01, setupMs, omegaMs, euler: issue, rk4: issueRk4, eulerRelu: issueRelu }, byD, byK }, null, 1) + '\n'
)
console.log('\nwrote bench/results/ode.json')
