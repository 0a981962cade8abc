// The latent fit over T threads (latentBlocks.ts, numeric/parallel/team.ts): the same loss and
// gradient as one thread (only the order of the ∇F and Σ E² sums differs), the gradient against
// central differences, the thread count in the result, no worker left after a fit (finished or
// thrown), and a fit with threads inside a Piscina task (nested worker threads).
import { fileURLToPath } from 'node:url'
import { availableParallelism } from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import { Piscina } from 'piscina'
import { Rng } from '@numeric/random/rng'
import { LatentObjective, fitLatents, resolveFitThreads } from '@engines/pseudoreal/latentFit'
import { liveTeamWorkers } from '@numeric/parallel/team'
import { PseudoRealOptions } from '@shared/pseudorealSpec'
import { worstGradError } from './helpers'
import { SMALL, runSmallFit, smallPixels } from './fixtures/latentFitTask'

/** Wait (event loop turns, bounded) until at most `target` team workers are live (their 'exit' events arrive asynchronously). */
async function liveWorkersSettledTo(target: number): Promise<number> {
  for (let i = 0; i < 200 && liveTeamWorkers() > target; i++) await new Promise((r) => setTimeout(r, 25))
  return liveTeamWorkers()
}

describe('latent fit on T threads', () => {
  const { P, D, N, blockRows } = SMALL
  const px = smallPixels(3)
  const theta = new Float64Array(P * D + D * N)
  Rng.stream(4, 'test/theta').fillNormal(theta)
  const opts = { D, f: 'tanh' as const, lambdaC: 0.7, lambdaF: 1.3, lambdaMean: 0.9, blockRows }
  const one = new LatentObjective(px, P, N, { ...opts, threads: 1 })
  const two = new LatentObjective(px, P, N, { ...opts, threads: 2 })
  // P = 64 on 3 threads: rows 0–20, 21–41, 42–63, blocks of 16 leave remainders in each
  const three = new LatentObjective(px, P, N, { ...opts, threads: 3 })
  afterAll(() => {
    two.close()
    three.close()
  })

  it('1, 2 and 3 threads: the same loss to 1e-12 relative and the same gradient to 1e-12', () => {
    const g1 = new Float64Array(theta.length)
    const l1 = one.evaluate(theta, g1)
    const gmax = Math.max(...g1.map(Math.abs))
    expect(gmax).toBeGreaterThan(1e-3)
    for (const obj of [two, three]) {
      const g = new Float64Array(theta.length).fill(Number.NaN)
      const l = obj.evaluate(theta, g)
      expect(Math.abs(l - l1) / l1).toBeLessThan(1e-12)
      let worst = 0
      for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(g[i] - g1[i]))
      expect(worst / gmax).toBeLessThan(1e-12)
      expect(obj.last!.recon).toBeCloseTo(one.last!.recon, 14)
    }
    expect([one.threads, two.threads, three.threads]).toEqual([1, 2, 3])
  })

  it('2 threads: the gradient matches central differences in C (every thread\'s rows) and F', () => {
    const g = new Float64Array(theta.length)
    two.evaluate(theta, g)
    const f = (t: Float64Array) => two.evaluate(t, new Float64Array(t.length))
    // C rows 3 (rank 0) and 40, 63 (rank 1); F entries
    const idx = [3 * D + 1, 40 * D + 4, 63 * D + 5, P * D + 7, P * D + 3 * N + 20, P * D + D * N - 1]
    expect(worstGradError(f, theta.slice(), g, 1e-5, idx)).toBeLessThan(1e-6)
  })

  it('threads 0 means all cores (capped at P); negative or fractional refused', () => {
    expect(resolveFitThreads(0, 10_000)).toBe(availableParallelism())
    expect(resolveFitThreads(8, 3)).toBe(3)
    expect(resolveFitThreads(undefined, 10)).toBe(1)
    expect(() => resolveFitThreads(-1, 10)).toThrow(/threads/)
    expect(() => resolveFitThreads(1.5, 10)).toThrow(/threads/)
    // the spec: default 1 (serial, the numbers of fits made before the option), 0 allowed, bounded
    expect(PseudoRealOptions.parse({}).threads).toBe(1)
    expect(PseudoRealOptions.parse({ threads: 0 }).threads).toBe(0)
    for (const bad of [-1, 2.5, 257]) {
      const r = PseudoRealOptions.safeParse({ threads: bad })
      expect(r.success).toBe(false)
      expect(JSON.stringify(r.error?.issues)).toMatch(/threads/)
    }
  })

  it('a fit on 2 threads reaches the 1-thread loss, records its threads, and leaves no worker', async () => {
    const baseline = liveTeamWorkers() // the objectives above: 1 + 2 workers (closed in afterAll)
    expect(baseline).toBe(3)
    const a = runSmallFit({ threads: 1, iterations: 8 })
    const b = runSmallFit({ threads: 2, iterations: 8 })
    expect([a.liveDuringFit, b.liveDuringFit]).toEqual([baseline, baseline + 1])
    expect([a.threads, b.threads]).toEqual([1, 2])
    expect(Math.abs(b.loss - a.loss) / a.loss).toBeLessThan(1e-9)
    expect(await liveWorkersSettledTo(baseline)).toBe(baseline)
  })

  it('a fit that throws (non-finite start) stops its workers', async () => {
    const before = liveTeamWorkers()
    const gen = fitLatents(px, P, N, { ...opts, iterations: 3, history: 3, threads: 2, lambdaC: Number.NaN }, Rng.stream(5, 'test/fit'))
    gen.next() // the start is evaluated (NaN loss), then L-BFGS refuses it
    expect(liveTeamWorkers()).toBe(before + 1)
    expect(() => gen.next()).toThrow(/not finite/)
    expect(await liveWorkersSettledTo(before)).toBe(before)
  })

  it('inside a Piscina task (nested worker threads) the fit runs on 2 threads', async () => {
    const pool = new Piscina({ filename: fileURLToPath(new URL('./fixtures/latentFitPiscinaTask.mjs', import.meta.url)), minThreads: 1, maxThreads: 1 })
    try {
      const r = (await pool.run({ threads: 2, iterations: 4 })) as ReturnType<typeof runSmallFit>
      const local = runSmallFit({ threads: 2, iterations: 4 })
      expect(r.threads).toBe(2)
      expect(r.liveDuringFit).toBe(1)
      expect(r.loss).toBe(local.loss)
    } finally {
      await pool.destroy()
    }
  })
})
