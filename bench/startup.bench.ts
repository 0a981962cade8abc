// Start-up of the command line and of a run (issue 13, item 3).
// Run: npx tsx --tsconfig tsconfig.node.json bench/startup.bench.ts [reps=7]
//  - `lab list` as a whole process on an archive of 200 runs: the built bundle (bin/lab.mjs, as
//    users run it), the same with a --filter, the sources through tsx (what bin/lab.mjs did before
//    the bundle), and a bare `node -e 0` as the floor; interleaved, median of the repetitions.
//  - a run's first record: in a plain Node process, a fresh Lab (bundled like the CLI; cold worker
//    pool on the bundled worker out/cli/task.js, as in `lab run`) queues a small hmm run; times from
//    'created' to 'running' (the task started) and to the first stored record (the first progress
//    event), and the process's CPU over the same span, medians over repetitions.
//  - the same in a real `lab run` (node bin/lab.mjs run spec.json, a fresh archive each time): this
//    process polls the archive and notes when the run's first record is stored (an artifact, a point
//    or its progress); 'created' and 'running' are the run's created_at and started_at. With
//    LAB_BEFORE=<another clone>/bin/lab.mjs, that command runs too, interleaved (paired before/after).
// Writes bench/results/startup.json and bench/startup.md. Targets: list ≤ 0.2 s, first record ≤ 0.1 s.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { Lab } from '@main/api'
import { buildCli, bundleOptions } from '../scripts/build-cli.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')
const REPS = Number(process.argv[2] ?? 7)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

await buildCli()
const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-startup-'))
const db = path.join(dir, 'lab.db')
{
  const lab = new Lab({ db, threads: 1 })
  lab.store.db.transaction(() => {
    for (let i = 0; i < 200; i++) lab.store.createRun({ name: `run ${i}`, engine: 'hmm', seed: i, spec: { engine: 'hmm', model: { N: 100 + i }, train: { lr: (i % 10) / 10 } } })
  })()
  await lab.close()
}
// the CLI as it was started before the bundle: the TypeScript sources compiled by tsx at every start
const viaTsx = path.join(root, 'out', 'lab-via-tsx.mjs') // inside the clone, to find tsx in node_modules
writeFileSync(
  viaTsx,
  `import { tsImport } from 'tsx/esm/api'
const { main } = await tsImport(${JSON.stringify(path.join(root, 'src/main/cli.ts'))}, { parentURL: ${JSON.stringify(path.join(root, 'bin/lab.mjs'))}, tsconfig: ${JSON.stringify(path.join(root, 'tsconfig.node.json'))} })
process.exitCode = await main(process.argv.slice(2))`
)

const commands: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'lab list (bundle)': [path.join(root, 'bin/lab.mjs'), 'list', '--db', db],
  'lab list --filter (bundle)': [path.join(root, 'bin/lab.mjs'), 'list', '--db', db, '--filter', 'eta<0.5 N>=150 -"run 19"'],
  'lab list (sources via tsx)': [viaTsx, 'list', '--db', db]
}
const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]))
// CPU time (user + system) of each process, by GNU time when present: on a shared machine it is
// what the wall time would be on a quiet one, near enough for a process that uses one core
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]))
const load: number[] = []
for (let rep = -1; rep < REPS; rep++) {
  load.push(os.loadavg()[0])
  for (const [name, args] of Object.entries(commands)) {
    const t0 = performance.now()
    const [cmd, argv] = gnuTime ? [gnuTime, ['-f', 'cpu %U %S', process.execPath, ...args]] : [process.execPath, args]
    const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } })
    const ms = performance.now() - t0
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`)
    if (rep < 0) continue // rep -1 warms the file cache
    times[name].push(ms)
    const m = /cpu ([\d.]+) ([\d.]+)/.exec(String(r.stderr))
    if (m) cpu[name].push(1000 * (Number(m[1]) + Number(m[2])))
  }
}

// a run's first record, from a cold pool, in a plain Node process (no tsx: its loader would slow
// the worker thread too) on a bundle of the Lab made like the CLI's, beside the CLI's worker
const { build } = await import('esbuild')
const benchDir = path.join(root, 'out', 'cli', 'bench')
await build({ ...(bundleOptions({ 'bench-lab': 'src/main/api.ts' }) as object), write: true, outdir: benchDir, splitting: false, sourcemap: false })
const child = path.join(benchDir, 'first-record.mjs')
writeFileSync(
  child,
  `import { Lab } from './bench-lab.js'
