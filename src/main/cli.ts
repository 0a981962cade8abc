// `lab`: the command-line transport over the one API (src/main/api.ts).
// Exit codes: 0 done, 1 a run failed / diverged / was cancelled, 2 bad input.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { apiArgs, type ApiMethod, type ApiResults, type RunRow, type SweepRow } from '@shared/api'
import { ValidationError, parseOrThrow } from '@shared/errors'
import { parseRunQuery, pointAt, QuerySyntaxError } from '@shared/query'
import type { Lab } from './api'
import type { TaskPool } from '@main/runner/pool'
import { readJsonFile } from './jsonFile'
import { ArchiveError, archiveErrorOf, defaultDbPath, openDatabase } from '@main/store/database'
import { NotFoundError, RunStore } from '@main/store/runStore'
// Start-up (issue 13): only what `lab list` needs is imported here. The Lab (every engine's spec
// schema, the runner, the cluster tools), export and cluster commands are imported by the
// commands that use them, so the bundle's cli.js stays small and `lab list` / `lab show` read
// the archive without loading them (esbuild puts each dynamic import in its own chunk).

const usageText = (clusterUsage: string) => `Manifold Lab — online SGD against the ODE theory, in a local archive.

usage:
  lab run <spec.json|preset> [--db FILE] [--set path=value]... [--json] [--threads N]
                  (a sweep preset queues all its points; --set then edits its base spec)
  lab sweep <sweep.json> [--db FILE] [--jobs N] [--json]
  lab list [--filter QUERY] [--db FILE] [--json]
                  (QUERY as in the Runs view: words, K=2, eta<0.5, latent=gaussian, tag:paper, -word)
  lab show <run-id> [--db FILE] [--json]
  lab export <run-id> [--db FILE] --format csv|json|npy --out DIR [--force]
                  (an existing file is never overwritten without --force)
  lab presets [--json]
  lab mnist fit --images FILE --labels FILE [--P n] [--D n] [--iterations n] [--lambda-c x]
                [--lambda-f x] [--limit n] [--seed n] [--set path=value]... [--db FILE] [--json]
  lab mnist run <pipeline-id> [--set path=value]... [--db FILE] [--json]
  lab serve [--db FILE] [--port P] [--no-token]
                  (the API needs the token in the URL it prints; --no-token turns that off)

${clusterUsage}

The archive is --db FILE, else $LAB_DB, else ${defaultDbPath()}.
Run ids may be shortened to any unique prefix.`

/** The usage text (the cluster commands' part lives with them). */
async function usage(): Promise<string> {
  return usageText((await import('@main/cluster/cli')).CLUSTER_USAGE)
}

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  /** is stderr a terminal (progress bars) */
  tty: boolean
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  tty: Boolean(process.stderr.isTTY)
}

class UsageError extends Error {
  override readonly name = 'UsageError'
}

const FINAL_OK = new Set(['completed'])
/** most worker threads a run or sweep may ask for (each holds one engine's memory) */
const MAX_THREADS = 256

/** what bin/lab.mjs started before loading the CLI: the pool of a `lab run <spec.json>` (src/main/runner/earlyPool.ts) */
export interface Started {
  pool?: Promise<TaskPool>
}

export async function main(argv: string[], io: Io = defaultIo, started: Started = {}): Promise<number> {
  // a pool started for a run is the run command's to use or close; any other path closes it
  let earlyPool = started.pool
  try {
    return await dispatch(argv, io, () => {
      const pool = earlyPool
      earlyPool = undefined
      return pool
    })
  } finally {
    await closePool(earlyPool)
  }
}

