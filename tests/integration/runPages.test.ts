// 10 000 runs in the archive: the runs list comes in pages with a total, filtered and sorted by
// the store, through the API, over HTTP and from the CLI (`lab list --filter`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Lab } from '@main/api'
import { main } from '@main/cli'
import { serve, type RunningServer } from '@main/server'
import type { RunPage } from '@shared/api'
import { capture, newLab, tmpDir } from './helpers'

const RUNS = 10_000
let lab: Lab
let server: RunningServer

beforeAll(async () => {
  lab = newLab({ threads: 1 })
  const { store } = lab
  // run i: N = 100 + i, η = (i mod 10)/10, latent gaussian for even i, tag 'every7' when 7 | i
  store.db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const spec = { engine: 'hmm', model: { N: 100 + i, D: 50, K: 2 }, latent: { kind: i % 2 ? 'mixture' : 'gaussian', alpha: i % 5 }, train: { lr: (i % 10) / 10 } }
      store.createRun({ name: `run ${i}`, engine: 'hmm', spec, seed: i, tags: i % 7 === 0 ? ['every7'] : [] })
    }
  })()
  server = await serve(lab, { port: 0, rendererDir: tmpDir() })
})
afterAll(async () => {
  await server?.close()
  await lab?.close()
})

const N = (page: RunPage) => page.runs.map((r) => (r.spec as { model: { N: number } }).model.N)

describe(`the runs list over ${RUNS} runs`, () => {
  it('serves the first page alone, with the total count and the facets', async () => {
    const page = await lab.call('pageRuns', { limit: 100, facets: true, sort: 'N', dir: 'asc' })
    expect(page.total).toBe(RUNS)
    expect(page.runs).toHaveLength(100)
    expect(N(page)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i))
    expect(page.facets).toMatchObject({ total: RUNS, status: { queued: RUNS }, engine: { hmm: RUNS }, tags: ['every7'] })
  })

  it('pages through a filter in the store: pages are disjoint and cover the matches in order', async () => {
    // η = 0.3 and gaussian: i ≡ 3 (mod 10) is odd, so none; η = 0.4 and gaussian: i ≡ 4 (mod 10): 1000 runs
    expect((await lab.call('pageRuns', { text: 'eta=0.3 latent=gaussian', limit: 1 })).total).toBe(0)
    const text = 'eta=0.4 latent=gaussian N>=5100'
    const expected = Array.from({ length: RUNS }, (_, i) => i).filter((i) => i % 10 === 4 && 100 + i >= 5100).map((i) => 100 + i).reverse()
    const seen: number[] = []
    for (let offset = 0; ; offset += 200) {
      const page = await lab.call('pageRuns', { text, sort: 'N', dir: 'desc', offset, limit: 200 })
      expect(page.total).toBe(expected.length)
      if (page.runs.length === 0) break
      seen.push(...N(page))
    }
    expect(seen).toEqual(expected)
    expect((await lab.call('pageRuns', { text: 'tag:every7 seed<700', limit: 1 })).total).toBe(100)
    // the word "run 7" is in the names of runs 7, 70–79, 700–799, 7000–7999
    const every7NotStarting7 = Array.from({ length: RUNS }, (_, i) => i).filter((i) => i % 7 === 0 && !String(i).startsWith('7')).length
    expect((await lab.call('pageRuns', { text: 'tag:every7 -"run 7"', limit: 1 })).total).toBe(every7NotStarting7)
  })

  it('answers over HTTP, and names the column of a malformed filter', async () => {
    const post = (arg: unknown) =>
      fetch(`http://127.0.0.1:${server.port}/api/call/pageRuns`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lab-token': server.token ?? '' }, body: JSON.stringify(arg) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { value: { total: number }; error: { issues: unknown[] } } }))
    const ok = await post({ text: 'alpha>=3', limit: 5 })
    expect(ok.status).toBe(200)
    expect(ok.body.value.total).toBe((RUNS * 2) / 5)
    const bad = await post({ text: 'alpha>=3 eta<' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues).toEqual([{ path: 'text', message: "column 13: 'eta<' needs a value after '<'" }])
  })

  it('lists from the CLI with --filter, and points at a malformed one', async () => {
    const db = lab.store.db.name
    const io = capture()
    expect(await main(['list', '--db', db, '--filter', 'N<=105 eta>=0.2'], io)).toBe(0)
    expect(io.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/).at(-1)).sort()).toEqual(['2', '3', '4', '5'])
    const bad = capture()
    expect(await main(['list', '--db', db, '--filter', 'N<=105 eta>>0.2'], bad)).toBe(2)
    expect(bad.stderr).toBe("lab: --filter is malformed at column 12: unexpected '>' in the value of eta (quote the value if it is meant)\n  N<=105 eta>>0.2\n             ^ unexpected '>' in the value of eta (quote the value if it is meant)\n")
  })
})
