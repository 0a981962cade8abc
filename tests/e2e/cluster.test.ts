// The Sweeps view's cluster bundles, in Chromium: export a stored sweep as a bundle (a bad folder
// is named at its field), see its points missing, let the bundle's worker run them (as a cluster
// would), see them done, import them into the sweep.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runLocal } from '@main/cluster/runLocal'
import { parseSweep } from '@shared/sweep'
import { tmpDir } from '../integration/helpers'
import { openSession, screenshot, type Session } from './harness'

const SWEEP = {
  name: 'cluster e2e',
  base: { engine: 'hmm', model: { N: 30, D: 15 }, train: { tMax: 1, points: 6, testSamples: 100 } },
  axes: [{ path: 'seed', values: [1, 2, 3, 4] }]
}

describe('cluster bundles in the Sweeps view', () => {
  let s: Session
  beforeAll(async () => {
    s = await openSession()
  })
  afterAll(async () => {
    await s?.close()
  })

  it('exports a sweep as a bundle, shows its status and imports its results', async () => {
    const { page, lab, server } = s
    const sweep = lab.store.createSweep(SWEEP.name, parseSweep(SWEEP))
    await page.goto(`${server.url}#/sweeps?sweep=${sweep.id}`)
    await page.getByRole('button', { name: 'Export for cluster…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Export for a cluster (SLURM)' })
    await dialog.getByLabel('Folder').fill('not/absolute')
    await dialog.getByRole('button', { name: 'Write bundle' }).click()
    await expect.poll(() => dialog.locator('.field-error').first().textContent()).toMatch(/must be an absolute folder path/)

    const out = join(tmpDir('lab-e2e-bundle-'), 'bundle')
    await dialog.getByLabel('Folder').fill(out)
    await dialog.getByLabel('Points per task').fill('2')
    await dialog.getByRole('button', { name: 'Write bundle' }).click()
    await page.getByRole('button', { name: 'Import results' }).waitFor()
    expect(existsSync(join(out, 'worker.mjs'))).toBe(true)
    await expect.poll(() => page.locator('.bundle').textContent(), { timeout: 20_000 }).toMatch(/4 points in 2 tasks \(slurm\):\s*missing 4/)
    await screenshot(page, 'cluster-bundle-missing')

    // the cluster's part, done here by the bundle's own worker
    const results = await runLocal(out, 2)
    expect(results.map((r) => r.exitCode)).toEqual([0, 0])
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => page.locator('.bundle').textContent()).toMatch(/done 4/)
    await page.getByRole('button', { name: 'Import results' }).click()
    // the view opens the sweep, its four points now done
    await expect.poll(() => page.locator('.sweep-head').textContent(), { timeout: 15_000 }).toMatch(/4\/4 done/)
    expect(lab.store.getSweep(sweep.id).runIds.length).toBe(4)
    await screenshot(page, 'cluster-bundle-imported')
  })
})
