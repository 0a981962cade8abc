// numeric/parallel/team.ts: a worker that dies without a word must not leave the caller waiting.
import { describe, expect, it } from 'vitest'
import { Team } from '@numeric/parallel/team'

describe('Team', () => {
  it('a worker that exits without serving: run() throws after the stall limit instead of waiting forever', () => {
    const team = new Team(new URL('./fixtures/silentTeamWorker.mjs', import.meta.url), 1, {}, { stallFloorMs: 400, stallFactor: 50 })
    try {
      const t0 = performance.now()
      expect(() => team.run(() => undefined)).toThrow(/1 of 1 workers did not finish their share in 0\.4 s/)
      expect(performance.now() - t0).toBeGreaterThanOrEqual(400)
    } finally {
      team.close()
    }
  })
})
