#!/usr/bin/env node
// The `lab` command. Runs the TypeScript sources through tsx, so a fresh clone needs no build
// for the CLI (`lab serve` serves the renderer built by `npm run build`). Imports use the path
// aliases of tsconfig.base.json (`@shared/…`), which tsx resolves from tsconfig.node.json.
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const tsconfig = fileURLToPath(new URL('../tsconfig.node.json', import.meta.url))
const { main } = await tsImport('../src/main/cli.ts', { parentURL: import.meta.url, tsconfig })
process.exitCode = await main(process.argv.slice(2))