async function dispatch(argv: string[], io: Io, takePool: () => Promise<TaskPool> | undefined): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out((await usage()) + '\n')
    return command ? 0 : 2
  }
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io, takePool())
      case 'sweep':
        return rest.some((a) => a === '--cluster' || a.startsWith('--cluster=')) ? await (await import('@main/cluster/cli')).sweepBundleCommand(rest, io) : await sweepCommand(rest, io)
      case 'cluster':
        return await (await import('@main/cluster/cli')).clusterCommand(rest, io)
      case 'import':
        return await (await import('@main/cluster/cli')).importCommand(rest, io)
      case 'list':
        return await listCommand(rest, io)
      case 'show':
        return await showCommand(rest, io)
      case 'export':
        return await exportCommand(rest, io)
      case 'presets':
        return await presetsCommand(rest, io)
      case 'mnist':
        return await mnistCommand(rest, io)
      case 'serve':
        return await serveCommand(rest, io)
      default:
        throw new UsageError(`unknown command '${command}'`)
    }
  } catch (e) {
    if (e instanceof ValidationError || e instanceof UsageError || (e instanceof Error && e.name === 'JsonFileError')) {
      io.err(`lab: ${e.message}\n`)
      if (e instanceof UsageError) io.err(`\n${await usage()}\n`)
      return 2
    }
    if (e instanceof NotFoundError || e instanceof ArchiveError || (e instanceof Error && e.name === 'ExportError')) {
      io.err(`lab: ${e.message}\n`)
      return 2
    }
    if (e instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(String((e as { code?: string }).code ?? e.message))) {
      io.err(`lab: ${e.message}\n\n${await usage()}\n`)
      return 2
    }
    throw e
  }
}

type Flags = Record<string, string | boolean | string[] | undefined>
type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>

function parse(args: string[], options: OptionSpec): { values: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { db: { type: 'string' }, json: { type: 'boolean' }, ...options }, allowPositionals: true, strict: true })
    return { values: values as Flags, positionals }
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}

async function openLab(db: string | undefined, threads?: number, readonly?: 'auto', pool?: Promise<TaskPool>): Promise<Lab> {
  try {
    const { Lab } = await import('./api')
    return new Lab({ db: defaultDbPath(db), threads, readonly, pool })
  } catch (e) {
    await closePool(pool) // the Lab would have owned it
    throw e
  }
}

/**
 * The pool of a `lab run <spec.json>` when bin/lab.mjs did not start it (main() called otherwise):
 * started before the Lab is loaded, so the engines load meanwhile (on this thread for one thread).
 */
async function runPool(threads: number): Promise<TaskPool> {
  return (await import('@main/runner/earlyPool')).startRunPool(threads)
}

async function closePool(pool: Promise<TaskPool> | undefined): Promise<void> {
  if (pool) await (await pool).destroy()
}

/**
 * A reader's way into the archive (list, show): the store alone, opened as the Lab opens it for
 * readers, the argument parsed by the API's schema and errors named as Lab.call names them.
 */
function readArchive<K extends 'listRuns' | 'getRun', T>(db: string | undefined, method: K, rawArg: unknown, fn: (store: RunStore, arg: ReturnType<(typeof apiArgs)[K]['parse']>) => T): T {
  const arg = parseOrThrow(apiArgs[method] as never, rawArg, `arguments of ${method}`)
  const store = new RunStore(openDatabase(defaultDbPath(db), { readonly: 'auto' }))
  try {
    return fn(store, arg as ReturnType<(typeof apiArgs)[K]['parse']>)
  } catch (e) {
    throw archiveErrorOf(store.db.name, e) ?? e
  } finally {
    store.db.close()
  }
}

/**
 * Open the archive, do fn with it, close it. 'auto': readers (list, show, export) open a read-only
 * file read-only; 'warm': a run follows, so start the worker pool at once (it loads the engines
 * while this thread reads the spec).
 */
async function withLab<T>(db: string | undefined, threads: number | undefined, fn: (lab: Lab) => Promise<T>, mode?: 'auto' | 'warm', pool?: Promise<TaskPool>): Promise<T> {
  const lab = await openLab(db, threads, mode === 'auto' ? 'auto' : undefined, pool)
  if (mode === 'warm') lab.runner.warm()
  try {
    return await fn(lab)
  } finally {
    await lab.close()
  }
}

/** Wait for the queued runs (progress bar; the signals cancel them). */
async function drainRuns(lab: Lab, ids: string[], io: Io, signals: NodeJS.Signals[]): Promise<void> {
  const stopProgress = progressBar(lab, ids, io)
  const cancel = () => ids.forEach((id) => lab.runner.cancel(id))
  for (const s of signals) process.once(s, cancel)
  await lab.runner.drain()
  for (const s of signals) process.off(s, cancel)
  stopProgress()
}

