// The paper's figures as the lab draws them, from its own presets (scaled down so the suite stays
// minutes, not hours: smaller N, D, t_max and sample counts, set the way a user would with
// overrides). Each test asserts the figure's claim on the runs it drew, then saves the screenshot
// linked from the README. docs/UNIVERSALITY.md has the full-size measurements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRow, StartedPreset } from '@shared/api'
import { openSession, screenshot, type Session } from './harness'

let s: Session
beforeAll(async () => {
  s = await openSession({ threads: 2, width: 1600, height: 1000 })
})
afterAll(async () => {
  await s?.close()
})

const small = ['model.N=120', 'model.D=60', 'train.tMax=8', 'train.testSamples=500', 'train.points=40']

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length
const latentOf = (r: RunRow) => r.spec.latent as { kind: string; alpha?: number; standardize: string }

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
    // the claim, at the largest spread α = 2 (mean over m and seeds of the mean late Δv)
    const dv = (standardize: string) => mean(runs.filter((r) => latentOf(r).alpha === 2 && latentOf(r).standardize === standardize).map((r) => r.summary['dev.v.meanLate'] as number))
    expect(dv('none')).toBeGreaterThan(3 * dv('exact'))
    // and it grows with α unstandardised
    const none = (alpha: number) => mean(runs.filter((r) => latentOf(r).alpha === alpha && latentOf(r).standardize === 'none').map((r) => r.summary['dev.v.meanLate'] as number))
    expect(none(2)).toBeGreaterThan(none(0.05))
    await s.page.goto(s.server.url + `#/sweeps?sweep=${started.sweep.id}`)
    await s.page.locator('canvas').first().waitFor({ timeout: 30_000 })
    // the maps sit below the metric-against-parameter plot: bring them to the top of the view
    await s.page.getByRole('group', { name: 'deviation map' }).scrollIntoViewIfNeeded()
    await s.page.getByRole('group', { name: 'deviation map' }).evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await s.page.waitForTimeout(500)
    await screenshot(s.page, 'fig-deviation-maps')
  })

  it('distribution gallery: SGD follows the ODE for every standardised latent but Lorentz (Figs. 7–8)', async () => {
    const started = await start('bae-jeong-gallery', small)
    if (started.kind !== 'sweep') throw new Error('the gallery preset is a sweep')
    const runs = s.lab.store.getSweep(started.sweep.id).runIds.map((id) => s.lab.store.getRun(id))
    expect(runs.every((r) => r.status === 'completed')).toBe(true)
    // Lorentz (no variance: standardising cannot rescue it) departs more than any other standardised latent
    const dv = (r: RunRow) => r.summary['dev.v.meanLate'] as number
    const lorentz = runs.find((r) => latentOf(r).kind === 'lorentz')!
    const others = runs.filter((r) => latentOf(r).kind !== 'lorentz').map(dv)
    expect(dv(lorentz)).toBeGreaterThan(Math.max(...others))
    await s.page.goto(s.server.url + `#/sweeps?sweep=${started.sweep.id}`)
    await s.page.locator('canvas').first().waitFor({ timeout: 30_000 })
    await s.page.waitForTimeout(500)
    // the Lorentz panel, and only it, draws SGD's median-of-means ε_g and says why
    const heavy = s.page.locator('.gallery .chart-panel', { hasText: 'no finite variance' })
    await expect.poll(() => heavy.count()).toBe(1)
    expect(await heavy.innerText()).toMatch(/Lorentz/i)
    await screenshot(s.page, 'fig-gallery')
  })

  it('KL divergence of mixtures from N(0, I) against α (Fig. 2) and cumulant dominance (Fig. S2)', async () => {
    const kl = await start('bae-jeong-fig2', ['d=20', 'samples=400', 'repeats=2'])
    const cumulants = await start('bae-jeong-fig-s2', ['samples=2000'])
    // Fig. 2: the KL divergence grows with the spread α for every component count m
    if (kl.kind === 'sweep') throw new Error('a study preset is one run')
    const klSeries = s.lab.store.getSeries(kl.run.id).filter((x) => /^kl\/m=\d+$/.test(x.name))
    expect(klSeries.length).toBeGreaterThan(0)
    for (const x of klSeries) expect(x.value[x.value.length - 1]!, x.name).toBeGreaterThan(x.value[0]! + 0.1)
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
