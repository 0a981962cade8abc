// One loss+gradient evaluation of the latent fit at P = 2000, D = 100, N = 784 (the fit
// size) on 1 and 2 threads, alternating, many times in one process: the best (minimum) wall time
// shows what the threads give when the cores are free, the median what they gave under the load
// of the run; CPU = the whole process (all threads). Complements mnist-fit.bench.ts, whose
// whole-fit figures on a loaded 2-core machine mix the speed-up with the wait for a core.
//   TSX_TSCONFIG_PATH=tsconfig.node.json npx tsx bench/mnist-fit-threads.bench.ts [reps=30] [threads=2]
import { cpus, loadavg } from 'node:os'
import { Rng } from '@numeric/random/rng'
import { LatentObjective } from '@engines/pseudoreal/latentFit'

const [reps = 30, more = 2] = process.argv.slice(2).map(Number)
const P = 2000, D = 100, N = 784
const rng = Rng.stream(0, 'bench/threads')
const px = new Uint8Array(P * N)
for (let i = 0; i < px.length; i++) px[i] = rng.int(256)
const theta = new Float64Array(P * D + D * N)
rng.fillNormal(theta)
const opts = { D, f: 'tanh' as const, lambdaC: 1, lambdaF: 1, lambdaMean: 1 }
const objs = [new LatentObjective(px, P, N, { ...opts, threads: 1 }), new LatentObjective(px, P, N, { ...opts, threads: more })]
const g = new Float64Array(theta.length)
for (const o of objs) o.evaluate(theta, g) // warm-up (JIT, wasm, the workers' start)
const wall: number[][] = [[], []], cpu: number[][] = [[], []], data: number[][] = [[], []]
const load0 = loadavg()[0]
for (let r = 0; r < reps; r++)
  for (const k of r % 2 === 0 ? [0, 1] : [1, 0]) {
    const o = objs[k]
    const d0 = o.dataTermSeconds
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    o.evaluate(theta, g)
    wall[k].push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu[k].push((c.user + c.system) / 1000)
    data[k].push((o.dataTermSeconds - d0) * 1000)
  }
for (const o of objs) o.close()
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
// CPU/wall > 1 for an evaluation: its threads ran at the same time (the cores were free enough)
const row = (k: number) => ({ threads: objs[k].threads, bestMs: Math.min(...wall[k]), medianMs: med(wall[k]), medianCpuMs: med(cpu[k]), bestDataTermMs: Math.min(...data[k]), maxCpuOverWall: Math.max(...cpu[k].map((c, i) => c / wall[k][i])) })
const a = row(0), b = row(1)
const p = a.bestDataTermMs / a.bestMs
console.log(JSON.stringify({ cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, load: [load0, loadavg()[0]], reps, one: a, more: b, speedupBest: a.bestMs / b.bestMs, speedupMedian: a.medianMs / b.medianMs, parallelShareBest: p, amdahl8: 1 / (1 - p + p / 8) }, null, 1))
