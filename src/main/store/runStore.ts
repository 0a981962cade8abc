// The run archive: runs, their series, artifacts and sweeps, over one better-sqlite3 handle.
import { randomBytes } from 'node:crypto'
import type { ArtifactInfo, RunFilter, RunPage, RunRow, RunStatus, SeriesData, SweepRow } from '@shared/api'
import { FINAL_STATUSES, RunFilter as RunFilterSchema, RunPageArgs as RunPageArgsSchema } from '@shared/api'
import type { Provenance } from '@shared/versions'
import type { z } from 'zod'
import type { Db } from './database'
import { ownStartTime, processStartTime } from './processStart'
import { compileRunQuery, groupsSql, orderBySql, type SqlCondition } from './runQuery'

type RunPageArgs = z.input<typeof RunPageArgsSchema>

/** The WHERE condition of a parsed filter: facets (status, engine, tag, sweep) and the query text. */
function filterSql(f: z.output<typeof RunFilterSchema>): SqlCondition {
  const where: string[] = []
  const params: unknown[] = []
  if (f.status?.length) {
    where.push(`status IN (${f.status.map(() => '?').join(',')})`)
    params.push(...f.status)
  }
  if (f.engine?.length) {
    where.push(`engine IN (${f.engine.map(() => '?').join(',')})`)
    params.push(...f.engine)
  }
  if (f.tag) {
    where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE json_each.value = ?)')
    params.push(f.tag)
  }
  if (f.sweepId) {
    where.push('sweep_id = ?')
    params.push(f.sweepId)
  }
  if (f.text) {
    const q = compileRunQuery(f.text)
    where.push(q.sql)
    params.push(...q.params)
  }
  return { sql: where.length ? where.join(' AND ') : '1', params }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError'
}

interface RunDbRow {
  id: string
  name: string
  engine: string
  spec: string
  seed: number
  status: RunStatus
  created_at: string
  started_at: string | null
  finished_at: string | null
  error: string | null
  tags: string
  notes: string
  summary: string
  sweep_id: string | null
  sweep_key: string | null
  progress: number | null
  last_t: number | null
  lab_version: string | null
  engine_version: number | null
}

/** A point of several series at one time, as engines yield them. */
export interface SeriesPoint {
  t: number
  values: Record<string, number>
}

export interface Artifact {
  name: string
  shape: number[]
  data: Float64Array
}

/** Sortable ids: 8 base-36 digits of milliseconds then 4 random ones, e.g. "mb2x9k1q7f3a". */
export function newId(now = Date.now()): string {
  const time = now.toString(36).padStart(8, '0')
  const rand = Array.from(randomBytes(4), (b) => (b % 36).toString(36)).join('')
  return time + rand
}

/**
 * A stored row as the API sends it. A row whose JSON columns cannot be read (a damaged byte, a
 * hand edit) is still served, named: its unreadable fields are empty and `error` says which.
 */
function toRow(r: RunDbRow): RunRow {
  const damaged: string[] = []
  const json = <T>(column: string, text: string, fallback: T): T => {
    try {
      return JSON.parse(text) as T
    } catch (e) {
      damaged.push(`${column} (${(e as Error).message})`)
      return fallback
    }
  }
  const row: RunRow = {
    id: r.id,
    name: r.name,
    engine: r.engine,
    spec: json('spec', r.spec, {}),
    seed: r.seed,
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    tags: json('tags', r.tags, []),
    notes: r.notes,
    summary: json('summary', r.summary, {}),
    sweepId: r.sweep_id,
    sweepKey: r.sweep_key ?? null,
    progress: r.progress,
    lastT: r.last_t,
    labVersion: r.lab_version,
    engineVersion: r.engine_version
  }
  if (damaged.length) row.error = `run ${r.id}: this row of the archive is damaged, unreadable: ${damaged.join('; ')}${r.error ? `; earlier error: ${r.error}` : ''}`
  return row
}

const isFinal = (s: RunStatus) => FINAL_STATUSES.includes(s)

export class RunStore {
  private readonly insertPoint
  private readonly insertArtifact

  constructor(readonly db: Db) {
    this.insertPoint = db.prepare('INSERT OR REPLACE INTO series (run_id, name, t, value) VALUES (?, ?, ?, ?)')
    this.insertArtifact = db.prepare('INSERT OR REPLACE INTO artifacts (run_id, name, dtype, shape, data) VALUES (?, ?, ?, ?, ?)')
  }

