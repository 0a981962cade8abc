// Benchmark: NNGP and NTK of a depth-5 relu network (closed forms) on n = 2000 Gaussian inputs
// (d = 10), and the spectrum (eigenvalues only) of the 2000×2000 NNGP matrix, one thread.
// Also a tanh kernel (2-D quadrature) on n = 200, to price the quadrature path.
// Run: npx tsx --tsconfig tsconfig.node.json bench/kernels.bench.ts [repeats]. Writes bench/results/kernels.json.
// The machine is shared with other jobs: the minimum over repeats is the figure; every time is kept.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Rng } from '@numeric/random/rng'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { deepKernels } from '@models/infiniteWidth/recursion'

const here = dirname(fileURLToPath(import.meta.url))
const n = 2000, d = 10, depth = 5
const repeats = Number(process.argv[2] ?? 2)
const X = new Float64Array(n * d)
Rng.stream(1, 'bench/kernels').fillNormal(X)

const time = <T>(fn: () => T) => {
  const t0 = performance.now()
  const value = fn()
  return { seconds: (performance.now() - t0) / 1000, value }
}
const rss = () => process.memoryUsage().rss / 2 ** 20
const load0 = loadavg()
const rss0 = rss()
let peak = rss0
const kernels: number[] = [], spectra: number[] = []
for (let r = 0; r < repeats; r++) {
  const k = time(() => deepKernels(X, n, d, { phi: 'relu', depth, sigmaW2: 2, sigmaB2: 0.05 }))
  peak = Math.max(peak, rss())
  const s = time(() => symmetricEigen(k.value.nngp, n, { vectors: false }))
  peak = Math.max(peak, rss())
  kernels.push(k.seconds)
  spectra.push(s.seconds)
  console.log(`run ${r + 1}/${repeats}: kernels ${k.seconds.toFixed(2)} s, spectrum ${s.seconds.toFixed(2)} s, rss ${rss().toFixed(0)} MiB`)
}
const nq = 200
const tanh = time(() => deepKernels(X.subarray(0, nq * d), nq, d, { phi: 'tanh', depth, sigmaW2: 1.5, sigmaB2: 0.05 }))
console.log(`tanh (quadrature) n = ${nq}: ${tanh.seconds.toFixed(2)} s`)
const result = {
  benchmark: `NNGP + NTK, relu closed forms, depth ${depth}, n = ${n}, d = ${d}; eigenvalues of the ${n}×${n} NNGP (symmetricEigen); one thread`,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', logicalCpus: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}-${process.arch}` },
  shared: { note: 'machine shared with other jobs: minimum over repeats reported', loadAverageBefore: load0, loadAverageAfter: loadavg() },
  n, d, depth, repeats,
  kernelSeconds: { min: Math.min(...kernels), all: kernels },
  spectrumSeconds: { min: Math.min(...spectra), all: spectra },
  rssMiB: { before: +rss0.toFixed(0), peak: +peak.toFixed(0) },
  tanhQuadrature: { n: nq, depth, seconds: tanh.seconds }
}
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'kernels.json'), JSON.stringify(result, null, 2) + '\n')
console.log(JSON.stringify(result, null, 2))
