// `lab import DIR`: merge a bundle's shards into the archive. Each point becomes the run whose id
// the manifest fixed, in the sweep of the same name and spec (found, or created), so importing
// twice changes nothing and importing after more tasks finished only adds or improves runs:
// a run already in the archive is replaced only by a better record of it (finished beats failed
// beats cut short; a longer cut-short record beats a shorter one). A run whose shard stops
// without an end line (its task was killed) is imported with what it recorded, as interrupted;
// a point whose task is still queued or running (options.inProgress, from the scheduler's queue)
// is left for a later import.
import { join } from 'node:path'
import type { RunStatus } from '@shared/api'
import type { ImportReport } from '@shared/cluster'
import { divergenceSummary } from '@shared/outputs/divergence'
import type { RunStore } from '@main/store/runStore'
import { putImportedRun } from '@main/store/importedRuns'
import { BUNDLE_FILES, readBundleInfo, readManifest } from './bundleFormat'
import { bestAttempt, scanShards, type RunAttempt } from './shard'

export type { ImportReport }

const RANK: Partial<Record<RunStatus, number>> = { completed: 3, diverged: 2, failed: 1, interrupted: 0 }

function statusOf(a: RunAttempt): RunStatus {
  return a.end ? a.end.status : 'interrupted'
}

export function importBundle(store: RunStore, dir: string, options: { inProgress?: ReadonlySet<string> } = {}): ImportReport {
  const info = readBundleInfo(dir)
  const manifest = readManifest(dir, info)
  const scan = scanShards(join(dir, BUNDLE_FILES.shards))
  const sweep = store.findSweep(info.sweep.name, info.sweep.spec) ?? store.createSweep(info.sweep.name, info.sweep.spec)
  const report: ImportReport = { sweepId: sweep.id, points: manifest.length, added: 0, replaced: 0, unchanged: 0, notRun: 0, inProgress: 0, interrupted: 0, damagedLines: scan.damagedLines, changed: [] }
  const existing = store.db.prepare('SELECT status, last_t FROM runs WHERE id = ?')

  for (const line of manifest) {
    const best = bestAttempt(scan.attempts.get(line.runId))
    if (!best?.end && options.inProgress?.has(line.runId)) {
      report.inProgress++
      continue
    }
    if (!best) {
      report.notRun++
      continue
    }
    const status = statusOf(best)
    const lastT = best.points.length ? best.points[best.points.length - 1].t : null
    const old = existing.get(line.runId) as { status: RunStatus; last_t: number | null } | undefined
    if (old) {
      const better = (RANK[status] ?? 0) > (RANK[old.status] ?? 0) || (status === 'interrupted' && old.status === 'interrupted' && (lastT ?? -Infinity) > (old.last_t ?? -Infinity))
      if (!better) {
        report.unchanged++
        continue
      }
    }
    const spec = line.spec as { name?: string; engine: string; tags?: string[]; notes?: string }
    const end = best.end
    const summary = { ...best.summary }
    if (end?.status === 'diverged' && end.divergedAt !== undefined && end.divergedSeries !== undefined)
      Object.assign(summary, divergenceSummary({ divergedAt: end.divergedAt, divergedSeries: end.divergedSeries }))
    putImportedRun(store, {
      id: line.runId,
      name: spec.name || `${info.sweep.name} #${line.index}`,
      engine: spec.engine,
      spec: line.spec,
      seed: line.seed,
      tags: spec.tags ?? [],
      notes: spec.notes ?? '',
      status,
      error: end ? end.error : `its task stopped before it finished (attempt ${best.header.attempt} on ${best.header.host}); ${best.points.length} points recorded`,
      startedAt: best.header.startedAt,
      finishedAt: end ? end.finishedAt : new Date().toISOString(),
      sweepId: sweep.id,
      sweepKey: line.key,
      progress: status === 'completed' ? 1 : (best.progress?.fraction ?? null),
      labVersion: best.header.labVersion ?? null,
      engineVersion: best.header.engineVersion ?? null,
      points: best.points,
      artifacts: best.artifacts,
      summary
    })
    report.changed.push(line.runId)
    if (old) report.replaced++
    else report.added++
    if (status === 'interrupted') report.interrupted++
  }
  return report
}
