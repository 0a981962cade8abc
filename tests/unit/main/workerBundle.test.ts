// The CLI's engine worker (out/cli/task.js) builds only its run's engine's spec schema (issue 13:
// start-up): task.js and its static chunks leave out the registry of every schema and the spec
// modules no engine imports; the loaders of src/shared/runSpecLoaders.ts reach them by import().
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { staticSources } from './bundleSources'


describe('the bundled engine worker', () => {
  it('loads no spec schema registry at start; the schemas of other engines come by import()', async () => {
    const { ensureCliBundle } = await import('../../../scripts/build-cli.mjs')
    await ensureCliBundle()
    const dir = resolve(__dirname, '../../../out/cli')
    const atStart = staticSources(dir, 'task.js')
    expect(atStart).toContain('src/shared/runSpecLoaders.ts')
    const lazySpecs = ['src/shared/specs/linear.ts', 'src/shared/specs/nngp.ts', 'src/shared/specs/le-train.ts', 'src/shared/specs/scaling.ts']
    for (const heavy of ['src/shared/runSpec.ts', 'src/shared/validate.ts', 'src/shared/api.ts', ...lazySpecs]) expect(atStart).not.toContain(heavy)
    // the files task.js loads at start, and the chunks they import()
    const files = new Set<string>()
    staticSources(dir, 'task.js', files)
    const chunks = new Set<string>()
    for (const file of files) for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/import\("\.\/([^"]+\.js)"\)/g)) chunks.add(m[1])
    const behind = new Set([...chunks].flatMap((f) => [...staticSources(dir, f)]))
    for (const s of lazySpecs) expect(behind).toContain(s)
  })
})
