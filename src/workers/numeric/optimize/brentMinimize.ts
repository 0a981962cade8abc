// Brent's minimiser of a function of one variable on [a, b] (Brent 1973, ch. 5; "fmin"):
// golden-section steps, replaced by a parabola through the three best points whenever that
// parabola's vertex lies inside the bracket and the step shrinks fast enough. Converges
// superlinearly for smooth f and never worse than golden section for any unimodal f.
// Finds a local minimum: bracket the global one first (e.g. the best point of a coarse grid).
// Degenerate input: a = b returns that point; a > b is swapped; non-finite f values are treated
// as +∞ (the search moves away from them).

export interface BrentOptions {
  /** absolute tolerance on x (default 1e-10·(1 + |x|)) */
  xTol?: number
  maxIterations?: number
}

export interface BrentResult {
  x: number
  fx: number
  iterations: number
}

const GOLD = (3 - Math.sqrt(5)) / 2

export function brentMinimize(f: (x: number) => number, a: number, b: number, opts: BrentOptions = {}): BrentResult {
  if (a > b) [a, b] = [b, a]
  const F = (x: number) => {
    const y = f(x)
    return Number.isNaN(y) ? Infinity : y
  }
  const maxIterations = opts.maxIterations ?? 200
  let x = a + GOLD * (b - a)
  let w = x
  let v = x
  let fx = F(x)
  let fw = fx
  let fv = fx
  let d = 0
  let e = 0
  let it = 0
  for (; it < maxIterations; it++) {
    const mid = (a + b) / 2
    const tol1 = opts.xTol ?? 1e-10 * (1 + Math.abs(x))
    const tol2 = 2 * tol1
    if (Math.abs(x - mid) <= tol2 - (b - a) / 2) break
    let golden = true
    if (Math.abs(e) > tol1) {
      // parabola through (v, fv), (w, fw), (x, fx)
      const r = (x - w) * (fx - fv)
      let q = (x - v) * (fx - fw)
      let p = (x - v) * q - (x - w) * r
      q = 2 * (q - r)
      if (q > 0) p = -p
      else q = -q
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
        e = d
        d = p / q
        const u = x + d
        if (u - a < tol2 || b - u < tol2) d = x < mid ? tol1 : -tol1
        golden = false
      }
    }
    if (golden) {
      e = x < mid ? b - x : a - x
      d = GOLD * e
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
    const fu = F(u)
    if (fu <= fx) {
      if (u < x) b = x
      else a = x
      v = w
      fv = fw
      w = x
      fw = fx
      x = u
      fx = fu
    } else {
      if (u < x) a = u
      else b = u
      if (fu <= fw || w === x) {
        v = w
        fv = fw
        w = u
        fw = fu
      } else if (fu <= fv || v === x || v === w) {
        v = u
        fv = fu
      }
    }
  }
  return { x, fx, iterations: it }
}
