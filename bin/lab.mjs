#!/usr/bin/env node
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
//    doubling while the bundle loads (to 8 MiB): the main thread only stores records; −3–4 MiB.
//    (The workers' young generation has its own limit: maxYoungGenerationSizeMb, src/main/runner/pool.ts.)
//  - optimizing compiles run on the thread that asked for them, not on V8's helper threads, whose
//    malloc arenas kept their scratch memory: −3 MiB, the same CPU.
// Not for list/show/export (nothing to gain; the small young generation costs them ~10 ms) nor serve.
if (['run', 'sweep', 'mnist'].includes(argv[0])) {
  v8.setFlagsFromString('--semi-space-growth-factor=1')
  v8.setFlagsFromString('--no-concurrent-recompilation')
}
// Node ≥ 22.1 keeps V8's compiled code between runs (a no-op on older Node)
module.enableCompileCache?.(`${cliDir}/.compile-cache`)
if (await ensureCliBundle()) process.stderr.write('lab: built the command-line bundle (out/cli/) from the changed sources\n')
// `lab run <spec.json>`: its worker thread starts now and loads the engines while this thread loads
// the CLI and the Lab (src/main/runner/earlyPool.ts); the run command takes the pool
const pool = argv[0] === 'run' ? (await import(pathToFileURL(earlyPoolEntry).href)).earlyRunPool(argv) : undefined
const { main } = await import(pathToFileURL(cliEntry).href)
process.exitCode = await main(argv, undefined, { pool })
