// Opening the archive: one SQLite file shared by the desktop app, `lab serve` and the CLI.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS } from './migrations'

export type Db = Database.Database

// where the archive lives (plain path logic, kept apart so the Electron main process needs no SQLite)
export { appDataDir, defaultDbPath } from '@main/paths'

export interface OpenOptions {
  /** path to a better-sqlite3 build for this runtime's ABI (the desktop app passes Electron's) */
  nativeBinding?: string
  readonly?: boolean
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, { readonly: options.readonly ?? false, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
  // WAL: readers (the UI, `lab list`) never block the writer; NORMAL is durable against a
  // crashed or killed process, which is the failure the runner must survive.
  if (!options.readonly) db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  if (!options.readonly) migrate(db)
  return db
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

/** Apply the migrations not yet applied, each in its own transaction. */
export function migrate(db: Db): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
  const applied = db.prepare('SELECT id FROM migrations ORDER BY id').all() as { id: number }[]
  applied.forEach((row, i) => {
    if (MIGRATIONS[i]?.id !== row.id)
      throw new MigrationError(
        `this archive has migration ${row.id}, which this version of the lab does not know; it was written by a newer lab (known: ${MIGRATIONS.map((m) => m.id).join(', ')})`
      )
  })
  const done: number[] = []
  for (const m of MIGRATIONS.slice(applied.length)) {
    db.transaction(() => {
      db.exec(m.sql)
      db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, new Date().toISOString())
    })()
    done.push(m.id)
  }
  return done
}
