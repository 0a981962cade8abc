// Time left for a run from its progress: the rate over the whole run so far, which is steady
// for engines whose cost per record time is steady (SGD, the ODE), and honest about it.

export class Eta {
  private startedAt: number | null = null
  private fraction = 0
  private at = 0

  constructor(private readonly now: () => number = Date.now) {}

  start(): void {
    this.startedAt = this.now()
  }

  update(fraction: number): void {
    this.fraction = fraction
    this.at = this.now()
  }

  /** null until there is something to go on */
  secondsLeft(): number | null {
    if (this.startedAt === null || this.fraction <= 0) return null
    if (this.fraction >= 1) return 0
    const elapsed = (this.at - this.startedAt) / 1000
    if (elapsed <= 0) return null
    return (elapsed * (1 - this.fraction)) / this.fraction
  }
}
