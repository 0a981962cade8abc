#!/usr/bin/env node
// The `lab` command. Runs the CLI's JavaScript bundle (out/cli/cli.js, made by
// scripts/build-cli.mjs): no TypeScript compiler at run time. When the sources are newer than the
// bundle (a fresh clone, an edit), it is rebuilt first, in about half a second.
import module from 'node:module'
import { pathToFileURL } from 'node:url'
import { cliDir, cliEntry, ensureCliBundle } from '../scripts/build-cli.mjs'

// Node ≥ 22.1 keeps V8's compiled code between runs (a no-op on older Node)
module.enableCompileCache?.(`${cliDir}/.compile-cache`)
if (await ensureCliBundle()) process.stderr.write('lab: built the command-line bundle (out/cli/) from the changed sources\n')
const { main } = await import(pathToFileURL(cliEntry).href)
process.exitCode = await main(process.argv.slice(2))