/** Wait for one queued run, print it; exit code 0 if it completed. */
async function awaitRun(lab: Lab, id: string, json: boolean, io: Io, signals: NodeJS.Signals[]): Promise<number> {
  await drainRuns(lab, [id], io, signals)
  const run = lab.store.getRun(id)
  printRun(lab.store, run, json, io)
  return FINAL_OK.has(run.status) ? 0 : 1
}

function printRun(store: RunStore, run: RunRow, json: boolean, io: Io): void {
  if (json) io.out(JSON.stringify(storedRun(store, run), null, 2) + '\n')
  else io.out(describeRun(store, run))
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) throw new UsageError(`${flag} must be a whole number from 1 to ${MAX_THREADS}, got '${value}'`)
  return n
}

async function runCommand(args: string[], io: Io, started?: Promise<TaskPool>): Promise<number> {
  // the pool is this function's until withLab takes it (the Lab then closes it)
  let pool = started
  try {
    const { values, positionals } = parse(args, { set: { type: 'string', multiple: true }, threads: { type: 'string' } })
    if (positionals.length !== 1) throw new UsageError('lab run takes one spec file or preset id')
    const target = positionals[0]
    const set = (values.set as string[] | undefined) ?? []
    // a spec file is one run (the rule of src/main/runner/earlyPool.ts, which may have started its pool)
    const isFile = target.endsWith('.json') || target.includes('/')
    const threads = positiveInt(values.threads as string | undefined, '--threads')
    // a spec file: its pool starts now if not yet (a preset may be a sweep, known once presets are read)
    if (isFile) pool ??= runPool(threads ?? 1)
    const arg = isFile ? { spec: await readJsonFile(target, 'spec'), set } : { preset: target, set }
    if (!isFile && (await presetKind(target)) === 'sweep') {
      // a sweep preset: every point on the pool (all threads unless --threads)
      return await withLab(values.db as string | undefined, threads, async (lab) => {
        const started = await lab.call('startPreset', { id: target, set })
        if (started.kind !== 'sweep') throw new Error('unreachable')
        return awaitSweep(lab, started, Boolean(values.json), io)
      }, 'warm')
    }
    // one run (a spec file, or a preset of one run): its pool, started above for a file
    const handed = pool ?? runPool(threads ?? 1)
    pool = undefined
    return await withLab(values.db as string | undefined, threads ?? 1, async (lab) => {
      const created = await lab.call('createRun', arg)
      return awaitRun(lab, created.id, Boolean(values.json), io, ['SIGINT', 'SIGTERM'])
    }, 'warm', handed)
  } finally {
    await closePool(pool)
  }
}

async function sweepCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { jobs: { type: 'string' } })
  if (positionals.length !== 1) throw new UsageError('lab sweep takes one sweep file')
  const sweep = await readJsonFile(positionals[0], 'sweep')
  return withLab(values.db as string | undefined, positiveInt(values.jobs as string | undefined, '--jobs'), async (lab) =>
    awaitSweep(lab, await lab.call('createSweep', { sweep }), Boolean(values.json), io), 'warm'
  )
}

async function presetKind(id: string): Promise<string | undefined> {
  return withLab(':memory:', undefined, async (lab) => (await lab.call('listPresets', {})).find((p) => p.id === id)?.kind)
}

/** Wait for the queued runs of a sweep, print them; exit code 0 if all completed. */
async function awaitSweep(lab: Lab, started: { sweep: SweepRow; runs: RunRow[]; skipped: number }, json: boolean, io: Io): Promise<number> {
  const { sweep: row, runs, skipped } = started
  if (!json) io.err(`sweep ${row.id} '${row.name}': ${runs.length} runs queued on ${lab.runner.threads} threads, ${skipped} already done\n`)
  await drainRuns(lab, runs.map((r) => r.id), io, ['SIGINT'])
  const finalRuns = lab.store.getSweep(row.id).runIds.map((id) => lab.store.getRun(id))
  const failed = finalRuns.filter((r) => !FINAL_OK.has(r.status))
  if (json) io.out(JSON.stringify({ sweep: lab.store.getSweep(row.id), runs: finalRuns.map((r) => ({ id: r.id, name: r.name, status: r.status, summary: r.summary })), skipped }, null, 2) + '\n')
  else io.out(finalRuns.map((r) => `${r.id}  ${r.status.padEnd(11)} ${r.name}`).join('\n') + '\n')
  return failed.length === 0 ? 0 : 1
}

