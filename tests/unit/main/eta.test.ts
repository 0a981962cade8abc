// The runner's ETA (src/main/runner/eta.ts) on a clock the test moves: exact for a steady rate,
// forgets a slow start after its window, and moves toward a new rate without jumping.
import { describe, expect, it } from 'vitest'
import { Eta, SETTLE_MS, WINDOW_MS } from '@main/runner/eta'

function clock() {
  const c = { ms: 0, now: () => c.ms }
  return c
}

describe('Eta', () => {
  it('is null until two seconds of progress, then exact for a steady rate, and counts down between updates', () => {
    const c = clock()
    const eta = new Eta(c.now)
    eta.start()
    // a set-up of 5 s before the first progress is not taken for the rate
    c.ms = 5000
    eta.update(0)
    // then 1 % per second: 100 s of work
    for (let s = 1; s <= 40; s++) {
      c.ms = 5000 + s * 1000
      eta.update(s / 100)
      if (s < 2) expect(eta.secondsLeft()).toBeNull()
      else expect(eta.secondsLeft()).toBeCloseTo(100 - s, 9)
    }
    c.ms += 2500
    expect(eta.secondsLeft()).toBeCloseTo(57.5, 9)
  })

  it('after a rate change, every update moves it by at most the settling share of the gap, never up, and ends near the truth', () => {
    const c = clock()
    const eta = new Eta(c.now)
    eta.start()
    // 10 s at 1 %/s, then 5 %/s: the true time left drops from 90 s to 18 s at once
    let f = 0
    eta.update(0)
    for (let s = 1; s <= 10; s++) {
      c.ms = s * 1000
      eta.update((f = s / 100))
    }
    let prev = eta.secondsLeft()!
    expect(prev).toBeCloseTo(90, 9)
    const share = 1 - Math.exp(-200 / SETTLE_MS)
    for (let step = 1; f < 0.985; step++) {
      c.ms += 200
      f += 0.01
      eta.update(f)
      const now = eta.secondsLeft()!
      const predicted = Math.max(0, prev - 0.2)
      // the change beyond the clock's own 0.2 s is at most the settling share of the gap to the largest raw estimate
      expect(Math.abs(now - predicted)).toBeLessThanOrEqual(share * 90 + 1e-9)
      // and it never goes up while the work speeds up
      expect(now).toBeLessThanOrEqual(prev)
      prev = now
    }
    // 1.5 % left at 5 %/s is 0.3 s; the 30 s window still holds the slow start, so it says a few seconds
    expect(prev).toBeLessThan(5)
    eta.update(1)
    expect(eta.secondsLeft()).toBe(0)
  })

  it('forgets a slow start once it is older than the window', () => {
    const c = clock()
    const eta = new Eta(c.now)
    eta.start()
    // a first part that does 1 % of the work in 60 s, then 1 %/s
    for (let s = 0; s <= 60; s++) {
      c.ms = s * 1000
      eta.update(s / 6000)
    }
    for (let s = 1; s <= WINDOW_MS / 1000 + 30; s++) {
      c.ms = 60_000 + s * 1000
      eta.update(0.01 + s / 100)
    }
    const f = 0.01 + (WINDOW_MS / 1000 + 30) / 100
    // the window holds only the steady part: (1 − f) at 1 %/s, up to the settling of the earlier estimate
    expect(eta.secondsLeft()!).toBeCloseTo((1 - f) * 100, 0)
  })
})
