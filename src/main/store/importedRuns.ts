// Runs recorded elsewhere (a cluster bundle's shards) entering the archive under the id they were
// given when the bundle was written, with their final state and times: one transaction per run,
// so an import stopped half-way leaves whole runs only.
import type { RunStatus } from '@shared/api'
import type { Artifact, RunStore, SeriesPoint } from './runStore'

export interface ImportedRun {
  id: string
  name: string
  engine: string
  spec: unknown
  seed: number
  tags: string[]
  notes: string
  status: RunStatus
  error: string | null
  startedAt: string | null
  finishedAt: string | null
  sweepId: string | null
  sweepKey: string | null
  progress: number | null
  /** provenance of the code that ran it */
  labVersion: string | null
  engineVersion: number | null
  points: SeriesPoint[]
  artifacts: Artifact[]
  summary: Record<string, unknown>
}

/** Insert the run with everything it recorded, replacing a run of the same id if there is one. */
export function putImportedRun(store: RunStore, run: ImportedRun): void {
  store.db.transaction(() => {
    store.db.prepare('DELETE FROM runs WHERE id = ?').run(run.id)
    store.db
      .prepare(
        `INSERT INTO runs (id, name, engine, spec, seed, status, created_at, started_at, finished_at, error, tags, notes, sweep_id, sweep_key, progress, lab_version, engine_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        run.id,
        run.name,
        run.engine,
        JSON.stringify(run.spec),
        run.seed,
        run.status,
        run.startedAt ?? new Date().toISOString(),
        run.startedAt,
        run.finishedAt,
        run.error,
        JSON.stringify(run.tags),
        run.notes,
        run.sweepId,
        run.sweepKey,
        run.progress,
        run.labVersion,
        run.engineVersion
      )
    store.appendPoints(run.id, run.points)
    for (const a of run.artifacts) store.putArtifact(run.id, a)
    if (Object.keys(run.summary).length) store.mergeSummary(run.id, run.summary)
  })()
}
