// Benchmark of the linear engine (src/workers/engines/linear; MATH.md §7). Run: npx tsx bench/linear.bench.ts
// The configuration: N = P = 1000, 1000 gradient-descent steps (η = 0.05, t_max = 50),
// 200 records, and both theories (eq. 1 on the dataset's eigenvalues, the Marchenko–Pastur
// typical curve). Times the whole engine once, then each phase on its own: the data and XXᵀ,
// the eigendecomposition (values only, and with vectors as the engine's per-mode analysis needs),
// 1000 steps of gradient descent, eq. 1 at the 201 record times, the typical curve at the same
// times, and the optimal stopping searches. Peak memory is the process's max RSS.
// Writes bench/results/linear.json. REPEATS (default 1) repeats the phase timings, keeping the minimum.
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { linearEngine, recordSteps } from '@engines/linear/engine'
import { parseRunSpec } from '@shared/validate'
import type { LinearRunSpec } from '@shared/specs/linear'
import { drawInstance, gram } from '@models/linear/instance'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { GradientDescent } from '@models/linear/gradientDescent'
import { datasetEg, datasetEt, datasetOptimalStop, datasetSpectrum, typicalEg, typicalEt, typicalOptimalStop } from '@models/linear/learningCurve'

const here = path.dirname(fileURLToPath(import.meta.url))
const REPEATS = Number(process.env.REPEATS ?? 1)
const N = 1000
const P = 1000
const lr = 0.05
const steps = 1000
const points = 200
const params = { sigmaW: 1, sigmaW0: 0, sigmaEps: 0.5 }

function time<T>(f: () => T): { seconds: number; value: T } {
  const t0 = performance.now()
  const value = f()
  return { seconds: (performance.now() - t0) / 1000, value }
}
function best(f: () => unknown): number {
  let min = Infinity
  for (let r = 0; r < REPEATS; r++) min = Math.min(min, time(f).seconds)
  return min
}

const loadBefore = os.loadavg()
const spec = parseRunSpec({ engine: 'linear', N, P, ...params, lr, tMax: steps * lr, points, seed: 1 }) as LinearRunSpec
const whole = time(() => {
  let n = 0
  for (const r of linearEngine(spec)) if (r.type === 'point') n++
  return n
})
const rssAfterEngine = process.resourceUsage().maxRSS / 1024

const inst = drawInstance({ N, P, ...params }, 1)
const data = best(() => gram(drawInstance({ N, P, ...params }, 1).X, N, P))
const C = gram(inst.X, N, P)
const eigValues = best(() => symmetricEigen(C, N, { vectors: false }))
const eigVectors = best(() => symmetricEigen(C, N, { vectors: true }))
const lambdas = datasetSpectrum(symmetricEigen(C, N, { vectors: false }).values, N, P)
const descent = best(() => new GradientDescent({ N, P, X: inst.X, y: inst.y, w0: inst.w0, lr, XXt: C }).advance(steps))
const times = recordSteps(steps, points).map((k) => k * lr)
const theory = best(() => times.map((t) => datasetEg(lambdas, t, params) + datasetEt(lambdas, P, t, params)))
const typical = best(() => times.map((t) => typicalEg(1, t, params) + typicalEt(1, t, params)))
const optima = best(() => [datasetOptimalStop(lambdas, params), typicalOptimalStop(1, params)])

const result = {
  benchmark: 'linear engine: N = P = 1000, 1000 gradient-descent steps, 201 records, eq. 1 and the typical curve',
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model.trim(), logicalCpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10, node: process.version, platform: `${process.platform}-${process.arch}` },
  shared: { note: 'machine shared with other jobs; phases are the minimum over REPEATS', loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
  repeats: REPEATS,
  engineSeconds: whole.seconds,
  records: whole.value,
  peakRssMiB: Math.round(rssAfterEngine),
  phasesSeconds: {
    'data X and XXᵀ (gemm)': data,
    'eigendecomposition, values only': eigValues,
    'eigendecomposition with vectors (the engine: per-mode analysis)': eigVectors,
    'gradient descent, 1000 steps (N² each)': descent,
    'eq. 1 and E_t on the spectrum, 201 times': theory,
    'typical E_g and E_t (Marchenko–Pastur), 201 times': typical,
    'optimal stopping, dataset and typical': optima
  }
}
mkdirSync(path.join(here, 'results'), { recursive: true })
writeFileSync(path.join(here, 'results', 'linear.json'), JSON.stringify(result, null, 2) + '\n')
console.log(JSON.stringify(result, null, 2))
