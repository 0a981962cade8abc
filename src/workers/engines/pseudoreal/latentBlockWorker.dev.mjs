// Entry of the latent fit's worker threads when running from the TypeScript sources (CLI from
// source, tests, benches): tsx compiles latentBlockWorker.ts with the path aliases of
// tsconfig.node.json, as src/workers/dev-entry.mjs does for the engine worker. A bundle ships
// latentBlockWorker.js beside itself instead (latentFit.ts looks there first).
// If loading fails, the team's FAILED slot (2) is set and DONE (1) notified, so the fit throws.
import { fileURLToPath } from 'node:url'
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

const tsconfig = fileURLToPath(new URL('../../../../tsconfig.node.json', import.meta.url))
try {
  await tsImport('./latentBlockWorker.ts', { parentURL: import.meta.url, tsconfig })
} catch (e) {
  const team = workerData.team
  team.errors.postMessage(`rank ${team.rank}: cannot load latentBlockWorker.ts: ${e && e.stack ? e.stack : String(e)}`)
  const ctrl = new Int32Array(team.ctrl)
  Atomics.store(ctrl, 2, 1)
  Atomics.notify(ctrl, 1)
}
