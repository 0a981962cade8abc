#!/usr/bin/env node
// The `lab` command. Runs the CLI's JavaScript bundle (out/cli/cli.js, made by
// scripts/build-cli.mjs): no TypeScript compiler at run time. When the sources are newer than the
// bundle (a fresh clone, an edit), it is rebuilt first, in about half a second.
import module from 'node:module'
import v8 from 'node:v8'
import { pathToFileURL } from 'node:url'
import { cliDir, cliEntry, ensureCliBundle } from '../scripts/build-cli.mjs'

// This thread's young generation stays at V8's initial size (1 MiB semi-spaces) instead of doubling
// while the bundle loads (to 8 MiB here): a `lab run`'s main thread only stores records, and its
// peak RSS drops by ~5 MiB (bench/speed.md). Set before anything is loaded; the engine workers
// have their own limit (maxYoungGenerationSizeMb, src/main/runner/pool.ts).
v8.setFlagsFromString('--semi-space-growth-factor=1')
// Node ≥ 22.1 keeps V8's compiled code between runs (a no-op on older Node)
module.enableCompileCache?.(`${cliDir}/.compile-cache`)
if (await ensureCliBundle()) process.stderr.write('lab: built the command-line bundle (out/cli/) from the changed sources\n')
const { main } = await import(pathToFileURL(cliEntry).href)
process.exitCode = await main(process.argv.slice(2))