const [db, reps, task] = [process.argv[2], Number(process.argv[3]), process.argv[4]]
const spec = { engine: 'hmm', model: { N: 200, D: 100 }, train: { tMax: 2, testSamples: 1000, points: 50 }, solve: ['sgd'] }
const out = { started: [], first: [], warmStarted: [], warmFirst: [], cpuToFirst: [] }
for (let rep = 0; rep < 2 * reps; rep++) {
  // alternately cold (the pool starts with the run) and warmed as \`lab run\` does (runner.warm() when the archive opens)
  const warm = rep % 2 === 1
  const lab = new Lab({ db, threads: 1, worker: { filename: task } })
  if (warm) lab.runner.warm()
  let created = 0, cpu0 = process.cpuUsage(), started = false
  const seen = new Promise((resolve) => lab.subscribe((e) => {
    if (e.type === 'created') { created = performance.now(); cpu0 = process.cpuUsage() }
    else if (e.type === 'status' && e.status === 'running' && !started) { started = true; (warm ? out.warmStarted : out.started).push(performance.now() - created) }
    else if (e.type === 'progress' && started) {
      started = false
      ;(warm ? out.warmFirst : out.first).push(performance.now() - created)
      // CPU of every thread of the process (main + the pool's new worker) from 'created' to the first record
      if (!warm) { const c = process.cpuUsage(cpu0); out.cpuToFirst.push((c.user + c.system) / 1000) }
      resolve()
    }
  }))
  await lab.call('createRun', { spec })
  await seen
  await lab.runner.drain()
  await lab.close()
}
console.log(JSON.stringify(out))
`
)
type FirstRecord = Record<'started' | 'first' | 'warmStarted' | 'warmFirst' | 'cpuToFirst', number[]>
function firstRecordWith(worker: string, reps: number): FirstRecord {
  const measured = spawnSync(process.execPath, [child, db, String(reps), worker], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
  if (measured.status !== 0) throw new Error(`first-record child failed: ${measured.stderr}`)
  return JSON.parse(measured.stdout.trim().split('\n').at(-1)!) as FirstRecord
}
const firstRecord = firstRecordWith(path.join(root, 'out/cli/task.js'), REPS)
// the worker as it was loaded before the bundle: the TypeScript sources through tsx
const viaTsxWorker = firstRecordWith(path.join(root, 'src/workers/dev-entry.mjs'), Math.max(1, Math.ceil(REPS / 2)))

// a real `lab run` as a user starts it: created_at → started_at → the first stored record, from the archive
const specFile = path.join(dir, 'first-record.json')
writeFileSync(specFile, JSON.stringify({ engine: 'hmm', seed: 1, model: { N: 200, D: 100 }, train: { tMax: 2, testSamples: 1000, points: 50 }, solve: ['sgd'] }))
interface LabRun { started: number; first: number; cpu: number | null; rssMiB: number | null; load: number }
async function labRun(bin: string, db: string): Promise<LabRun> {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true })
  const load = os.loadavg()[0]
  const [cmd, argv] = gnuTime ? [gnuTime, ['-f', 'cpu %U %S %M', process.execPath, bin, 'run', specFile, '--db', db]] : [process.execPath, [bin, 'run', specFile, '--db', db]]
  const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  let running = true
  void exited.then(() => (running = false))
  let reader: Database.Database | null = null
  let row: { created_at: string; started_at: string | null; stored: number; progress: number | null } | undefined
  let firstAt: number | null = null
  while (running && firstAt === null) {
    try {
      reader ??= existsSync(db) ? new Database(db, { readonly: true, fileMustExist: true }) : null
      row = reader?.prepare('SELECT created_at, started_at, progress, (SELECT count(*) FROM artifacts) + (SELECT count(*) FROM (SELECT 1 FROM series LIMIT 1)) AS stored FROM runs').get() as typeof row
      if (row && (row.progress !== null || row.stored > 0)) firstAt = Date.now()
    } catch {
      // the archive is being created (schema not there yet): look again
    }
    await new Promise((r) => setTimeout(r, 1))
  }
  const code = await exited
  reader?.close()
  if (code !== 0 || !row || firstAt === null || !row.started_at) throw new Error(`lab run (${bin}) failed or stored nothing: ${stderr}`)
  const created = Date.parse(row.created_at)
  const m = /cpu ([\d.]+) ([\d.]+) (\d+)/.exec(stderr)
  return { started: Date.parse(row.started_at) - created, first: firstAt - created, cpu: m ? 1000 * (Number(m[1]) + Number(m[2])) : null, rssMiB: m ? Number(m[3]) / 1024 : null, load }
}
const labBins: Record<string, string> = { 'lab run (this clone)': path.join(root, 'bin/lab.mjs'), ...(process.env.LAB_BEFORE ? { [`lab run (${process.env.LAB_BEFORE})`]: process.env.LAB_BEFORE } : {}) }
const labRuns: Record<string, LabRun[]> = Object.fromEntries(Object.keys(labBins).map((k) => [k, []]))
for (let rep = -1; rep < REPS; rep++) {
  const order = rep % 2 ? Object.entries(labBins) : Object.entries(labBins).reverse()
  for (const [name, bin] of order) {
    const r = await labRun(bin, path.join(dir, 'first-record.db'))
    if (rep >= 0) labRuns[name].push(r)
  }
}
rmSync(benchDir, { recursive: true, force: true })
rmSync(dir, { recursive: true, force: true })
rmSync(viaTsx, { force: true })

const result = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, loadavg1: load },
  reps: REPS,
  listMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median: median(v), all: v.map((x) => Math.round(x)), cpuMedian: cpu[k].length ? median(cpu[k]) : null }])),
  firstRecordMs: {
    started: median(firstRecord.started),
    first: median(firstRecord.first),
    allFirst: firstRecord.first.map((x) => Math.round(x)),
    warmStarted: median(firstRecord.warmStarted),
    warmFirst: median(firstRecord.warmFirst),
    allWarmFirst: firstRecord.warmFirst.map((x) => Math.round(x)),
    cpuCreatedToFirstCold: median(firstRecord.cpuToFirst),
    tsxWorkerCold: { started: median(viaTsxWorker.started), first: median(viaTsxWorker.first), cpu: median(viaTsxWorker.cpuToFirst) }
  },
  labRun: Object.fromEntries(
    Object.entries(labRuns).map(([k, v]) => [
      k,
      {
        started: median(v.map((r) => r.started)),
        first: median(v.map((r) => r.first)),
        allFirst: v.map((r) => r.first),
        cpuMs: v[0]?.cpu === null ? null : median(v.map((r) => r.cpu!)),
        rssMiB: v[0]?.rssMiB === null ? null : median(v.map((r) => r.rssMiB!)),
        load: v.map((r) => +r.load.toFixed(1))
      }
    ])
  )
}
writeFileSync(path.join(here, 'results/startup.json'), JSON.stringify(result, null, 2) + '\n')
const rows = Object.entries(result.listMs).map(([k, v]) => `| ${k} | **${Math.round(v.median)} ms** | ${v.cpuMedian === null ? '—' : `${Math.round(v.cpuMedian)} ms`} | ${v.all.join(', ')} |`)
const md = `# Start-up

