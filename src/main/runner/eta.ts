// Time left for a run from its progress. The fraction an engine reports is the fraction of its
// estimated work (for the two-layer engines: flops of the shared cost model, progress.ts), so
// its rate is nearly steady; what remains unsteady (a part whose cost the model misjudges, a
// busy machine) is smoothed twice:
//
//   rate   r = (f_now − f_then) / (s_now − s_then), over a sliding window of WINDOW_MS of wall
//          time s (the whole run while it is shorter), so a slow start is forgotten. The window
//          opens at the first progress reported, not at the start: the time before it (the pool's
//          thread, drawing the instance) is the least proportional to its estimated work;
//   raw    R = (1 − f_now) / r;
//   shown  E: between updates it counts down with the wall clock (P = E − Δs), and each update
//          moves it toward the raw estimate by 1 − exp(−Δs/SETTLE_MS) of the gap:
//          E ← P + (R − P)(1 − e^(−Δs/τ)).
//
// A change of the raw estimate therefore shows over ~τ seconds, never as a jump, and a steady
// rate gives the exact time left. Before MIN_SPAN_MS of progress there is nothing to go on (null).

export const WINDOW_MS = 30_000
export const SETTLE_MS = 4_000
export const MIN_SPAN_MS = 2_000

interface Sample {
  at: number
  fraction: number
}

export class Eta {
  private samples: Sample[] = []
  private shown: number | null = null
  private shownAt = 0
  private fraction = 0

  constructor(private readonly now: () => number = Date.now) {}

  start(): void {
    this.samples = []
    this.shown = null
    this.fraction = 0
  }

  update(fraction: number): void {
    const at = this.now()
    this.fraction = fraction
    this.samples.push({ at, fraction })
    // keep one sample at or before the window's start: the rate spans the whole window
    while (this.samples.length > 2 && this.samples[1].at <= at - WINDOW_MS) this.samples.shift()
    const raw = this.raw(at)
    if (raw === null) return
    if (this.shown === null) this.shown = raw
    else {
      const predicted = Math.max(0, this.shown - (at - this.shownAt) / 1000)
      this.shown = predicted + (raw - predicted) * (1 - Math.exp(-(at - this.shownAt) / SETTLE_MS))
    }
    this.shownAt = at
  }

  private raw(at: number): number | null {
    if (this.fraction >= 1) return 0
    const then = this.samples[0]
    if (!then) return null
    const span = at - then.at
    const done = this.fraction - then.fraction
    if (span < MIN_SPAN_MS || done <= 0) return null
    return ((1 - this.fraction) * span) / done / 1000
  }

  /** seconds left, counted down since the last update; null until there is something to go on */
  secondsLeft(): number | null {
    if (this.fraction >= 1) return 0
    if (this.shown === null) return null
    return Math.max(0, this.shown - (this.now() - this.shownAt) / 1000)
  }
}
