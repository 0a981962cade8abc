// Seed 003 in the Elasticity view (#/elasticity), from its presets scaled down: the phase
// diagram, neural collapse, an L-model LE-SDE run, training on GeoMNIST with α̂, β̂ and RD, and the
// label-corruption sweep against p_err. Screenshots go to test-output/screenshots/elasticity-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedPreset } from '@shared/api'
import { openSession, screenshot, type Session } from './harness'

let s: Session
beforeAll(async () => {
  s = await openSession({ threads: 2, width: 1600, height: 1400 })
})
afterAll(async () => {
  await s?.close()
})

async function start(id: string, set: string[]): Promise<StartedPreset> {
  const started = await s.lab.call('startPreset', { id, set })
  await s.lab.runner.drain()
  return started
}

async function show(runId: string, name: string, charts: number) {
  await s.page.goto(s.server.url + `#/elasticity?run=${runId}`)
  await s.page.locator('canvas').nth(charts - 1).waitFor({ timeout: 30_000 })
  await s.page.waitForTimeout(500)
  expect(await s.page.locator('.chart-panel').count()).toBeGreaterThanOrEqual(charts)
  await screenshot(s.page, `elasticity-${name}`)
}

const runId = (p: StartedPreset) => (p.kind === 'sweep' ? p.runs[0].id : p.run.id)

describe('the Elasticity view draws seed 003', () => {
  it('phase diagram, neural collapse and an L-model LE-SDE run', async () => {
    const phase = await start('zhang-wang-su-phase', ['seeds=4', 'tMaxes=[100,10000,1000000]'])
    const collapse = await start('zhang-wang-su-collapse', ['tMax=60', 'points=30'])
    const sde = await start('zhang-wang-su-collapse-sde', ['tMax=20', 'points=20', 'n=20'])
    for (const p of [phase, collapse, sde]) expect(s.lab.store.getRun(runId(p)).status).toBe('completed')
    await show(runId(phase), 'phase', 2)
    await show(runId(collapse), 'collapse', 2)
    await show(runId(sde), 'sde', 4)
  })

  it('training on GeoMNIST and the label-corruption sweep', async () => {
    const small = ['iterations=1500', 'points=40', 'data.trainPerClass=150', 'data.valPerClass=50', 'n=30']
    const train = await start('zhang-wang-su-fig2-geomnist', small)
    expect(s.lab.store.getRun(runId(train)).status).toBe('completed')
    await show(runId(train), 'train', 6)
    const sweep = await start('zhang-wang-su-fig3-label-corruption', small)
    expect(sweep.kind).toBe('sweep')
    await show(runId(sweep), 'label-corruption', 8)
  })
})
