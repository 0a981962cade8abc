// Versioned schema migrations. Applied ones are recorded in `migrations`; they must be a prefix
// of this list (a database written by a newer lab is refused rather than misread).

export interface Migration {
  id: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'runs, series, artifacts, sweeps',
    sql: `
      CREATE TABLE sweeps (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        spec        TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE TABLE runs (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        engine      TEXT NOT NULL,
        spec        TEXT NOT NULL,
        seed        INTEGER NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('queued','running','completed','failed','cancelled','diverged','interrupted')),
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        finished_at TEXT,
        error       TEXT,
        tags        TEXT NOT NULL DEFAULT '[]',
        notes       TEXT NOT NULL DEFAULT '',
        summary     TEXT NOT NULL DEFAULT '{}',
        sweep_id    TEXT REFERENCES sweeps(id) ON DELETE SET NULL,
        sweep_key   TEXT,
        owner_pid   INTEGER,
        progress    REAL,
        last_t      REAL
      );
      CREATE INDEX runs_by_created ON runs(created_at);
      CREATE INDEX runs_by_status ON runs(status);
      CREATE INDEX runs_by_sweep ON runs(sweep_id, sweep_key);
      -- one row per recorded value; the primary key clusters a curve for fast reads
      CREATE TABLE series (
        run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name    TEXT NOT NULL,
        t       REAL NOT NULL,
        value   REAL,
        PRIMARY KEY (run_id, name, t)
      ) WITHOUT ROWID;
      CREATE TABLE artifacts (
        run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name    TEXT NOT NULL,
        dtype   TEXT NOT NULL,
        shape   TEXT NOT NULL,
        data    BLOB NOT NULL,
        PRIMARY KEY (run_id, name)
      );
    `
  },
  {
    id: 2,
    name: 'provenance: lab and engine versions',
    // Runs made before this migration: lab 0.1.0, engine version 1. The hmm ODE then used the
    // τ-averaged teacher term, which its specs did not name: write it out, so that re-running such a
    // run (and reading its spec) still means what it computed.
    sql: `
      ALTER TABLE runs ADD COLUMN lab_version TEXT;
      ALTER TABLE runs ADD COLUMN engine_version INTEGER;
      UPDATE runs SET lab_version = '0.1.0', engine_version = 1;
      UPDATE runs SET spec = json_set(spec, '$.ode.teacherTerm', 'averaged')
        WHERE engine = 'hmm' AND json_extract(spec, '$.ode') IS NOT NULL AND json_extract(spec, '$.ode.teacherTerm') IS NULL;
    `
  }
]
