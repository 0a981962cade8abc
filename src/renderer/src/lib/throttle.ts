// Leading + trailing throttle: at most one call per `ms`, and the last request is never lost.
export interface Throttled<A extends unknown[]> {
  (...args: A): void
  cancel(): void
  /** run a pending trailing call now */
  flush(): void
}

export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number, now: () => number = Date.now): Throttled<A> {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending: A | null = null
  const run = (args: A) => {
    last = now()
    pending = null
    fn(...args)
  }
  const throttled = ((...args: A) => {
    const wait = last + ms - now()
    if (wait <= 0 && timer === null) {
      run(args)
      return
    }
    pending = args
    if (timer === null)
      timer = setTimeout(() => {
        timer = null
        if (pending) run(pending)
      }, Math.max(0, wait))
  }) as Throttled<A>
  throttled.cancel = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    pending = null
  }
  throttled.flush = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (pending) run(pending)
  }
  return throttled
}
