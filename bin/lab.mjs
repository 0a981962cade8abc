#!/usr/bin/env node
// The `lab` command. Runs the TypeScript sources through tsx, so a fresh clone needs no build
// for the CLI (`lab serve` serves the renderer built by `npm run build`).
import { tsImport } from 'tsx/esm/api'

const { main } = await tsImport('../src/main/cli.ts', import.meta.url)
process.exitCode = await main(process.argv.slice(2))