  createRun(input: { name: string; engine: string; spec: unknown; seed: number; tags?: string[]; notes?: string; sweepId?: string; sweepKey?: string; provenance?: Provenance }): RunRow {
    const id = newId()
    this.db
      .prepare(
        `INSERT INTO runs (id, name, engine, spec, seed, status, created_at, tags, notes, sweep_id, sweep_key, lab_version, engine_version)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        id, input.name, input.engine, JSON.stringify(input.spec), input.seed, new Date().toISOString(), JSON.stringify(input.tags ?? []), input.notes ?? '',
        input.sweepId ?? null, input.sweepKey ?? null, input.provenance?.labVersion ?? null, input.provenance?.engineVersion ?? null
      )
    return this.getRun(id)
  }

  /** Exact id, or a unique prefix of one (as with git hashes). */
  resolveId(idOrPrefix: string): string {
    const exact = this.db.prepare('SELECT id FROM runs WHERE id = ?').get(idOrPrefix) as { id: string } | undefined
    if (exact) return exact.id
    const like = idOrPrefix.replace(/[%_\\]/g, (c) => '\\' + c) + '%'
    const rows = this.db.prepare("SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 2").all(like) as { id: string }[]
    if (rows.length === 1) return rows[0].id
    if (rows.length > 1) throw new NotFoundError(`run id prefix '${idOrPrefix}' is ambiguous`)
    throw new NotFoundError(`no run '${idOrPrefix}'`)
  }

  getRun(idOrPrefix: string): RunRow {
    const id = this.resolveId(idOrPrefix)
    return toRow(this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunDbRow)
  }

  listRuns(filter: RunFilter = {}): RunRow[] {
    return this.selectRuns(RunFilterSchema.parse(filter))
  }

  /** The rows of a parsed filter; with groupBy, ordered by that column's value first. */
  private selectRuns(f: z.output<typeof RunFilterSchema>, groupBy?: string): RunRow[] {
    const where = filterSql(f)
    const order = f.sort || groupBy ? orderBySql(f.sort ?? 'created', f.sort ? f.dir : 'desc', undefined, groupBy) : { sql: 'created_at DESC, id DESC', params: [] }
    const sql = `SELECT * FROM runs WHERE ${where.sql} ORDER BY ${order.sql} LIMIT ? OFFSET ?`
    return (this.db.prepare(sql).all(...where.params, ...order.params, f.limit, f.offset) as RunDbRow[]).map(toRow)
  }

  /** One page of the filtered, sorted runs list, the number of matches, and optionally the archive's facets. */
  pageRuns(args: RunPageArgs = {}): RunPage {
    const f = RunPageArgsSchema.parse(args)
    const where = filterSql(f)
    const total = (this.db.prepare(`SELECT count(*) AS n FROM runs WHERE ${where.sql}`).get(...where.params) as { n: number }).n
    const { facets: _facets, groupBy, ...filter } = f
    const runs = f.limit === 0 ? [] : this.selectRuns(filter, groupBy)
    const page: RunPage = { runs, total, offset: f.offset }
    if (f.groupBy) {
      const g = groupsSql(f.groupBy, where)
      page.groups = (this.db.prepare(g.sql).all(...g.params) as { value: string | number | null; count: number }[]).map((r) => ({ value: r.value, count: r.count }))
    }
    if (f.facets) {
      const count = (column: 'status' | 'engine') =>
        Object.fromEntries((this.db.prepare(`SELECT ${column} AS k, count(*) AS n FROM runs GROUP BY ${column}`).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]))
      const status = count('status')
      const tags = (this.db.prepare('SELECT DISTINCT json_each.value AS tag FROM runs, json_each(runs.tags) ORDER BY tag').all() as { tag: string }[]).map((r) => r.tag)
      page.facets = { total: Object.values(status).reduce((a, b) => a + b, 0), status, engine: count('engine'), tags }
    }
    return page
  }

  update(id: string, fields: Partial<{ name: string; tags: string[]; notes: string }>): RunRow {
    const run = this.getRun(id)
    if (fields.name !== undefined) this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(fields.name, run.id)
    if (fields.tags !== undefined) this.db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify([...new Set(fields.tags)]), run.id)
    if (fields.notes !== undefined) this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(fields.notes, run.id)
    return this.getRun(run.id)
  }

  deleteRun(id: string): void {
    const run = this.getRun(id)
    this.db.prepare('DELETE FROM runs WHERE id = ?').run(run.id)
  }

  markRunning(id: string, ownerPid = process.pid, ownerStart = ownStartTime()): void {
    this.db
      .prepare("UPDATE runs SET status = 'running', started_at = ?, owner_pid = ?, owner_start = ? WHERE id = ? AND status = 'queued'")
      .run(new Date().toISOString(), ownerPid, ownerStart, id)
  }

  /** Claim a queued run for this process (its pid and start time) before its task is handed to the pool. */
  claim(id: string, ownerPid = process.pid, ownerStart = ownStartTime()): void {
    this.db.prepare("UPDATE runs SET owner_pid = ?, owner_start = ? WHERE id = ? AND status = 'queued'").run(ownerPid, ownerStart, id)
  }

  /** Move a run to a final state; a run already final keeps its first final state. */
  finish(id: string, status: RunStatus, error: string | null = null): RunRow {
    if (!isFinal(status)) throw new Error(`finish() needs a final status, got ${status}`)
    this.db
      .prepare(`UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status IN ('queued','running')`)
      .run(status, error, new Date().toISOString(), id)
    return this.getRun(id)
  }

  /** the fraction done; last_t stays the t of the last stored point (appendPoints), so it matches the series */
  setProgress(id: string, fraction: number): void {
    this.db.prepare('UPDATE runs SET progress = ? WHERE id = ?').run(fraction, id)
  }

  mergeSummary(id: string, values: Record<string, unknown>): void {
    const row = this.db.prepare('SELECT summary FROM runs WHERE id = ?').get(id) as { summary: string } | undefined
    if (!row) throw new NotFoundError(`no run '${id}'`)
    const merged = { ...JSON.parse(row.summary), ...values }
    this.db.prepare('UPDATE runs SET summary = ? WHERE id = ?').run(JSON.stringify(merged, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)), id)
  }

  /** Store a batch of points in one transaction (NaN is stored as NULL). */
  appendPoints(id: string, points: SeriesPoint[]): void {
    if (points.length === 0) return
    this.db.transaction(() => {
      let lastT: number | null = null
      for (const p of points) {
        for (const name in p.values) {
          const v = p.values[name]
          this.insertPoint.run(id, name, p.t, Number.isNaN(v) ? null : v)
        }
        lastT = p.t
      }
      if (lastT !== null) this.db.prepare('UPDATE runs SET last_t = ? WHERE id = ?').run(lastT, id)
    })()
  }

  putArtifact(id: string, a: Artifact): void {
    const bytes = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength)
    this.insertArtifact.run(id, a.name, 'f64', JSON.stringify(a.shape), bytes)
  }

  listArtifacts(id: string): ArtifactInfo[] {
    const run = this.getRun(id)
    const rows = this.db.prepare('SELECT name, dtype, shape FROM artifacts WHERE run_id = ? ORDER BY name').all(run.id) as { name: string; dtype: string; shape: string }[]
    return rows.map((r) => ({ name: r.name, dtype: r.dtype, shape: JSON.parse(r.shape) }))
  }

  getArtifact(id: string, name: string): Artifact {
    const run = this.getRun(id)
    const row = this.db.prepare('SELECT shape, data FROM artifacts WHERE run_id = ? AND name = ?').get(run.id, name) as { shape: string; data: Buffer } | undefined
    if (!row) throw new NotFoundError(`run ${run.id} has no artifact '${name}'`)
    // copy into an aligned buffer: a Buffer from SQLite may sit at any byte offset
    const data = new Float64Array(row.data.byteLength / 8)
    new Uint8Array(data.buffer).set(row.data)
    return { name, shape: JSON.parse(row.shape), data }
  }

  listSeries(id: string): string[] {
    const run = this.getRun(id)
    return (this.db.prepare('SELECT DISTINCT name FROM series WHERE run_id = ? ORDER BY name').all(run.id) as { name: string }[]).map((r) => r.name)
  }

  getSeries(id: string, names?: string[]): SeriesData[] {
    const run = this.getRun(id)
    const wanted = names ?? this.listSeries(run.id)
    const stmt = this.db.prepare('SELECT t, value FROM series WHERE run_id = ? AND name = ? ORDER BY t').raw(true)
    return wanted.map((name) => {
      const rows = stmt.all(run.id, name) as [number, number | null][]
      return { name, t: rows.map((r) => r[0]), value: rows.map((r) => r[1]) }
    })
  }

  /**
   * Runs left 'running' or 'queued' by a process that no longer exists become 'interrupted'
   * (their records up to the crash stay readable). The owner is its pid and its start time: a
   * live process with the owner's pid but another start time (the pid reused after a reboot,
   * even this very process) is not the owner. Runs of live owners are left alone, so a CLI
   * started beside the desktop app does not steal its runs.
   */
  recoverInterrupted(isOwner: (pid: number, start: string | null) => boolean = ownerIsAlive): string[] {
    const rows = this.db
      .prepare("SELECT id, owner_pid, owner_start FROM runs WHERE status IN ('running','queued') AND owner_pid IS NOT NULL")
      .all() as { id: string; owner_pid: number; owner_start: string | null }[]
    const gone = rows.filter((r) => !isOwner(r.owner_pid, r.owner_start))
    for (const r of gone) {
      const reused = processIsAlive(r.owner_pid)
      this.finish(r.id, 'interrupted', `the process (pid ${r.owner_pid}) running it stopped before it finished${reused ? ` (pid ${r.owner_pid} now belongs to another process)` : ''}`)
    }
    return gone.map((r) => r.id)
  }

  createSweep(name: string, spec: unknown): SweepRow {
    const id = newId()
    this.db.prepare('INSERT INTO sweeps (id, name, spec, created_at) VALUES (?, ?, ?, ?)').run(id, name, JSON.stringify(spec), new Date().toISOString())
    return this.getSweep(id)
  }

  /** Remove a sweep that has no runs (a sweep refused after it was stored). */
  deleteSweep(id: string): void {
    this.db.prepare('DELETE FROM sweeps WHERE id = ? AND NOT EXISTS (SELECT 1 FROM runs WHERE sweep_id = ?)').run(id, id)
  }

  /** A sweep with the same name and spec, for resumption. */
  findSweep(name: string, spec: unknown): SweepRow | null {
    const row = this.db.prepare('SELECT id FROM sweeps WHERE name = ? AND spec = ? ORDER BY created_at DESC LIMIT 1').get(name, JSON.stringify(spec)) as { id: string } | undefined
    return row ? this.getSweep(row.id) : null
  }

  getSweep(id: string): SweepRow {
    const row = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as { id: string; name: string; spec: string; created_at: string } | undefined
    if (!row) throw new NotFoundError(`no sweep '${id}'`)
    const runIds = (this.db.prepare('SELECT id FROM runs WHERE sweep_id = ? ORDER BY created_at, id').all(id) as { id: string }[]).map((r) => r.id)
    return { id: row.id, name: row.name, spec: JSON.parse(row.spec), createdAt: row.created_at, runIds }
  }

  listSweeps(): SweepRow[] {
    const rows = this.db.prepare('SELECT id FROM sweeps ORDER BY created_at DESC').all() as { id: string }[]
    return rows.map((r) => this.getSweep(r.id))
  }

  /** The run of a sweep point, if one exists, preferring a completed one. */
  sweepPointRun(sweepId: string, key: string): RunRow | null {
    const row = this.db
      .prepare("SELECT * FROM runs WHERE sweep_id = ? AND sweep_key = ? ORDER BY (status = 'completed') DESC, created_at DESC LIMIT 1")
      .get(sweepId, key) as RunDbRow | undefined
    return row ? toRow(row) : null
  }

  integrityCheck(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown'
  }
}

/** Is the process that claimed a run (pid, start time) still running? Without a start time: is the pid alive. */
export function ownerIsAlive(pid: number, start: string | null): boolean {
  if (pid === process.pid) return start === null || start === ownStartTime()
  if (!processIsAlive(pid)) return false
  if (start === null) return true
  const now = processStartTime(pid)
  // unknown now (no /proc, no ps): keep the run rather than steal it
  return now === null || now === start
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
