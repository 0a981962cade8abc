// Issue 5: the paper's figures as the lab draws them, from its own presets (scaled down so the
// suite stays minutes, not hours: smaller N, D, t_max and sample counts, set the way a user
// would with overrides). The screenshots are the figures linked from the README.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedPreset } from '@shared/api'
import { openSession, screenshot, type Session } from './harness'

let s: Session
beforeAll(async () => {
  s = await openSession({ threads: 2, width: 1600, height: 1000 })
})
afterAll(async () => {
  await s?.close()
})

const small = ['model.N=120', 'model.D=60', 'train.tMax=8', 'train.testSamples=500', 'train.points=40']

async function start(id: string, set: string[]): Promise<StartedPreset> {
  const started = await s.lab.call('startPreset', { id, set })
  await s.lab.runner.drain()
  return started
}

describe('paper figures drawn by the lab', () => {
  it('deviation maps: unstandardised mixtures depart from the ODE, standardised ones do not (Figs. 3–6)', async () => {
    const started = await start('bae-jeong-deviation-maps', small)
    expect(started.kind).toBe('sweep')
    if (started.kind !== 'sweep') return
    const runs = s.lab.store.getSweep(started.sweep.id).runIds.map((id) => s.lab.store.getRun(id))
    expect(runs.every((r) => r.status === 'completed')).toBe(true)
    await s.page.goto(s.server.url + `#/sweeps?sweep=${started.sweep.id}`)
    await s.page.locator('canvas').first().waitFor({ timeout: 30_000 })
    await s.page.waitForTimeout(500)
    await screenshot(s.page, 'fig-deviation-maps')
  })

  it('distribution gallery: SGD follows the ODE for every standardised latent but Lorentz (Figs. 7–8)', async () => {
    const started = await start('bae-jeong-gallery', small)
    if (started.kind !== 'sweep') throw new Error('the gallery preset is a sweep')
    await s.page.goto(s.server.url + `#/sweeps?sweep=${started.sweep.id}`)
    await s.page.locator('canvas').first().waitFor({ timeout: 30_000 })
    await s.page.waitForTimeout(500)
    await screenshot(s.page, 'fig-gallery')
  })

  it('KL divergence of mixtures from N(0, I) against α (Fig. 2) and cumulant dominance (Fig. S2)', async () => {
    const kl = await start('bae-jeong-fig2', ['d=20', 'samples=400', 'repeats=2'])
    const cumulants = await start('bae-jeong-fig-s2', ['samples=2000'])
    for (const [started, name] of [[kl, 'fig2-kl'], [cumulants, 'figS2-cumulants']] as const) {
      if (started.kind === 'sweep') throw new Error('a study preset is one run')
      expect(s.lab.store.getRun(started.run.id).status).toBe('completed')
      await s.page.goto(s.server.url + `#/sweeps?study=${started.run.id}`)
      await s.page.locator('canvas').first().waitFor({ timeout: 30_000 })
      await s.page.waitForTimeout(500)
      await screenshot(s.page, name)
    }
  })
})
