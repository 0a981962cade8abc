#!/usr/bin/env node
// Run the benchmarks (all, or those named: `npm run bench -- ode sgd`), one fresh process each,
// so peak memory and JIT state of one do not leak into another. Each writes
// bench/results/<name>.json with its figures and the machine; bench/<name>.md explains them.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
if (benches.length === 0) {
  console.error(`no benchmark named ${wanted.join(', ')}`)
  process.exit(2)
}
let failed = 0
for (const name of benches) {
  console.log(`\n=== bench ${name}`)
  // tsx reads the path aliases (@shared/…) from tsconfig.node.json
  const env = { ...process.env, TSX_TSCONFIG_PATH: join(here, '..', 'tsconfig.node.json') }
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.bench.ts`)], { stdio: 'inherit', cwd: join(here, '..'), env })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
