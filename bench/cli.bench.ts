// Whole-process benchmark of the issue-13 workloads: `lab run` (SGD, ODE) as a CLI process against
// Goldt's C++ (sgoldt/hidden-manifold-model, online-learning/hmm_online.cpp and hmm_ode.cpp, built as
// bench/README.md says; paths from GOLDT_ONLINE and GOLDT_ODE), one thread each, in the same run,
// alternating which goes first. Each process is timed by /usr/bin/time (user + system CPU, wall,
// peak RSS); the figures are medians over pairs and the median of the per-pair CPU ratios, with the
// 1-minute load average before each pair (other jobs share the machine: CPU time is the figure
// that moves least, wall time is recorded too).
// Run: npx tsx bench/cli.bench.ts [workload …]   (default: all but sgd-4000, whose C++ run takes
// ~2 min; CLI_PAIRS pairs each, default 3; LAB_CLI the lab command, default package.json's `lab`
// script, i.e. what `npm run lab` runs, without npm). Without GOLDT_*, only the lab runs.
// LAB_BEFORE="node <another clone>/bin/lab.mjs": that lab runs too in each pair, interleaved, for a
// paired before/after of the lab alone (CPU and peak RSS medians and per-pair ratios).
// Writes bench/results/cli.json (workloads not run keep their earlier entry).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, '..')

interface Workload {
  name: string
  solve: 'sgd' | 'ode'
  N: number
  D: number
  tMax: number
}

// the table of issue #13: K = M = 2, erf/erf, f = sgn, η = 0.2, 10 000 test samples, 200 points
const WORKLOADS: Workload[] = [
  { name: 'sgd-1000', solve: 'sgd', N: 1000, D: 500, tMax: 20 },
  { name: 'sgd-2000', solve: 'sgd', N: 2000, D: 1000, tMax: 5 },
  { name: 'sgd-4000', solve: 'sgd', N: 4000, D: 2000, tMax: 5 },
  { name: 'ode-1000', solve: 'ode', N: 1000, D: 500, tMax: 100 },
  { name: 'ode-2000', solve: 'ode', N: 2000, D: 1000, tMax: 100 }
]

interface Measure {
  cpu: number
  user: number
  sys: number
  wall: number
  maxRssMiB: number
}

