// Benchmark of the pseudo-real fit (MATH.md §4): P = 10 000 real digits, D = 100, 200 L-BFGS
// iterations, one thread. Each fit runs in a fresh child process (peak RSS = its maxRSS).
// Also measures the matrix-multiply throughput of this machine: our kernels (WebAssembly SIMD
// and JS) on 1000³ and on the fit's three shapes, and, when python3 with numpy is present,
// OpenBLAS dgemm on one thread as the native reference. The machine may be shared: every figure
// is the best (minimum time) of several runs.
//   npx tsx bench/mnist-fit.bench.ts [runs=2] [P=10000] [D=100] [iterations=200] [threads=1[,2,…]]
// (issue #13's comparison: runs=3 P=2000 D=100 iterations=50 threads=1,2: every run fits once per
// thread count, in alternating order, wall and CPU of the whole process, and the Amdahl estimate
// from the 1-thread runs' share of wall time in the row-split data term). Each fit is paired with SciPy's
// L-BFGS-B on the same loss from the same start (bench/latent_fit_reference.py), one thread.
// Writes bench/results/mnist-fit.json and bench/mnist-fit.md (…-P2000-D100-it50.* for other sizes).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readMnist } from '@main/mnist/idx'
import { writeMnistPackageAsIdx } from '../scripts/mnistPackage'
import { Rng } from '@numeric/random/rng'
import { fitLatents } from '@engines/pseudoreal/latentFit'
import { gemm, gemmBackend, setGemmBackend, type GemmBackend } from '@numeric/linalg/gemm'

const here = dirname(fileURLToPath(import.meta.url))

interface ChildArgs {
  images: string
  labels: string
  P: number
  D: number
  iterations: number
  /** threads of the fit (LatentFitOptions.threads) */
  threads: number
  /** write the pixels (P·N uint8) and the start θ0 (float64) here, for the SciPy reference */
  dump?: { pixels: string; theta: string }
}

interface ChildResult {
  seconds: number
  /** CPU time (user + system) of the fit */
  cpuSeconds: number
  readSeconds: number
  evaluations: number
  iterations: number
  loss: number
  recon: number
  offdiagC: number
  offdiagF: number
  maxRssMiB: number
  backend: GemmBackend
  threads: number
  /** wall seconds in the row-split data term (the part the threads share) */
  dataTermSeconds: number
}

/** flops of one loss+gradient evaluation: 3 products of 2PDN, Gram terms 4PD² + 4D²N */
const flopsPerEvaluation = (P: number, D: number, N: number) => 6 * P * D * N + 4 * P * D * D + 4 * D * D * N

async function child(args: ChildArgs): Promise<ChildResult> {
  const t0 = performance.now()
  const data = await readMnist(args.images, args.labels, { limit: args.P })
  const readSeconds = (performance.now() - t0) / 1000
  const N = data.rows * data.cols
  if (args.dump) {
    // the start fitLatents draws from the same stream: F from split 'F', C from split 'C'
    const rng = Rng.stream(0, 'bench')
    const theta = new Float64Array(args.P * args.D + args.D * N)
    rng.split('F').fillNormal(theta, args.P * args.D)
    rng.split('C').fillNormal(theta, 0, args.P * args.D)
    writeFileSync(args.dump.pixels, data.pixels.subarray(0, args.P * N))
    writeFileSync(args.dump.theta, new Uint8Array(theta.buffer))
  }
  const t1 = performance.now()
  const c1 = process.cpuUsage()
  const gen = fitLatents(data.pixels, args.P, N, { D: args.D, f: 'tanh', lambdaC: 1, lambdaF: 1, lambdaMean: 1, iterations: args.iterations, history: 10, threads: args.threads }, Rng.stream(0, 'bench'))
  let r = gen.next()
  let evaluations = 0
  while (!r.done) {
    evaluations = r.value.evaluations
    r = gen.next()
  }
  const seconds = (performance.now() - t1) / 1000
  const cu = process.cpuUsage(c1)
  const d = r.value.diagnostics
  return {
    seconds, cpuSeconds: (cu.user + cu.system) / 1e6, readSeconds, evaluations, iterations: r.value.lbfgs.iterations,
    loss: d.loss, recon: d.recon, offdiagC: d.offdiagC, offdiagF: d.offdiagF,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    backend: gemmBackend(),
    threads: r.value.threads,
    dataTermSeconds: r.value.dataTermSeconds
  }
}

