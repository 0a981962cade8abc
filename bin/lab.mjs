#!/usr/bin/env -S node --no-concurrent-recompilation
// The `lab` command. Runs the CLI's JavaScript bundle (out/cli/cli.js, made by
// scripts/build-cli.mjs): no TypeScript compiler at run time. When the sources are newer than the
// bundle (a fresh clone, an edit), it is rebuilt first, in about half a second.
import module from 'node:module'
import v8 from 'node:v8'
import { pathToFileURL } from 'node:url'
import { cliDir, cliEntry, earlyPoolEntry, ensureCliBundle } from '../scripts/build-cli.mjs'

const argv = process.argv.slice(2)
// V8 settings for a smaller process when this process runs engines (issue 13: a `lab run` ≤ 100 MiB;
// figures in bench/speed.md), set before anything is loaded, process-wide (the engine workers too):
//  - this thread's young generation stays at V8's initial size (1 MiB semi-spaces) instead of
//    growing to 8 MiB and more. A single `lab run` runs its engine on this thread (InlinePool), so
//    the engine's garbage is scavenged here: −12 to −15 MiB of peak RSS for the SGD and ODE runs
//    of bench/cli.bench.ts, CPU the same within 1–4 % (bench/speed.md, 2026-12-01).
//    (The workers' young generation has its own limit: maxYoungGenerationSizeMb, src/main/runner/pool.ts.)
//  - optimizing compiles run on the thread that asked for them, not on V8's helper threads, whose
//    malloc arenas kept their scratch memory: −3 MiB, the same CPU. V8 reads this one when an
//    isolate starts: set here it reaches the worker threads (sweeps, --threads N > 1, the MNIST
//    fit's team), not this thread; so the command itself starts node with it (the line above, and
//    `npm run lab`), for a single run's engine on this thread: ODE −8 %, SGD −4 % CPU (bench/speed.md).
// Not for list/show/export (nothing to gain; the small young generation costs them ~10 ms) nor serve.
if (['run', 'sweep', 'mnist'].includes(argv[0])) {
  v8.setFlagsFromString('--semi-space-growth-factor=1')
  v8.setFlagsFromString('--no-concurrent-recompilation')
}
// Node ≥ 22.1 keeps V8's compiled code between runs (a no-op on older Node)
module.enableCompileCache?.(`${cliDir}/.compile-cache`)
if (await ensureCliBundle()) process.stderr.write('lab: built the command-line bundle (out/cli/) from the changed sources\n')
// `lab run <spec.json>`: its pool starts now (src/main/runner/earlyPool.ts), while cli.js loads:
// on one thread (the default) the engine runs on this thread and the import of the task module
// (out/cli/task.js) starts here, its files read while cli.js's are; with --threads N > 1 the
// worker thread starts and loads the engines meanwhile. The run command takes the pool.
const early = argv[0] === 'run' ? import(pathToFileURL(earlyPoolEntry).href) : undefined
const cli = import(pathToFileURL(cliEntry).href)
const pool = early && (await early).earlyRunPool(argv)
const { main } = await cli
process.exitCode = await main(argv, undefined, { pool })