/** run a command under /usr/bin/time; null if it failed */
function timed(cmd: string[], cwd: string, env: NodeJS.ProcessEnv): Measure | null {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %e %M', ...cmd], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 })
  const line = (r.stderr ?? '').split('\n').find((l) => l.startsWith('TIME '))
  if (r.status !== 0 || !line) {
    console.error(`failed: ${cmd.join(' ')}\n${(r.stderr ?? '').slice(-2000)}`)
    return null
  }
  const [user, sys, wall, rssKb] = line.slice(5).split(' ').map(Number)
  return { cpu: user + sys, user, sys, wall, maxRssMiB: rssKb / 1024 }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function main() {
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed (Debian package "time")')
  const wanted = process.argv.slice(2)
  const list = wanted.length ? WORKLOADS.filter((w) => wanted.includes(w.name)) : WORKLOADS.filter((w) => w.name !== 'sgd-4000')
  const pairs = Number(process.env.CLI_PAIRS ?? 3)
  const labScript = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.lab
  const lab = (process.env.LAB_CLI ?? labScript).split(' ')
  const before = process.env.LAB_BEFORE ? process.env.LAB_BEFORE.split(' ') : null
  const goldt = { sgd: process.env.GOLDT_ONLINE, ode: process.env.GOLDT_ODE }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-bench-'))
  // one thread everywhere: OpenBLAS, OpenMP, and the lab's pool (one run uses one worker anyway)
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString(), lab: lab.join(' ') }
  console.log(`machine: ${machine.cpu} (${machine.cores} cores), node ${machine.node}; lab = ${machine.lab}; ${pairs} pairs`)
  const results: ({ name: string } & Record<string, unknown>)[] = []
  try {
    for (const w of list) {
      const spec = {
        engine: 'hmm', seed: 1, solve: [w.solve],
        model: { N: w.N, D: w.D, K: 2, M: 2, g: 'erf', teacherG: 'erf', f: 'sgn' },
        train: { lr: 0.2, tMax: w.tMax, testSamples: 10_000, points: 200 },
        ...(w.solve === 'ode' ? { ode: { dt: 0.01, method: 'euler' } } : {})
      }
      const specFile = path.join(dir, `${w.name}.json`)
      writeFileSync(specFile, JSON.stringify(spec))
      const ref = goldt[w.solve]
      const refCmd = ref && existsSync(ref)
        ? w.solve === 'sgd'
          ? [ref, '--g', '1', '--f', '3', '-N', String(w.N), '-D', String(w.D), '-M', '2', '-K', '2', '--lr', '0.2', '--steps', String(w.tMax), '--quiet']
          : [ref, '--g', '1', '-N', String(w.N), '--delta', String(w.D / w.N), '-M', '2', '-K', '2', '--lr', '0.2', '--steps', String(w.tMax), '--dt', '0.01', '--quiet']
        : null
      const rows = []
      for (let p = 0; p < pairs; p++) {
        const db = path.join(dir, `${w.name}-${p}.db`)
        const load1 = +os.loadavg()[0].toFixed(2)
        const runLab = () => timed([...lab, 'run', specFile, '--db', db], root, env)
        const runRef = () => (refCmd ? timed(refCmd, dir, env) : null)
        const runBefore = () => (before ? timed([...before, 'run', specFile, '--db', `${db}.before`], root, env) : null)
        let labM: Measure | null, refM: Measure | null, beforeM: Measure | null
        if (p % 2 === 0) (beforeM = runBefore()), (labM = runLab()), (refM = runRef())
        else (refM = runRef()), (labM = runLab()), (beforeM = runBefore())
        for (const f of [`${db}.before`, `${db}.before-wal`, `${db}.before-shm`]) rmSync(f, { force: true })
        rmSync(db, { force: true })
        rmSync(`${db}-wal`, { force: true })
        rmSync(`${db}-shm`, { force: true })
        if (!labM) throw new Error(`lab run ${w.name} failed`)
        rows.push({ load1, lab: labM, ref: refM, ratio: refM ? labM.cpu / refM.cpu : null, before: beforeM })
        if (beforeM) console.log(`${w.name} pair ${p + 1}: before ${beforeM.cpu.toFixed(2)} s CPU, ${beforeM.maxRssMiB.toFixed(0)} MiB`)
        console.log(`${w.name} pair ${p + 1}: lab ${labM.cpu.toFixed(2)} s CPU (${labM.wall.toFixed(2)} s wall, ${labM.maxRssMiB.toFixed(0)} MiB)` +
          (refM ? `, C++ ${refM.cpu.toFixed(2)} s CPU (${refM.wall.toFixed(2)} s wall, ${refM.maxRssMiB.toFixed(0)} MiB), ratio ${(labM.cpu / refM.cpu).toFixed(2)}` : ', C++ not run') + `; load ${load1}`)
      }
      const withRef = rows.filter((r) => r.ref)
      const s = {
        ...w,
        pairs,
        labCpu: median(rows.map((r) => r.lab.cpu)),
        labWall: median(rows.map((r) => r.lab.wall)),
        labMaxRssMiB: median(rows.map((r) => r.lab.maxRssMiB)),
        refCpu: withRef.length ? median(withRef.map((r) => r.ref!.cpu)) : null,
        refWall: withRef.length ? median(withRef.map((r) => r.ref!.wall)) : null,
        refMaxRssMiB: withRef.length ? median(withRef.map((r) => r.ref!.maxRssMiB)) : null,
        ratioCpu: withRef.length ? median(withRef.map((r) => r.ratio!)) : null,
        ...(before ? { beforeCpu: median(rows.map((r) => r.before!.cpu)), beforeMaxRssMiB: median(rows.map((r) => r.before!.maxRssMiB)), afterOverBeforeCpu: median(rows.map((r) => r.lab.cpu / r.before!.cpu)) } : {}),
        load1: rows.map((r) => r.load1),
        runs: rows
      }
      results.push(s)
      if (before) console.log(`${w.name}: before ${s.beforeCpu!.toFixed(2)} s CPU, ${s.beforeMaxRssMiB!.toFixed(0)} MiB; after/before CPU ${s.afterOverBeforeCpu!.toFixed(3)} (median of pairs)`)
      console.log(`${w.name}: lab ${s.labCpu.toFixed(2)} s CPU, ${s.labMaxRssMiB.toFixed(0)} MiB; C++ ${s.refCpu?.toFixed(2) ?? '—'} s, ${s.refMaxRssMiB?.toFixed(0) ?? '—'} MiB; lab/C++ ${s.ratioCpu?.toFixed(2) ?? '—'} (median of pairs)`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  // workloads not run this time keep their last recorded figures (each entry has its own machine and date)
  const file = path.join(here, 'results', 'cli.json')
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).workloads as { name: string }[]).filter((w) => !results.some((r) => r.name === w.name)) : []
  const all = [...kept, ...results.map((r) => ({ ...r, machine }))].sort((a, b) => WORKLOADS.findIndex((w) => w.name === a.name) - WORKLOADS.findIndex((w) => w.name === b.name))
  writeFileSync(file, JSON.stringify({ workloads: all }, null, 1) + '\n')
  console.log('wrote bench/results/cli.json')
}

main()
