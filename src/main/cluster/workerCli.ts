// Entry of the bundle's worker.mjs (workerBuild.ts bundles it): `node worker.mjs run <dir> --task t`.
import { workerMain } from './worker'

const major = Number(process.versions.node.split('.')[0])
if (major < 20) {
  process.stderr.write(`worker: needs Node >= 20, this is ${process.version} (set LAB_NODE to a newer node)\n`)
  process.exitCode = 2
} else process.exitCode = workerMain(process.argv.slice(2))
