// The engine worker parses a run's spec with its own engine's schema alone (src/shared/runSpecLoaders.ts,
// issue 13: start-up). These tests hold that registry to the one of the CLI and the API
// (RUN_SPEC_SCHEMAS) and to the engines the worker runs.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { ENGINES, RUN_SPEC_SCHEMAS } from '@shared/runSpec'
import { RUN_SPEC_LOADERS, parseRunSpecOfEngine, runSpecSchemaOf } from '@shared/runSpecLoaders'
import { parseRunSpec, ValidationError } from '@shared/validate'
import { ENGINE_NAMES } from '@engines/index'
import task from '@workers/task'

/** what parsing gave: the value, or the error's class and message */
async function outcome(parse: () => unknown): Promise<unknown> {
  try {
    return { value: await parse() }
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message }
  }
}

describe('the worker\'s per-engine spec schemas', () => {
  it('has a loader for every engine of src/workers/engines/index.ts and of RUN_SPEC_SCHEMAS, and for no other', () => {
    expect(Object.keys(RUN_SPEC_LOADERS).sort()).toEqual([...ENGINE_NAMES].sort())
    expect(Object.keys(RUN_SPEC_LOADERS).sort()).toEqual([...ENGINES].sort())
  })

  it('loads the very schema object the CLI and the API parse with', async () => {
    for (const engine of ENGINES) expect(await runSpecSchemaOf(engine), engine).toBe(RUN_SPEC_SCHEMAS[engine])
  })

  it('parses every preset\'s spec exactly as parseRunSpec does (defaults filled, errors worded alike)', async () => {
    const dir = resolve(__dirname, '../../../resources/presets')
    const specs = readdirSync(dir)
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { kind: string; spec: { engine?: string } })
      .filter((p) => p.kind !== 'sweep')
      .map((p) => p.spec)
    const engines = new Set(specs.map((s) => s.engine))
    expect(engines.size).toBeGreaterThanOrEqual(8) // the presets span most engines
    for (const spec of specs) expect(await outcome(() => parseRunSpecOfEngine(spec))).toEqual(await outcome(() => parseRunSpec(spec)))
  })

  it('refuses a bad spec with parseRunSpec\'s message: not an object, an unknown engine, a bad field', async () => {
    for (const bad of [null, [], 'hmm', {}, { engine: 'hmn' }, { engine: 'hmm', model: { N: -3 } }, { engine: 'hmm', tran: {} }]) {
      const lazy = await outcome(() => parseRunSpecOfEngine(bad))
      expect(lazy).toEqual(await outcome(() => parseRunSpec(bad)))
      expect(lazy).toMatchObject({ error: ValidationError.name })
    }
  })
})

describe('the pool task (src/workers/task.ts) parses through the loader of the run\'s engine', () => {
  it('asks the hmm loader alone and refuses a bad field as the CLI does, before the run starts', async () => {
    const hmm = vi.spyOn(RUN_SPEC_LOADERS, 'hmm')
    const linear = vi.spyOn(RUN_SPEC_LOADERS, 'linear')
    const messages: unknown[] = []
    const port = { postMessage: (m: unknown) => void messages.push(m), close: () => undefined }
    const bad = { engine: 'hmm', model: { N: 0 } }
    const got = await outcome(() => task({ runId: 'x', spec: bad, port }))
    expect(got).toEqual(await outcome(() => parseRunSpec(bad)))
    expect(hmm).toHaveBeenCalledTimes(1)
    expect(linear).not.toHaveBeenCalled()
    expect(messages).toEqual([]) // not 'started': nothing ran
    vi.restoreAllMocks()
  })
})