function bestGflops(m: number, n: number, k: number, tA: boolean, tB: boolean, reps: number): number {
  const rnd = Rng.stream(1, 'bench/gemm')
  const A = new Float64Array(m * k), B = new Float64Array(k * n), C = new Float64Array(m * n)
  rnd.fillNormal(A)
  rnd.fillNormal(B)
  gemm(m, n, k, A, B, C, { transA: tA, transB: tB }) // warm-up (JIT, wasm memory)
  let best = Infinity
  for (let i = 0; i < reps; i++) {
    const t = performance.now()
    gemm(m, n, k, A, B, C, { transA: tA, transB: tB })
    best = Math.min(best, performance.now() - t)
  }
  return (2 * m * n * k) / (best / 1000) / 1e9
}

function numpyGflops(): { square: number; fitShape: number; library: string } | null {
  const code = [
    'import numpy as np, time',
    'r = {}',
    'for name, (m, k, n) in {"square": (1000, 1000, 1000), "fitShape": (10000, 100, 784)}.items():',
    '    A = np.random.rand(m, k); B = np.random.rand(k, n); A @ B',
    '    best = min((lambda t: (A @ B, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(7))',
    '    r[name] = 2 * m * k * n / best / 1e9',
    'cfg = np.__config__.CONFIG["Build Dependencies"]["blas"]',
    'r["library"] = f"{cfg.get(\'name\')} {cfg.get(\'version\')}"',
    'import json; print(json.dumps(r))'
  ].join('\n')
  try {
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
    const out = execFileSync('python3', ['-c', code], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000 })
    return JSON.parse(out)
  } catch {
    return null
  }
}

async function main() {
  const [runs = 2, P = 10_000, D = 100, iterations = 200] = process.argv.slice(2, 6).map(Number)
  const threadCounts = (process.argv[6] ?? '1').split(',').map(Number)
  const N = 784
  const tmp = mkdtempSync(join(tmpdir(), 'mnist-fit-bench-'))
  try {
    const files = await writeMnistPackageAsIdx(tmp)
    if (P > files.count) throw new Error(`P = ${P} > ${files.count} digits available`)

    // ---- matmul throughput ----
    const shapes = [
      { name: 'U = C F (NN)', m: 2048, n: N, k: D, tA: false, tB: false },
      { name: '∇C = G Fᵀ (NT)', m: 2048, n: D, k: N, tA: false, tB: true },
      { name: '∇F = Cᵀ G (TN)', m: D, n: N, k: 2048, tA: true, tB: false }
    ]
    const matmul: Record<string, Record<string, number>> = {}
    for (const b of ['wasm-simd', 'js'] as GemmBackend[]) {
      setGemmBackend(b)
      matmul[b] = { 'square 1000³': bestGflops(1000, 1000, 1000, false, false, 5) }
      for (const s of shapes) matmul[b][s.name] = bestGflops(s.m, s.n, s.k, s.tA, s.tB, 9)
    }
    setGemmBackend('wasm-simd')
    const native = numpyGflops()
    const peak = Math.max(...Object.values(matmul['wasm-simd']))

    // ---- fit runs, each in a fresh process ----
    const results: ChildResult[] = []
    /** runs with threads > 1 */
    const threaded: ChildResult[] = []
    // each lab fit paired with SciPy's L-BFGS-B on the same loss from the same start (one thread),
    // alternating which goes first; the reference is skipped without python3 + scipy
    const dump = { pixels: join(tmp, 'pixels.u8'), theta: join(tmp, 'theta0.f64') }
    const refEnv: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
    delete refEnv.OPENBLAS_CORETYPE
    delete refEnv.OPENBLAS_L2_SIZE
    const scipy: { cpu: number; wall: number; loss: number; iterations: number; evaluations: number; load1: number }[] = []
    const runScipy = () => {
      const r = spawnSync('python3', [join(here, 'latent_fit_reference.py'), dump.pixels, dump.theta, String(P), String(D), String(N), String(iterations)], { encoding: 'utf8', env: refEnv })
      if (r.status !== 0) return null
      const o = JSON.parse(r.stdout.trim().split('\n').pop()!)
      console.log(`  SciPy L-BFGS-B: ${o.cpu.toFixed(1)} s CPU, loss ${o.loss.toFixed(5)}, ${o.iterations} iterations, ${o.evaluations} evaluations`)
      return o
    }
    for (let i = 0; i < runs; i++) {
      const load1 = (await import('node:os')).loadavg()[0]
      let ref = i % 2 === 1 && i > 0 ? runScipy() : null
      // every thread count once per run, the order reversed on odd runs (pairs, not blocks)
      const order = i % 2 === 0 ? threadCounts : [...threadCounts].reverse()
      for (const threads of order) {
        const args: ChildArgs = { images: files.images, labels: files.labels, P, D, iterations, threads, dump }
        const res = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify(args)], {
          encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20
        })
        if (res.status !== 0) throw new Error(`child run ${i} (threads ${threads}) failed (${res.status})`)
        const r = JSON.parse(res.stdout.trim().split('\n').pop()!) as ChildResult
        const loadAfter = (await import('node:os')).loadavg()[0]
        ;(threads === 1 ? results : threaded).push({ ...r, load1: loadAfter } as ChildResult)
        console.log(`run ${i + 1}/${runs}, ${threads} thread(s): ${r.seconds.toFixed(1)} s (${r.cpuSeconds.toFixed(1)} s CPU; data term ${r.dataTermSeconds.toFixed(1)} s), loss ${r.loss.toFixed(5)}, ${r.evaluations} evaluations, peak RSS ${r.maxRssMiB.toFixed(0)} MiB; load ${loadAfter.toFixed(1)}`)
      }
      if (i % 2 === 0) ref = runScipy()
      if (ref) scipy.push({ ...ref, load1 })
    }
    if (results.length === 0) throw new Error('the thread counts must include 1 (the reference of the speed-ups)')
    const best = results.reduce((a, b) => (b.seconds < a.seconds ? b : a))
    const flops = best.evaluations * flopsPerEvaluation(P, D, N)
    const gflops = flops / best.seconds / 1e9
    const machine = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      v8: process.versions.v8,
      loadAverageAtStart: (await import('node:os')).loadavg()
    }
    const out = {
      date: new Date().toISOString(),
      machine,
      problem: { P, D, N, iterations, f: 'tanh', history: 10, lambdaC: 1, lambdaF: 1, lambdaMean: 1, flopsPerEvaluation: flopsPerEvaluation(P, D, N) },
      runs: results,
      best: {
        seconds: best.seconds,
        secondsPerIteration: best.seconds / best.iterations,
        evaluations: best.evaluations,
        gflops,
        fractionOfKernelPeak: gflops / peak,
        fractionOfNativeDgemm: native ? gflops / native.square : null,
        maxRssMiB: Math.max(...results.map((r) => r.maxRssMiB)),
        loss: best.loss,
        recon: best.recon,
        offdiagC: best.offdiagC,
        offdiagF: best.offdiagF
      },
      scipy: scipy.length
        ? { runs: scipy, medianCpu: median(scipy.map((x) => x.cpu)), labMedianCpu: median(results.map((x) => x.cpuSeconds)), ratioCpu: median(results.map((x) => x.cpuSeconds)) / median(scipy.map((x) => x.cpu)) }
        : null,
      threads: threadSummary(threadCounts, results, threaded),
      matmulGflops: matmul,
      kernelPeakGflops: peak,
      nativeDgemm1Thread: native
    }
    mkdirSync(join(here, 'results'), { recursive: true })
    // the default problem keeps the plain names; another one gets its own files
    const name = P === 10_000 && D === 100 && iterations === 200 ? 'mnist-fit' : `mnist-fit-P${P}-D${D}-it${iterations}`
    writeFileSync(join(here, 'results', `${name}.json`), JSON.stringify(out, null, 2) + '\n')
    writeFileSync(join(here, `${name}.md`), report(out, name))
    console.log(readFileSync(join(here, `${name}.md`), 'utf8'))
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

