#!/usr/bin/env node
// The `lab` command. Runs the CLI's JavaScript bundle (out/cli/cli.js, made by
// scripts/build-cli.mjs): no TypeScript compiler at run time. When the sources are newer than the
// bundle (a fresh clone, an edit), it is rebuilt first, in about half a second.
import { cliEntry, ensureCliBundle } from '../scripts/build-cli.mjs'
import { pathToFileURL } from 'node:url'

if (await ensureCliBundle()) process.stderr.write('lab: built the command-line bundle (out/cli/) from the changed sources\n')
const { main } = await import(pathToFileURL(cliEntry).href)
process.exitCode = await main(process.argv.slice(2))