\`npx tsx --tsconfig tsconfig.node.json bench/startup.bench.ts\` — ${result.date.slice(0, 10)}, ${result.machine.cpu} (${result.machine.cores} cores, shared), Node ${result.machine.node}.
Load average (1 min) during the list timings: ${load.map((l) => l.toFixed(1)).join(', ')}. Medians of ${REPS} interleaved whole-process runs.

| command (archive of 200 runs) | median wall | median CPU (user + sys) | all wall (ms) |
|---|---|---|---|
${rows.join('\n')}

\`lab list\` above the bare \`node -e 0\` floor: **${Math.round(result.listMs['lab list (bundle)'].median - result.listMs['node -e 0'].median)} ms** with the bundle,
${Math.round(result.listMs['lab list (sources via tsx)'].median - result.listMs['node -e 0'].median)} ms through tsx. Target: \`lab list\` ≤ 200 ms on a quiet machine.

A run's first record (hmm N=200 D=100, a fresh Lab with a one-thread pool on the bundled worker), medians:

| pool | 'created' → 'running' (task started) | 'running' → first stored record | 'created' → first stored record (all, ms) |
|---|---|---|---|
| cold (starts with the run) | ${Math.round(result.firstRecordMs.started)} ms | **${Math.round(result.firstRecordMs.first - result.firstRecordMs.started)} ms** | ${Math.round(result.firstRecordMs.first)} ms (${result.firstRecordMs.allFirst.join(', ')}) |
| warmed when the archive opens (\`lab run\`) | ${Math.round(result.firstRecordMs.warmStarted)} ms | **${Math.round(result.firstRecordMs.warmFirst - result.firstRecordMs.warmStarted)} ms** | ${Math.round(result.firstRecordMs.warmFirst)} ms (${result.firstRecordMs.allWarmFirst.join(', ')}) |
| cold, worker from the sources through tsx (before) | ${Math.round(result.firstRecordMs.tsxWorkerCold.started)} ms | ${Math.round(result.firstRecordMs.tsxWorkerCold.first - result.firstRecordMs.tsxWorkerCold.started)} ms | ${Math.round(result.firstRecordMs.tsxWorkerCold.first)} ms (CPU ${Math.round(result.firstRecordMs.tsxWorkerCold.cpu)} ms) |

A real \`lab run\` of the same spec (whole process, a fresh archive; 'created' and 'running' are the run's
created_at and started_at, the first record is when this bench saw it stored), medians:

| command | 'created' → 'running' | 'created' → first stored record (all, ms) | process CPU | peak RSS | load (1 min) |
|---|---|---|---|---|---|
${Object.entries(result.labRun).map(([k, v]) => `| ${k} | ${Math.round(v.started)} ms | **${Math.round(v.first)} ms** (${v.allFirst.join(', ')}) | ${v.cpuMs === null ? '—' : `${Math.round(v.cpuMs)} ms`} | ${v.rssMiB === null ? '—' : `${Math.round(v.rssMiB)} MiB`} | ${v.load.join(', ')} |`).join('\n')}

CPU (all threads) from 'created' to the first record, cold pool: **${Math.round(result.firstRecordMs.cpuCreatedToFirstCold)} ms** (median) — about what a
quiet machine would take; it is the worker thread starting and loading the engines (out/cli/task.js).

Target: first record ≤ 100 ms after the run is created.

What makes it: the CLI runs one minified JavaScript bundle (scripts/build-cli.mjs; zod bundled with its
English messages only, the server and the worker pool loaded only when used), a single \`lab run\`
runs its engine on the CLI's own thread (src/main/runner/inlinePool.ts: no worker thread to start,
zod and the shared code loaded once; its task module's import starts before cli.js loads), the
task builds only its run's engine's spec schema (src/shared/runSpecLoaders.ts), and it sends its
first record at once instead of after the first 100 ms batch; each batch is stored as it is sent.
\`lab list\` and \`lab show\` read the archive through the store alone (src/main/cli.ts): the Lab with every
engine's spec schema, the runner, export and the cluster commands are imported only by the commands
that use them, so \`list\` loads cli.js (11 KB), zod, the query parser and better-sqlite3.
`
// hand-written notes below the NOTES line (paired before/after measurements, what was tried) are kept
const NOTES = '<!-- notes: kept when the bench rewrites this file -->'
const mdFile = path.join(here, 'startup.md')
const old = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : ''
writeFileSync(mdFile, old.includes(NOTES) ? md + '\n' + old.slice(old.indexOf(NOTES)) : md)
console.log(md)