async function listCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { status: { type: 'string' }, filter: { type: 'string' }, text: { type: 'string' } })
  const filter = (values.filter ?? values.text) as string | undefined
  if (filter !== undefined) {
    try {
      parseRunQuery(filter)
    } catch (e) {
      if (!(e instanceof QuerySyntaxError)) throw e
      io.err(`lab: --filter is malformed at ${e.message}\n${pointAt(filter, e)}\n`)
      return 2
    }
  }
  const runs: ApiResults['listRuns'] = readArchive(values.db as string | undefined, 'listRuns', { text: filter, status: values.status ? [values.status] : undefined }, (store, f) => store.listRuns(f))
  if (values.json) io.out(JSON.stringify(runs, null, 2) + '\n')
  else if (runs.length === 0) io.out(filter || values.status ? 'no runs match\n' : 'no runs yet: try `lab run goldt-2020` or `lab presets`\n')
  else {
    io.out(`${'id'.padEnd(12)}  ${'status'.padEnd(11)}  ${'engine'.padEnd(6)}  ${'created'.padEnd(19)}  ${'ε_g sgd'.padStart(10)}  ${'ε_g ode'.padStart(10)}  name\n`)
    for (const r of runs) {
      const s = r.summary as Record<string, unknown>
      io.out(`${r.id}  ${r.status.padEnd(11)}  ${r.engine.padEnd(6)}  ${r.createdAt.slice(0, 19).replace('T', ' ')}  ${fmt(s['sgd.egFinal'] ?? s['egFinal']).padStart(10)}  ${fmt(s['ode.egFinal']).padStart(10)}  ${r.name}\n`)
    }
  }
  return 0
}

async function showCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {})
  if (positionals.length !== 1) throw new UsageError('lab show takes one run id')
  return readArchive(values.db as string | undefined, 'getRun', { id: positionals[0] }, (store, { id }) => {
    printRun(store, store.getRun(id), Boolean(values.json), io)
    return 0
  })
}

async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } })
  if (positionals.length !== 1) throw new UsageError('lab export takes one run id')
  if (!values.out) throw new UsageError('lab export needs --out DIR')
  const out = values.out as string
  return withLab(values.db as string | undefined, undefined, async (lab) => {
    const files = await lab.call('exportRun', { id: positionals[0], format: values.format as never })
    const { writeExport } = await import('./exportFiles')
    const written = await writeExport(out, files, Boolean(values.force))
    io.out(values.json ? JSON.stringify(written) + '\n' : written.map((p) => p + '\n').join(''))
    return 0
  }, 'auto')
}

/** `lab mnist fit …` (an mnist-fit run on IDX files) and `lab mnist run <pipeline-id>` (a pseudoreal run on it). */
async function mnistCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  const numeric = ['P', 'D', 'iterations', 'lambda-c', 'lambda-f', 'limit', 'seed'] as const
  const options: OptionSpec = { set: { type: 'string', multiple: true }, threads: { type: 'string' } }
  if (sub === 'fit') {
    options.images = { type: 'string' }
    options.labels = { type: 'string' }
    for (const k of numeric) options[k] = { type: 'string' }
  } else if (sub !== 'run') throw new UsageError(sub ? `unknown mnist command '${sub}' (fit or run)` : 'lab mnist needs fit or run')
  const { values, positionals } = parse(rest, options)
  const set = (values.set as string[] | undefined) ?? []
  let spec: Record<string, unknown>
  if (sub === 'fit') {
    if (positionals.length) throw new UsageError(`lab mnist fit takes no positional arguments, got '${positionals[0]}'`)
    if (!values.images || !values.labels) throw new UsageError('lab mnist fit needs --images FILE and --labels FILE')
    spec = { engine: 'mnist-fit', images: resolve(values.images as string), labels: resolve(values.labels as string) }
    const keys: Record<(typeof numeric)[number], string> = { P: 'P', D: 'D', iterations: 'iterations', 'lambda-c': 'lambdaC', 'lambda-f': 'lambdaF', limit: 'limit', seed: 'seed' }
    for (const k of numeric) if (values[k] !== undefined) spec[keys[k]] = Number(values[k])
  } else {
    if (positionals.length !== 1) throw new UsageError('lab mnist run takes one pipeline (mnist-fit) run id')
    spec = { engine: 'pseudoreal', pipeline: positionals[0] }
  }
  return withLab(values.db as string | undefined, positiveInt(values.threads as string | undefined, '--threads') ?? 1, async (lab) => {
    if (sub === 'run') spec.pipeline = lab.store.resolveId(spec.pipeline as string)
    const created = await lab.call('createRun', { spec, set })
    return awaitRun(lab, created.id, Boolean(values.json), io, ['SIGINT'])
  }, 'warm')
}

