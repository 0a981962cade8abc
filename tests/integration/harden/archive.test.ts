// Issue #11 items 6 and 7: a damaged, foreign or read-only archive ends in a message naming the
// file and what to do (exit 2, no stack trace); a read-only archive is still listed, shown and
// exported; one unreadable row is named and the others served; exports never overwrite
// without --force.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '@main/cli'
import { Lab } from '@main/api'
import { capture, linearSpec, tmpDir } from '../helpers'

const root = resolve(__dirname, '../../..')
let pristine: string
let runIds: string[]

/** an archive with three completed runs, closed (its WAL checkpointed into the file) */
beforeAll(async () => {
  pristine = join(tmpDir(), 'lab.db')
  const lab = new Lab({ db: pristine, threads: 1 })
  runIds = []
  for (let s = 0; s < 3; s++) runIds.push((await lab.call('createRun', { spec: linearSpec(s, { points: 200 }) })).id)
  await lab.runner.drain()
  await lab.close()
})

function copy(): string {
  const file = join(tmpDir(), 'lab.db')
  copyFileSync(pristine, file)
  return file
}

async function cli(...args: string[]) {
  const io = capture()
  const code = await main(args, io)
  return { code, ...io }
}

describe('a damaged archive', () => {
  it('truncated: names the file and the .recover route, exit 2, no stack trace', async () => {
    const file = copy()
    truncateSync(file, Math.floor(statSync(file).size / 2))
    const outcomes = [await cli('list', '--db', file), await cli('show', runIds[2], '--db', file), await cli('run', 'goldt-2020', '--db', file)]
    for (const r of outcomes) {
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(file)
      expect(r.stderr).toMatch(/is damaged .*sqlite3 .* \.recover/)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('byte-flipped anywhere: every command answers 0 or 2 with the file named, never a stack trace', async () => {
    const size = statSync(pristine).size
    let refused = 0
    for (const offset of [0, 18, 28, 40, 100, 4096, 4200, 8192, Math.floor(size / 2), size - 100]) {
      const file = copy()
      const bytes = readFileSync(file)
      for (let i = 0; i < 16 && offset + i < bytes.length; i++) bytes[offset + i] ^= 0xa5
      writeFileSync(file, bytes)
      for (const args of [['list'], ['show', runIds[0]], ['export', runIds[1], '--format', 'csv', '--out', tmpDir()]]) {
        const r = await cli(...args, '--db', file)
        expect([0, 2], `${args[0]} at byte ${offset}: ${r.stderr}`).toContain(r.code)
        if (r.code === 2) {
          refused++
          expect(r.stderr).toContain('lab: ')
          expect(r.stderr).not.toMatch(/\n\s+at /)
        }
      }
    }
    expect(refused).toBeGreaterThan(0)
  })

  it('foreign: another program\'s SQLite file or random bytes are refused by name and left untouched', async () => {
    const dir = tmpDir()
    const other = join(dir, 'other.db')
    const db = new Database(other)
    db.exec('CREATE TABLE users (name TEXT)')
    db.close()
    const before = readFileSync(other)
    const r = await cli('list', '--db', other)
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`lab: ${other} is an SQLite database of another program (tables: users), not a Manifold Lab archive; use another --db\n`)
    expect(readFileSync(other)).toEqual(before)
    const junk = join(dir, 'junk.db')
    writeFileSync(junk, Buffer.alloc(8192, 7))
    const j = await cli('list', '--db', junk)
    expect(j.code).toBe(2)
    expect(j.stderr).toMatch(new RegExp(`${junk} is not a Manifold Lab archive: it is not an SQLite database`))
  })

  it('one unreadable row is named; the others are served', async () => {
    const file = copy()
    const db = new Database(file)
    db.prepare('UPDATE runs SET spec = ? WHERE id = ?').run('{"engine": "lin', runIds[1])
    db.close()
    const lab = new Lab({ db: file, threads: 1 })
    try {
      const rows = await lab.call('listRuns', {})
      expect(rows.map((r) => r.id).sort()).toEqual([...runIds].sort())
      const bad = rows.find((r) => r.id === runIds[1])!
      expect(bad.error).toMatch(new RegExp(`^run ${runIds[1]}: this row of the archive is damaged, unreadable: spec \\(`))
      expect(rows.filter((r) => r.error === null)).toHaveLength(2)
      expect((await lab.call('getSeries', { id: runIds[1] }))[0].t.length).toBeGreaterThan(0)
    } finally {
      await lab.close()
    }
  })
})

const canDropRoot = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')

describe.runIf(canDropRoot)('a read-only archive (as an unprivileged user)', () => {
  // the unprivileged user cannot write the clone: build the CLI bundle (bin/lab.mjs) as the owner
  // first; and it must reach the clone: a checkout under a private folder (mktemp -d is 0700) gets
  // search permission for others on its ancestors for the test's duration, restored after
  const opened: [string, number][] = []
  beforeAll(async () => {
    const { ensureCliBundle } = await import('../../../scripts/build-cli.mjs')
    await ensureCliBundle()
    for (let d = root; ; d = dirname(d)) {
      const mode = statSync(d).mode & 0o7777
      if (!(mode & 0o001)) (opened.push([d, mode]), chmodSync(d, mode | 0o001))
      if (dirname(d) === d) break
    }
  }, 120_000)
  afterAll(() => {
    for (const [d, mode] of opened) chmodSync(d, mode)
  })

  it('is listed, shown and exported read-only; a run is refused with what to do', () => {
    const dir = tmpDir()
    const file = join(dir, 'lab.db')
    copyFileSync(pristine, file)
    const outParent = tmpDir()
    chmodSync(outParent, 0o755)
    const out = join(outParent, 'out')
    mkdirSync(out)
    chmodSync(out, 0o777)
    chmodSync(file, 0o444)
    chmodSync(dir, 0o555)
    const lab = (...args: string[]) =>
      spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(root, 'bin/lab.mjs'), ...args, '--db', file], { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: '/tmp' } })
    const list = lab('list', '--json')
    expect(list.stderr).toBe('')
    expect(list.status).toBe(0)
    expect(JSON.parse(list.stdout)).toHaveLength(3)
    const show = lab('show', runIds[0])
    expect(show.stderr + show.stdout).toMatch(new RegExp(`^run      ${runIds[0]}`))
    expect(show.status).toBe(0)
    const exported = lab('export', runIds[0], '--format', 'csv', '--out', out)
    expect(exported.stderr).toBe('')
    expect(exported.status).toBe(0)
    expect(readFileSync(join(out, `run-${runIds[0]}.csv`), 'utf8')).toMatch(/^series,t,value\n/)
    const run = lab('run', 'goldt-2020')
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(new RegExp(`^lab: the archive ${file} is read-only .*make the file and its folder writable, or use another --db`))
    execFileSync('chmod', ['755', dir])
  }, 60_000)
})

