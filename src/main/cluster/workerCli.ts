// Entry of the bundle's worker.mjs (workerBuild.ts bundles it): `node worker.mjs run <dir> --task t`.
import { workerMain } from './worker'

process.exitCode = workerMain(process.argv.slice(2))
