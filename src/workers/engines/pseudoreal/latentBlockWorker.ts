// Worker thread of the multi-threaded latent fit: serves its rows of C (latentBlocks.ts) for each
// evaluation until the fit closes the team. workerData = { layout: LatentSharedLayout, team }.
import { workerData } from 'node:worker_threads'
import { serveTeam, type TeamWorkerData } from '@numeric/parallel/team'
import { LatentRows, type LatentSharedLayout } from './latentBlocks'

export function serveLatentRows(data: { layout: LatentSharedLayout; team: TeamWorkerData }): void {
  const rows = new LatentRows(data.layout, data.team.rank)
  serveTeam(data.team, () => rows.run())
}

if (workerData && (workerData as { layout?: unknown }).layout) serveLatentRows(workerData as { layout: LatentSharedLayout; team: TeamWorkerData })
