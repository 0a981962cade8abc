// Opening the archive: one SQLite file shared by the desktop app, `lab serve` and the CLI.
import Database from 'better-sqlite3'
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { MIGRATIONS } from './migrations'

export type Db = Database.Database

// where the archive lives (plain path logic, kept apart so the Electron main process needs no SQLite)
export { appDataDir, defaultDbPath } from '@main/paths'

export interface OpenOptions {
  /** path to a better-sqlite3 build for this runtime's ABI (the desktop app passes Electron's) */
  nativeBinding?: string
  /** true: read only; 'auto': read only when the file or its folder is not writable (list, show, export) */
  readonly?: boolean | 'auto'
}

export type ArchiveFault = 'not-an-archive' | 'damaged' | 'read-only' | 'cannot-open' | 'foreign' | 'newer' | 'full'

/** A damaged, foreign, unreadable or read-only archive: which file, what is wrong, what to do. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError'
  constructor(
    readonly file: string,
    readonly fault: ArchiveFault,
    message: string
  ) {
    super(message)
  }
}

const RECOVER = (file: string) => `copy it aside, then save what is readable with \`sqlite3 ${file} .recover | sqlite3 recovered.db\` and use --db recovered.db, or restore a backup`

/** The ArchiveError an SQLite or file-system error on this archive means, or null if it is another error. */
export function archiveErrorOf(file: string, e: unknown): ArchiveError | null {
  if (e instanceof ArchiveError) return e
  if (e instanceof MigrationError) return new ArchiveError(file, 'newer', `${file}: ${e.message}; open it with that version of the lab, or use another --db`)
  const code = (e as { code?: unknown })?.code
  if (typeof code !== 'string') return null
  // SQLite's generic code for a file it cannot parse (e.g. a damaged header's page size)
  if (code === 'SQLITE_ERROR' && /unsupported file format|malformed|file is not a database/i.test((e as Error).message))
    return new ArchiveError(file, 'damaged', `the archive ${file} is damaged (${code}: ${(e as Error).message}); ${RECOVER(file)}`)
  const detail = `${code}: ${(e as Error).message}`
  if (code === 'SQLITE_NOTADB')
    return new ArchiveError(file, 'not-an-archive', `${file} is not a Manifold Lab archive: it is not an SQLite database, or its header is damaged (${detail}). Point --db (or LAB_DB) at the archive; if this was it, ${RECOVER(file)}`)
  if (code.startsWith('SQLITE_CORRUPT')) return new ArchiveError(file, 'damaged', `the archive ${file} is damaged (${detail}); ${RECOVER(file)}`)
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS')
    return new ArchiveError(file, 'read-only', `the archive ${file} is read-only (${detail}): lab list, show and export can read it; to run, make the file and its folder writable, or use another --db`)
  if (code === 'SQLITE_FULL') return new ArchiveError(file, 'full', `cannot write the archive ${file}: the disk is full (${detail}); free space and try again`)
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR' || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_PERM'))
    return new ArchiveError(file, 'cannot-open', `cannot open the archive ${file} (${detail}): check that it is a file, and that it and its folder exist and are readable (and writable, to run)`)
  return null
}

const tableNames = (db: Db) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name)

/** A copy of the archive (and its WAL) in a temporary folder, removed when the process exits. */
function snapshotOf(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'manifold-lab-snapshot-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const copy = join(dir, basename(file))
  copyFileSync(file, copy)
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`)
  return copy
}

/** Can this process write the file (or create it) and the journal files beside it? */
export function isWritable(file: string): boolean {
  try {
    if (existsSync(file)) accessSync(file, constants.W_OK)
    accessSync(dirname(file), constants.W_OK)
    return true
  } catch {
    return false
  }
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly === 'auto' ? file !== ':memory:' && existsSync(file) && !isWritable(file) : (options.readonly ?? false)
  let db: Db | null = null
  try {
    if (file !== ':memory:' && !readonly) mkdirSync(dirname(file), { recursive: true })
    const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
    db = new Database(file, { readonly, fileMustExist: readonly, ...binding })
    // reads the header and the schema: a file that is no SQLite database fails here, by name
    let tables: string[]
    try {
      tables = tableNames(db)
    } catch (e) {
      // a WAL archive in a folder this process cannot write has no shared-memory file to read
      // through: read a snapshot copy instead (list, show, export)
      if (!readonly || !/^SQLITE_(READONLY|CANTOPEN)/.test(String((e as { code?: unknown }).code))) throw e
      db.close()
      db = new Database(snapshotOf(file), { readonly: true, fileMustExist: true, ...binding })
      tables = tableNames(db)
    }
    if (tables.length > 0 && !tables.includes('migrations'))
      throw new ArchiveError(file, 'foreign', `${file} is an SQLite database of another program (tables: ${tables.slice(0, 8).join(', ')}${tables.length > 8 ? ', …' : ''}), not a Manifold Lab archive; use another --db`)
    // WAL: readers (the UI, `lab list`) never block the writer; NORMAL is durable against a
    // crashed or killed process, which is the failure the runner must survive.
    if (!readonly) db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    if (!readonly) migrate(db)
    else if (!tables.includes('runs')) throw new ArchiveError(file, 'not-an-archive', `${file} holds no runs table: not a Manifold Lab archive (it is read-only, so it cannot be set up)`)
    return db
  } catch (e) {
    db?.close()
    throw archiveErrorOf(file, e) ?? e
  }
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
