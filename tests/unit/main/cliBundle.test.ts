// `lab` runs a built bundle, rebuilt whenever a source is newer: an edited clone never runs an
// old bundle. Checked on a stand-in clone (file times set by hand), not on the real one.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { staticSources } from './bundleSources'
import { cliIsStale } from '../../../scripts/build-cli.mjs'
import { tmpDir } from '../../integration/helpers'

function fakeClone(): { root: string; at(file: string, seconds: number): void } {
  const root = tmpDir('lab-clone-')
  const at = (file: string, seconds: number) => {
    const p = join(root, file)
    mkdirSync(join(p, '..'), { recursive: true })
    writeFileSync(p, '')
    utimesSync(p, seconds, seconds)
    utimesSync(join(p, '..'), seconds, seconds)
  }
  for (const f of ['src/main/cli.ts', 'src/shared/api.ts', 'src/workers/task.ts', 'tsconfig.base.json', 'tsconfig.node.json', 'package.json', 'scripts/build-cli.mjs']) at(f, 1000)
  for (const d of ['src', 'scripts']) utimesSync(join(root, d), 1000, 1000)
  return { root, at }
}

describe('the CLI bundle is rebuilt when its sources change', () => {
  it('is stale without a bundle, fresh after one, stale again after an edit', () => {
    const clone = fakeClone()
    expect(cliIsStale(clone.root)).toBe(true)
    clone.at('out/cli/cli.js', 2000)
    expect(cliIsStale(clone.root)).toBe(true) // the worker is missing
    clone.at('out/cli/task.js', 2000)
    expect(cliIsStale(clone.root)).toBe(false)
    clone.at('src/shared/api.ts', 3000)
    expect(cliIsStale(clone.root)).toBe(true)
  })
  it('notices a new or deleted file (its folder changes) and an edited tsconfig', () => {
    const clone = fakeClone()
    clone.at('out/cli/cli.js', 2000)
    clone.at('out/cli/task.js', 2000)
    expect(cliIsStale(clone.root)).toBe(false)
    rmSync(join(clone.root, 'src/workers/task.ts'))
    expect(cliIsStale(clone.root)).toBe(true) // the folder's time is now
    const again = fakeClone()
    again.at('out/cli/cli.js', 2000)
    again.at('out/cli/task.js', 2000)
    again.at('tsconfig.base.json', 2500)
    expect(cliIsStale(again.root)).toBe(true)
  })
})

describe('the bundle finds what the sources find', () => {
  it('lists the presets from resources/, its chunks beside cli.js (paths relative to import.meta.url hold)', () => {
    const root = resolve(__dirname, '../../..')
    const out = execFileSync(process.execPath, [join(root, 'bin/lab.mjs'), 'presets', '--json'], { cwd: tmpDir(), encoding: 'utf8' })
    expect((JSON.parse(out) as { id: string }[]).map((p) => p.id)).toContain('goldt-2020')
    // every chunk sits beside cli.js, so import.meta.url-relative paths (resources/, out/renderer, task.js) hold
    const cli = readFileSync(join(root, 'out/cli/cli.js'), 'utf8')
    expect(cli).not.toMatch(/from\s*"\.\/[^"]*\//)
  })
})


describe('lab list loads only what it needs (issue 13: start-up)', () => {
  it('cli.js and its static chunks leave out the Lab, every engine spec schema and the cluster tools; they come by import()', async () => {
    const root = resolve(__dirname, '../../..')
    const { ensureCliBundle } = await import('../../../scripts/build-cli.mjs')
    await ensureCliBundle()
    const dir = join(root, 'out/cli')
    const atStart = staticSources(dir, 'cli.js')
    // what list reads with: the store, the query parser
    expect(atStart).toContain('src/main/store/runStore.ts')
    expect(atStart).toContain('src/shared/query/parse.ts')
    for (const heavy of ['src/main/api.ts', 'src/shared/runSpec.ts', 'src/main/runner/runner.ts', 'src/main/cluster/cli.ts', 'src/main/exportFiles.ts']) expect(atStart).not.toContain(heavy)
    // ... and they are in the bundle, behind a dynamic import of cli.js
    const lazy = [...readFileSync(join(dir, 'cli.js'), 'utf8').matchAll(/import\("\.\/([^"]+\.js)"\)/g)].map((m) => m[1])
    const behind = new Set(lazy.flatMap((f) => [...staticSources(dir, f)]))
    for (const heavy of ['src/main/api.ts', 'src/shared/runSpec.ts', 'src/main/cluster/cli.ts']) expect(behind).toContain(heavy)
  })
  it('has the MNIST fit\'s row-block worker beside the engine worker (latentFit.ts looks for it there when threads > 1)', async () => {
    const { ensureCliBundle } = await import('../../../scripts/build-cli.mjs')
    await ensureCliBundle()
    const dir = resolve(__dirname, '../../../out/cli')
    expect(staticSources(dir, 'latentBlockWorker.js')).toContain('src/workers/engines/pseudoreal/latentBlockWorker.ts')
    expect(readFileSync(join(dir, 'task.js'), 'utf8')).toContain('latentBlockWorker.js')
  })
})
