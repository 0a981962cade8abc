// Benchmark of the le-train engine (MATH.md §8, seed 003): GeoMNIST (K = 3, 28×28, 1000 training
// and 300 validation images per class), an MLP 784 → 120 → 84 → 3, 10⁵ SGD steps of batch size 1
// with the logits of 100 images per class and the validation set evaluated at 200 log-spaced
// iterations, then the I/L estimates and LE-ODE simulations. One thread, this process.
// Throughput: the dense multiply-add count of the SGD steps (2·Σ in·out per forward, the same for
// the rank-one updates, and δWᵀ for every layer but the first) over the SGD time, against
// (a) gemm on 1000³ (the machine's measured matmul peak with our best kernel) and (b) gemm on the
// batch-one shape 1×784 · 784×120 as the MLP issues it (sliced; the fair ceiling for batch 1).
//   npx tsx bench/le-train.bench.ts [iterations=100000]
// Writes bench/results/le-train.json.
import { writeFileSync, mkdirSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gemm, gemmBackend } from '@numeric/linalg/gemm'
import { Rng } from '@numeric/random/rng'
import { leTrainEngine } from '@engines/le-train/engine'
import { Mlp } from '@engines/le-train/mlp'
import { geomnist } from '@engines/le-train/geomnist'
import { LeTrainRunSpec } from '@shared/specs/le-train'

const here = dirname(fileURLToPath(import.meta.url))

function bestSeconds(f: () => void, reps: number): number {
  f()
  let best = Infinity
  for (let i = 0; i < reps; i++) {
    const t = performance.now()
    f()
    best = Math.min(best, performance.now() - t)
  }
  return best / 1000
}

function main() {
  const iterations = Number(process.argv[2] ?? 100_000)
  const load0 = loadavg()
  // ---- machine matmul throughput ----
  const rnd = Rng.stream(1, 'bench')
  const n = 1000
  const A = new Float64Array(n * n), B = new Float64Array(n * n), C = new Float64Array(n * n)
  rnd.fillNormal(A)
  rnd.fillNormal(B)
  const peak = (2 * n ** 3) / bestSeconds(() => gemm(n, n, n, A, B, C), 3) / 1e9
  // the batch-one forward product of layer 1, as mlp.ts issues it (sliced along k)
  const x = new Float64Array(784)
  rnd.fillNormal(x)
  const W = new Float64Array(784 * 120)
  rnd.fillNormal(W)
  const h = new Float64Array(120)
  const ks = Math.floor((1 << 15) / 120)
  const slicedOnce = () => {
    for (let p0 = 0; p0 < 784; p0 += ks) {
      const kk = Math.min(ks, 784 - p0)
      gemm(1, 120, kk, x.subarray(p0, p0 + kk), W.subarray(p0 * 120, (p0 + kk) * 120), h, { beta: p0 === 0 ? 0 : 1 })
    }
  }
  const batchOne = (2 * 784 * 120 * 200) / bestSeconds(() => { for (let r = 0; r < 200; r++) slicedOnce() }, 5) / 1e9

  // ---- the run ----
  const spec = LeTrainRunSpec.parse({ engine: 'le-train', iterations })
  const t0 = performance.now()
  let summary: Record<string, any> = {}
  let points = 0
  for (const r of leTrainEngine(spec)) {
    if (r.type === 'summary') summary = r.values
    if (r.type === 'point') points++
  }
  const total = (performance.now() - t0) / 1000
  const maxRssMiB = process.resourceUsage().maxRSS / 1024

  // the evaluation part of that time: one record's logits (K·n images) and validation pass, measured alone
  const sizes = [784, 120, 84, 3]
  const net = new Mlp(sizes, Rng.stream(0, 'init'))
  const rec = geomnist(100, 28, Rng.stream(0, 'x')).images
  const val = geomnist(300, 28, Rng.stream(0, 'y')).images
  const evalSeconds = bestSeconds(() => (net.logits(rec, 300), net.logits(val, 900)), 3)
  const records = spec.points + 1
  const dataSeconds = bestSeconds(() => (geomnist(1000, 28, Rng.stream(0, 'a')), geomnist(300, 28, Rng.stream(0, 'b'))), 1)
  const sgdSeconds = total - records * evalSeconds - dataSeconds
  const flops = iterations * net.flopsPerStep
  const achieved = flops / sgdSeconds / 1e9
  const result = {
    benchmark: 'le-train',
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: totalmem() / 2 ** 30, node: process.version, loadavgBefore: load0, loadavgAfter: loadavg() },
    setting: { data: 'GeoMNIST 28×28, 1000 train + 300 val per class', network: sizes, iterations, records, recordedPerClass: 100, backend: gemmBackend() },
    seconds: { total, sgdEstimated: sgdSeconds, perStepMicro: (1e6 * sgdSeconds) / iterations, evaluationPerRecord: evalSeconds, dataGeneration: dataSeconds },
    maxRssMiB,
    points,
    throughput: {
      sgdGflops: achieved,
      matmulPeakGflops1000: peak,
      batchOneGemmGflops: batchOne,
      fractionOfPeak: achieved / peak,
      fractionOfBatchOne: achieved / batchOne,
      note: 'SGD flops counted dense (2·Σ in·out forward, rank-one updates, δWᵀ); GeoMNIST inputs are ~25 % nonzero and gemm skips zero left-operand entries, so the dense count overstates the work done'
    },
    summary
  }
  mkdirSync(join(here, 'results'), { recursive: true })
  writeFileSync(join(here, 'results/le-train.json'), JSON.stringify(result, null, 2) + '\n')
  console.log(JSON.stringify(result, null, 2))
}
main()