describe('lab export', () => {
  it('refuses to overwrite without --force, exit 2, nothing written; --force overwrites', async () => {
    const out = tmpDir()
    expect((await cli('export', runIds[0], '--format', 'csv', '--out', out, '--db', pristine)).code).toBe(0)
    const target = join(out, `run-${runIds[0]}.csv`)
    writeFileSync(target, 'mine')
    const again = await cli('export', runIds[0], '--format', 'csv', '--out', out, '--db', pristine)
    expect(again.code).toBe(2)
    expect(again.stderr).toBe(`lab: ${target} exists: nothing was written; use --force to overwrite, or another --out\n`)
    expect(readFileSync(target, 'utf8')).toBe('mine')
    expect((await cli('export', runIds[0], '--format', 'csv', '--out', out, '--db', pristine, '--force')).code).toBe(0)
    expect(readFileSync(target, 'utf8')).toMatch(/^series,t,value\n/)
  })

  it('names a file given as --out, and an unwritable target, with exit 2', async () => {
    const file = join(tmpDir(), 'not-a-dir')
    writeFileSync(file, 'x')
    const r = await cli('export', runIds[0], '--format', 'json', '--out', file, '--db', pristine)
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`lab: --out ${file} is a file, not a folder: name a folder (it is created if missing)\n`)
    const under = await cli('export', runIds[0], '--format', 'json', '--out', join(file, 'sub'), '--db', pristine)
    expect(under.code).toBe(2)
    expect(under.stderr).toMatch(/^lab: cannot write .*not-a-dir\/sub\/run-.*\.json: a part of the path is a file, not a folder \(ENOTDIR\)\n$/)
  })
})