/**
 * Per thread count: medians of wall and CPU seconds, and the wall speed-up over 1 thread (ratio
 * of medians). Amdahl from the 1-thread runs: parallel share p = (data-term wall)/(fit wall),
 * S(T) = 1/((1 − p) + p/T).
 */
function threadSummary(counts: number[], one: ChildResult[], more: ChildResult[]) {
  const all = [...one, ...more]
  const wall1 = median(one.map((r) => r.seconds))
  const p = median(one.map((r) => r.dataTermSeconds / r.seconds))
  const amdahl = (T: number) => 1 / (1 - p + p / T)
  return {
    parallelShare: p,
    amdahl: { 2: amdahl(2), 4: amdahl(4), 8: amdahl(8) },
    byThreads: counts.map((T) => {
      const rs = all.filter((r) => r.threads === T)
      const wall = median(rs.map((r) => r.seconds))
      return { threads: T, runs: rs.length, wall, cpu: median(rs.map((r) => r.cpuSeconds)), evaluations: median(rs.map((r) => r.evaluations)), loss: rs.map((r) => r.loss), load1: rs.map((r: any) => r.load1), speedup: wall1 / wall, amdahl: amdahl(T) }
    })
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function report(o: any, name: string): string {
  const f = (x: number, d = 2) => x.toFixed(d)
  const mm = o.matmulGflops
  const rows = Object.keys(mm['wasm-simd']).map((k) => `| ${k} | ${f(mm['wasm-simd'][k])} | ${f(mm.js[k])} |`).join('\n')
  const nat = o.nativeDgemm1Thread
  return `# Pseudo-real fit benchmark

\`npx tsx bench/mnist-fit.bench.ts ${o.runs.length} ${o.problem.P} ${o.problem.D} ${o.problem.iterations}\` — raw figures in \`bench/results/${name}.json\` (${o.date.slice(0, 10)}).

Problem: P = ${o.problem.P} real digits (npm package \`mnist\`, converted to IDX), D = ${o.problem.D}, N = ${o.problem.N},
f = tanh, ${o.problem.iterations} L-BFGS iterations (m = 10), one thread. One loss+gradient evaluation is three
products of 2PDN flops (U = CF/√D, GFᵀ, CᵀG) plus the Gram terms: ${f(o.problem.flopsPerEvaluation / 1e9, 3)} GFLOP.

Machine: ${o.machine.cpu}, ${o.machine.cores} cores, ${o.machine.memoryGiB} GiB, Node ${o.machine.node} (V8 ${o.machine.v8}).
**The machine was shared with other jobs** (load average at start ${o.machine.loadAverageAtStart.map((x: number) => f(x, 1)).join(', ')}):
every figure is the best of several runs (minimum time), the fit the best of ${o.runs.length} runs, each in a fresh process.

| fit | value |
| --- | --- |
| time, ${o.problem.iterations} iterations | ${f(o.best.seconds, 1)} s (${f(o.best.secondsPerIteration, 2)} s/iteration, ${o.best.evaluations} evaluations) |
| peak RSS (fresh child process, maxRSS) | ${f(o.best.maxRssMiB, 0)} MiB |
| throughput, whole fit | ${f(o.best.gflops)} GFLOP/s |
| fraction of our matmul kernel's peak (${f(o.kernelPeakGflops)} GFLOP/s) | ${f(100 * o.best.fractionOfKernelPeak, 0)} % |
${nat ? `| fraction of native dgemm, 1 thread (${nat.library}: ${f(nat.square)} GFLOP/s) | ${f(100 * o.best.fractionOfNativeDgemm, 0)} % |\n` : ''}${o.scipy ? `| SciPy L-BFGS-B + NumPy, same loss and start, 1 thread (median of ${o.scipy.runs.length}) | ${f(o.scipy.medianCpu, 1)} s CPU, loss ${o.scipy.runs.map((x: any) => f(x.loss, 5)).join(' / ')} |\n| lab, CPU (median of ${o.runs.length}) | ${f(o.scipy.labMedianCpu, 1)} s, loss ${o.runs.map((x: any) => f(x.loss, 5)).join(' / ')}: **lab/SciPy ${f(o.scipy.ratioCpu)}** |\n` : ''}
Threads (one fit's rows of C split over worker threads; medians; speed-up = median wall at 1 thread / at T;
Amdahl from the 1-thread runs' parallel share p = ${f(100 * o.threads.parallelShare, 1)} % of the wall time, S(T) = 1/((1 − p) + p/T):
S(2) = ${f(o.threads.amdahl[2])}, S(4) = ${f(o.threads.amdahl[4])}, **S(8) = ${f(o.threads.amdahl[8])}**):

| threads | runs | wall (s) | CPU (s) | evaluations | speed-up | Amdahl | loss | load after each |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${o.threads.byThreads.map((t: any) => `| ${t.threads} | ${t.runs} | ${f(t.wall, 1)} | ${f(t.cpu, 1)} | ${t.evaluations} | ${f(t.speedup)} | ${f(t.amdahl)} | ${t.loss.map((x: number) => f(x, 5)).join(' / ')} | ${t.load1.map((x: number) => f(x, 1)).join(', ')} |`).join('\n')}

Matrix multiply, GFLOP/s (best of 5–9 runs):

| shape | WebAssembly SIMD | JS |
| --- | --- | --- |
${rows}
${nat ? `| OpenBLAS dgemm, 1 thread, via numpy: 1000³ / 10000×100·100×784 | ${f(nat.square)} / ${f(nat.fitShape)} | |\n` : ''}
The fit runs at a fraction of the kernel's peak because of the element-wise work between the
products (tanh, residual, f′ on P·N entries per evaluation), packing, and the L-BFGS vector
updates on P·D + D·N parameters. Fit quality at the end of the best run: loss ${f(o.best.loss, 4)},
reconstruction error ${f(o.best.recon, 4)}, max |off-diagonal| of CᵀC/P ${f(o.best.offdiagC, 3)}, of FFᵀ/N ${f(o.best.offdiagF, 3)}.
`
}

if (process.argv[2] === '--child') {
  child(JSON.parse(process.argv[3]) as ChildArgs).then((r) => console.log(JSON.stringify(r)))
} else {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