async function presetsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {})
  return withLab(':memory:', undefined, async (lab) => {
    const presets = await lab.call('listPresets', {})
    if (values.json) io.out(JSON.stringify(presets, null, 2) + '\n')
    else for (const p of presets) io.out(`${p.id.padEnd(32)} ${p.kind.padEnd(6)} ${p.title}\n`)
    return 0
  })
}

async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, threads: { type: 'string' }, 'no-token': { type: 'boolean' } })
  const port = values.port === undefined ? 5178 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got '${values.port}'`)
  const { serve } = await import('./server')
  const lab = await openLab(values.db as string | undefined, positiveInt(values.threads as string | undefined, '--threads'))
  const server = await serve(lab, { port, ...(values['no-token'] ? { token: null } : {}) })
  io.out(`Manifold Lab at ${server.url}  (archive: ${defaultDbPath(values.db as string | undefined)}; Ctrl+C stops)\n`)
  if (server.token === null) io.err('lab: --no-token: any program or user on this machine can drive this server\n')
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await server.close()
  await lab.close()
  return 0
}

/** What `lab run --json` and `lab show --json` print: the stored run and its series names. */
function storedRun(store: RunStore, run: RunRow) {
  return { ...run, series: store.listSeries(run.id), artifacts: store.listArtifacts(run.id).map((a) => a.name) }
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? v.toPrecision(4) : v === undefined ? '' : String(v)
}

function describeRun(store: RunStore, run: RunRow): string {
  const lines = [
    `run      ${run.id}  ${run.name}`,
    `status   ${run.status}${run.error ? `: ${run.error}` : ''}`,
    `engine   ${run.engine} v${run.engineVersion ?? '?'}   seed ${run.seed}   lab ${run.labVersion ?? 'unknown'}`,
    `created  ${run.createdAt}${run.finishedAt && run.startedAt ? `   took ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(2)} s` : ''}`
  ]
  if (run.tags.length) lines.push(`tags     ${run.tags.join(', ')}`)
  const summary = Object.entries(run.summary)
  if (summary.length) {
    lines.push('summary')
    for (const [k, v] of summary) lines.push(`  ${k.padEnd(22)} ${typeof v === 'number' ? v.toPrecision(6) : JSON.stringify(v)}`)
  }
  const names = store.listSeries(run.id)
  lines.push(`series   ${names.length}: ${names.slice(0, 12).join(' ')}${names.length > 12 ? ' …' : ''}`)
  return lines.join('\n') + '\n'
}

/** A one-line progress bar on stderr (terminals only); returns the function that stops it. */
function progressBar(lab: Lab, ids: string[], io: Io): () => void {
  if (!io.tty) return () => undefined
  const fractions = new Map(ids.map((id) => [id, 0]))
  const eta = new Map<string, number | null>()
  const draw = () => {
    const mean = [...fractions.values()].reduce((a, b) => a + b, 0) / Math.max(1, fractions.size)
    const width = 30
    const filled = Math.round(mean * width)
    const left = Math.max(0, ...[...eta.values()].map((e) => e ?? 0))
    io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(mean * 100).toFixed(0).padStart(3)}%  ${ids.length > 1 ? `${ids.length} runs  ` : ''}eta ${left.toFixed(0)} s   `)
  }
  const unsubscribe = lab.subscribe((e) => {
    if (e.type === 'progress' && fractions.has(e.runId)) {
      fractions.set(e.runId, e.fraction)
      eta.set(e.runId, e.etaSeconds)
      draw()
    } else if (e.type === 'status' && fractions.has(e.runId) && e.status !== 'running') {
      fractions.set(e.runId, 1)
      eta.set(e.runId, 0)
      draw()
    }
  })
  return () => {
    unsubscribe()
    io.err('\n')
  }
}

