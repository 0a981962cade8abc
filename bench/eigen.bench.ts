// Benchmark of the symmetric eigensolver (src/workers/numeric/linalg/symmetricEigen.ts) against
// LAPACK dsyevd through NumPy's eigh (OpenBLAS, one thread). Run: npx tsx bench/eigen.bench.ts
// [n …] (default 500 1000 2000; EIGEN_PAIRS runs per size, default 3).
// Each pair: one random symmetric matrix (entries U(−½, ½)) written to a temporary file; the lab's
// solver in a fresh process (plain node on an esbuild bundle: the first call, as an engine makes
// it, then a second, warm call) and NumPy's eigh in a fresh python3 on the same file, in
// alternating order. CPU time of the call itself (process.cpuUsage / time.process_time), the load
// average before each pair, medians over pairs and the median of the per-pair ratios. The child
// also checks the result: max |AV − VΛ| and max |VᵀV − I| over ‖A‖·n.
// Writes bench/results/eigen.json. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed from the
// reference's environment (set on some machines for other tools; unset together).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { gemm } from '@numeric/linalg/gemm'

const here = path.dirname(fileURLToPath(import.meta.url))

function lcg(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5
}

function matrix(n: number, seed: number): Float64Array {
  const g = lcg(seed)
  const A = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = g()
  return A
}

// ------------------------------------------------------------------ child side
function child(n: number, seed: number) {
  const A = matrix(n, seed)
  const cpu = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1e6
  }
  let t = cpu()
  const { values, vectors } = symmetricEigen(A, n)
  const cold = cpu() - t
  t = cpu()
  symmetricEigen(A, n)
  const warm = cpu() - t
  t = cpu()
  symmetricEigen(A, n, { vectors: false })
  const valuesOnly = cpu() - t
  const V = vectors!
  const AV = new Float64Array(n * n)
  gemm(n, n, n, A, V, AV)
  let res = 0, norm = 0
  for (let i = 0; i < n; i++) {
    let rs = 0
    for (let j = 0; j < n; j++) {
      rs += Math.abs(A[i * n + j])
      res = Math.max(res, Math.abs(AV[i * n + j] - V[i * n + j] * values[j]))
    }
    norm = Math.max(norm, rs)
  }
  gemm(n, n, n, V, V, AV, { transA: true })
  let orth = 0
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) orth = Math.max(orth, Math.abs(AV[i * n + j] - (i === j ? 1 : 0)))
  return { cold, warm, valuesOnly, residual: res / (norm * n), orthogonality: orth / n, maxRssMiB: process.resourceUsage().maxRSS / 1024 }
}

// ------------------------------------------------------------------ parent side
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

async function main() {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0)
  const ns = sizes.length ? sizes : [500, 1000, 2000]
  const pairs = Number(process.env.EIGEN_PAIRS ?? 3)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eigen-bench-'))
  const bundle = path.join(dir, 'bench.mjs')
  const { build } = await import('esbuild')
  await build({ entryPoints: [fileURLToPath(import.meta.url)], bundle: true, platform: 'node', format: 'esm', outfile: bundle, external: ['esbuild'], logLevel: 'error', tsconfig: path.join(here, '..', 'tsconfig.base.json') })
  const refEnv: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
  delete refEnv.OPENBLAS_CORETYPE
  delete refEnv.OPENBLAS_L2_SIZE
  const runLab = (n: number, seed: number) => {
    const r = spawnSync(process.execPath, [bundle, '--child', String(n), String(seed)], { encoding: 'utf8', maxBuffer: 1 << 20 })
    if (r.status !== 0) throw new Error(r.stderr)
    return JSON.parse(r.stdout.trim().split('\n').pop()!)
  }
  const runRef = (file: string, n: number, what: 'vectors' | 'values') => {
    const r = spawnSync('python3', [path.join(here, 'eigh_reference.py'), file, String(n), what], { encoding: 'utf8', env: refEnv })
    if (r.status !== 0) return null
    return JSON.parse(r.stdout.trim().split('\n').pop()!)
  }
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString() }
  console.log(`machine: ${machine.cpu} (${machine.cores} cores), node ${machine.node}; ${pairs} pairs per size`)
  const bySize = []
  try {
    for (const n of ns) {
      const rows = []
      for (let p = 0; p < pairs; p++) {
        const seed = 1000 * n + p
        const file = path.join(dir, `A-${n}-${p}.f64`)
        const A = matrix(n, seed)
        writeFileSync(file, new Uint8Array(A.buffer))
        const load = os.loadavg()[0]
        let lab, ref, refValues
        if (p % 2 === 0) {
          lab = runLab(n, seed)
          ref = runRef(file, n, 'vectors')
          refValues = runRef(file, n, 'values')
        } else {
          refValues = runRef(file, n, 'values')
          ref = runRef(file, n, 'vectors')
          lab = runLab(n, seed)
        }
        rmSync(file)
        rows.push({ load1: +load.toFixed(2), lab, ref, refValues })
        console.log(`n=${n} pair ${p + 1}: lab ${lab.cold.toFixed(3)} s (warm ${lab.warm.toFixed(3)}, values only ${lab.valuesOnly.toFixed(3)}), NumPy ${ref ? ref.cpu.toFixed(3) : '—'} s (values only ${refValues ? refValues.cpu.toFixed(3) : '—'}), load ${load.toFixed(2)}; residual ${lab.residual.toExponential(1)}, orthogonality ${lab.orthogonality.toExponential(1)}`)
      }
      const withRef = rows.filter((r) => r.ref)
      const summary = {
        n,
        pairs,
        labCold: median(rows.map((r) => r.lab.cold)),
        labWarm: median(rows.map((r) => r.lab.warm)),
        labValuesOnly: median(rows.map((r) => r.lab.valuesOnly)),
        numpy: withRef.length ? median(withRef.map((r) => r.ref.cpu)) : null,
        numpyValuesOnly: withRef.length ? median(withRef.map((r) => r.refValues.cpu)) : null,
        ratioCold: withRef.length ? median(withRef.map((r) => r.lab.cold / r.ref.cpu)) : null,
        ratioWarm: withRef.length ? median(withRef.map((r) => r.lab.warm / r.ref.cpu)) : null,
        ratioValuesOnly: withRef.length ? median(withRef.map((r) => r.lab.valuesOnly / r.refValues.cpu)) : null,
        maxResidual: Math.max(...rows.map((r) => r.lab.residual)),
        maxOrthogonality: Math.max(...rows.map((r) => r.lab.orthogonality)),
        load1: rows.map((r) => r.load1),
        library: withRef[0]?.ref.library ?? null,
        runs: rows
      }
      bySize.push(summary)
      const f = (x: number | null) => (x === null ? '—' : x.toFixed(2))
      console.log(`n=${n}: lab ${summary.labCold.toFixed(3)} s cold / ${summary.labWarm.toFixed(3)} s warm, NumPy ${summary.numpy?.toFixed(3) ?? '—'} s; lab/NumPy ${f(summary.ratioCold)} cold, ${f(summary.ratioWarm)} warm, ${f(summary.ratioValuesOnly)} values only`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  writeFileSync(path.join(here, 'results', 'eigen.json'), JSON.stringify({ machine, pairs, bySize }, null, 1) + '\n')
  console.log('wrote bench/results/eigen.json')
}

if (process.argv[2] === '--child') console.log(JSON.stringify(child(Number(process.argv[3]), Number(process.argv[4]))))
else await main()
