// Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 7.4–7.5) with a
// line search satisfying the strong Wolfe conditions (Alg. 3.5–3.6, cubic interpolation in zoom):
//   φ(α) ≤ φ(0) + c1 α φ'(0)        (sufficient decrease)
//   |φ'(α)| ≤ c2 |φ'(0)|            (curvature), φ(α) = f(x + α d).
// A generator: one yielded record per iteration, so callers stream progress and may stop early.

/** f(x), writing ∇f(x) into grad. */
export type Objective = (x: Float64Array, grad: Float64Array) => number

export interface LbfgsOptions {
  /** number of (s, y) pairs kept, m */
  history?: number
  maxIterations?: number
  /** stop when ‖∇f‖∞ ≤ gradTol */
  gradTol?: number
  /** stop when (f_{k−1} − f_k) / max(|f_{k−1}|, |f_k|, 1) ≤ relTol */
  relTol?: number
  c1?: number
  c2?: number
  /** objective evaluations allowed per line search */
  maxLineSearch?: number
}

export interface LbfgsStep {
  /** k = 1, 2, … */
  iteration: number
  f: number
  gradNorm: number
  gradMax: number
  /** accepted step length along d */
  alpha: number
  /** objective evaluations so far */
  evaluations: number
  /** line-search values: φ(0), φ'(0), φ(α), φ'(α) */
  phi0: number
  dphi0: number
  phiAlpha: number
  dphiAlpha: number
  /** true if the step satisfies the strong Wolfe conditions (false only after a line-search fallback) */
  wolfe: boolean
}

export type StopReason = 'gradient' | 'relative-reduction' | 'max-iterations' | 'line-search'

export interface LbfgsResult {
  f: number
  gradNorm: number
  iterations: number
  evaluations: number
  reason: StopReason
}

interface LineSearchResult {
  alpha: number
  phi: number
  dphi: number
  evaluations: number
  ok: boolean
}

/**
 * Strong-Wolfe line search on φ (N&W Alg. 3.5 bracketing + Alg. 3.6 zoom). `phi(α)` returns
 * [φ(α), φ'(α)]. On failure returns ok = false and the best α found with sufficient decrease
 * (α = 0 if none). When ok, the accepted α was the last one evaluated.
 */
export function strongWolfeLineSearch(
  phi: (alpha: number) => [number, number],
  phi0: number,
  dphi0: number,
  alpha1: number,
  opts: { c1?: number; c2?: number; maxEvaluations?: number; alphaMax?: number } = {}
): LineSearchResult {
  const c1 = opts.c1 ?? 1e-4
  const c2 = opts.c2 ?? 0.9
  const maxEval = opts.maxEvaluations ?? 25
  const alphaMax = opts.alphaMax ?? 1e10
  let evals = 0
  const armijo = (a: number, f: number) => Number.isFinite(f) && f <= phi0 + c1 * a * dphi0
  const curvature = (d: number) => Math.abs(d) <= -c2 * dphi0

  // best point with sufficient decrease, for the fallback
  let best = { alpha: 0, phi: phi0, dphi: dphi0 }
  const note = (a: number, f: number, d: number) => {
    if (armijo(a, f) && f < best.phi) best = { alpha: a, phi: f, dphi: d }
  }

  const zoom = (lo: number, fLo: number, dLo: number, hi: number, fHi: number, dHi: number): LineSearchResult => {
    while (evals < maxEval) {
      const a = interpolate(lo, fLo, dLo, hi, fHi, dHi)
      const [f, d] = phi(a)
      evals++
      note(a, f, d)
      // f ≥ φ(lo), except for ties at round-off level, where the derivative decides below
      if (!armijo(a, f) || f > fLo + 4 * Number.EPSILON * Math.abs(fLo)) {
        hi = a
        fHi = f
        dHi = d
      } else {
        if (curvature(d)) return { alpha: a, phi: f, dphi: d, evaluations: evals, ok: true }
        if (d * (hi - lo) >= 0) {
          hi = lo
          fHi = fLo
          dHi = dLo
        }
        lo = a
        fLo = f
        dLo = d
      }
      if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break
    }
    return { ...best, evaluations: evals, ok: false }
  }

  let aPrev = 0, fPrev = phi0, dPrev = dphi0
  let a = Math.min(alpha1, alphaMax)
  while (evals < maxEval) {
    const [f, d] = phi(a)
    evals++
    note(a, f, d)
    if (!armijo(a, f) || (evals > 1 && f >= fPrev)) return zoom(aPrev, fPrev, dPrev, a, f, d)
    if (curvature(d)) return { alpha: a, phi: f, dphi: d, evaluations: evals, ok: true }
    if (d >= 0) return zoom(a, f, d, aPrev, fPrev, dPrev)
    aPrev = a
    fPrev = f
    dPrev = d
    if (a >= alphaMax) break
    a = Math.min(4 * a, alphaMax) // still descending: expand
  }
  return { ...best, evaluations: evals, ok: false }
}

/**
 * Minimiser of the cubic through (a, fa, da), (b, fb, db) (N&W eq. 3.59), kept inside the
 * middle 80% of [a, b]; bisection if the cubic has none or a value is not finite.
 */
function interpolate(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const lo = Math.min(a, b)
  const hi = Math.max(a, b)
  const margin = 0.1 * (hi - lo)
  let x = NaN
  if (Number.isFinite(fa) && Number.isFinite(fb) && Number.isFinite(da) && Number.isFinite(db)) {
    const d1 = da + db - (3 * (fa - fb)) / (a - b)
    const disc = d1 * d1 - da * db
    if (disc >= 0) {
      const d2 = Math.sign(b - a) * Math.sqrt(disc)
      x = b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2)
    }
  }
  if (!Number.isFinite(x)) return 0.5 * (a + b)
  return Math.min(Math.max(x, lo + margin), hi - margin)
}

// The O(n) vector loops live in plain functions: V8 optimises loops inside a generator poorly
// (measured: the two-loop recursion inline took 55 ms per iteration at n = 278 400, ~5× these).
// They are unrolled by four: V8 emits scalar code, and one accumulator (the dot) or one element per
// iteration leaves the core waiting on each add; four at a time ran 1.6–1.75× faster at n = 278 400
// (bench/speed.md). The element-wise loops compute the same values as before; the dot sums four
// interleaved partial sums, (s₀ + s₁) + (s₂ + s₃), a fixed order (as accurate or more).

/** y ← y + a x (with a = −c, bit-identical to y − c x: negation is exact) */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  const n = y.length, n4 = n - (n & 3)
  let j = 0
  for (; j < n4; j += 4) {
    y[j] += a * x[j]
    y[j + 1] += a * x[j + 1]
    y[j + 2] += a * x[j + 2]
    y[j + 3] += a * x[j + 3]
  }
  for (; j < n; j++) y[j] += a * x[j]
}

function scaleInPlace(x: Float64Array, c: number): void {
  for (let j = 0; j < x.length; j++) x[j] *= c
}

function negate(x: Float64Array): void {
  for (let j = 0; j < x.length; j++) x[j] = -x[j]
}

/** xt ← x + a d */
function stepTo(xt: Float64Array, x: Float64Array, a: number, d: Float64Array): void {
  const n = xt.length, n4 = n - (n & 3)
  let j = 0
  for (; j < n4; j += 4) {
    xt[j] = x[j] + a * d[j]
    xt[j + 1] = x[j + 1] + a * d[j + 1]
    xt[j + 2] = x[j + 2] + a * d[j + 2]
    xt[j + 3] = x[j + 3] + a * d[j + 3]
  }
  for (; j < n; j++) xt[j] = x[j] + a * d[j]
}

/** s ← α d, y ← g_new − g */
function curvaturePair(s: Float64Array, y: Float64Array, alpha: number, d: Float64Array, gNew: Float64Array, g: Float64Array): void {
  for (let j = 0; j < s.length; j++) {
    s[j] = alpha * d[j]
    y[j] = gNew[j] - g[j]
  }
}

/** Σ a_i b_i as four interleaved partial sums (s₀ + s₁) + (s₂ + s₃) */
function dot(a: Float64Array, b: Float64Array): number {
  const n = a.length, n4 = n - (n & 3)
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0
  let i = 0
  for (; i < n4; i += 4) {
    s0 += a[i] * b[i]
    s1 += a[i + 1] * b[i + 1]
    s2 += a[i + 2] * b[i + 2]
    s3 += a[i + 3] * b[i + 3]
  }
  for (; i < n; i++) s0 += a[i] * b[i]
  return s0 + s1 + (s2 + s3)
}

function norms(g: Float64Array): [number, number] {
  const s = dot(g, g)
  let m = 0
  for (let i = 0; i < g.length; i++) {
    const a = Math.abs(g[i])
    if (a > m) m = a
  }
  return [Math.sqrt(s), m]
}

/**
 * Minimise fg from x (updated in place: after each yield it holds the current iterate, and the
 * last call of fg was at that iterate, so fg may keep diagnostics of its last evaluation).
 */
export function* lbfgs(fg: Objective, x: Float64Array, opts: LbfgsOptions = {}): Generator<LbfgsStep, LbfgsResult, void> {
  const n = x.length
  const m = opts.history ?? 10
  const maxIter = opts.maxIterations ?? 100
  const gradTol = opts.gradTol ?? 1e-8
  const relTol = opts.relTol ?? 1e-12
  const c1 = opts.c1 ?? 1e-4
  const c2 = opts.c2 ?? 0.9
  const maxLS = opts.maxLineSearch ?? 25

  const g = new Float64Array(n)
  const d = new Float64Array(n)
  const xt = new Float64Array(n)
  const gt = new Float64Array(n)
  const S: Float64Array[] = []
  const Y: Float64Array[] = []
  const rho: number[] = []
  const alphaTmp = new Float64Array(m)
  let evaluations = 1
  let f = fg(x, g)
  let [gNorm, gMax] = norms(g)
  let iteration = 0
  let reason: StopReason = 'max-iterations'
  if (!Number.isFinite(f)) throw new Error('lbfgs: the objective is not finite at the starting point')
  if (gMax <= gradTol) return { f, gradNorm: gNorm, iterations: 0, evaluations, reason: 'gradient' }

  while (iteration < maxIter) {
    // d = −H g by the two-loop recursion, H0 = γ I with γ = sᵀy / yᵀy of the newest pair
    d.set(g)
    for (let i = S.length - 1; i >= 0; i--) {
      const a = rho[i] * dot(S[i], d)
      alphaTmp[i] = a
      axpy(-a, Y[i], d)
    }
    if (S.length > 0) {
      const last = S.length - 1
      const gamma = 1 / (rho[last] * dot(Y[last], Y[last]))
      scaleInPlace(d, gamma)
    }
    for (let i = 0; i < S.length; i++) {
      const b = rho[i] * dot(Y[i], d)
      axpy(alphaTmp[i] - b, S[i], d)
    }
    negate(d)
    let dphi0 = dot(g, d)
    if (!(dphi0 < 0)) {
      // not a descent direction (round-off in H): restart from steepest descent
      S.length = Y.length = rho.length = 0
      d.set(g)
      negate(d)
      dphi0 = -gNorm * gNorm
    }
    // first step (no curvature yet): unit length in x, α = 1/‖d‖ (as L-BFGS-B; capping it at 1 cost
    // the MNIST fit, whose ‖∇L‖ ≪ 1, nine evaluations of ×4 growth to reach its scale); then the
    // quasi-Newton step α = 1
    const alpha1 = S.length === 0 ? 1 / norms(d)[0] : 1
    const phi = (a: number): [number, number] => {
      stepTo(xt, x, a, d)
      evaluations++
      const ft = fg(xt, gt)
      return [ft, dot(gt, d)]
    }
    const ls = strongWolfeLineSearch(phi, f, dphi0, alpha1, { c1, c2, maxEvaluations: maxLS })
    let { alpha, phi: fNew, dphi: dNew } = ls
    if (!ls.ok) {
      if (alpha === 0) {
        if (S.length === 0) {
          reason = 'line-search'
          break
        }
        S.length = Y.length = rho.length = 0 // retry from steepest descent
        continue
      }
      // accept the best sufficient-decrease point; re-evaluate so fg's last call is there
      ;[fNew, dNew] = phi(alpha)
    }
    // curvature pair s = α d, y = g_new − g
    const s = S.length === m ? S.shift()! : new Float64Array(n)
    const y = Y.length === m ? Y.shift()! : new Float64Array(n)
    if (rho.length === m) rho.shift()
    curvaturePair(s, y, alpha, d, gt, g)
    const sy = dot(s, y)
    if (sy > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s))) {
      S.push(s)
      Y.push(y)
      rho.push(1 / sy)
    }
    const fPrev = f
    x.set(xt)
    g.set(gt)
    f = fNew
    ;[gNorm, gMax] = norms(g)
    iteration++
    yield {
      iteration, f, gradNorm: gNorm, gradMax: gMax, alpha, evaluations,
      phi0: fPrev, dphi0, phiAlpha: fNew, dphiAlpha: dNew, wolfe: ls.ok
    }
    if (gMax <= gradTol) {
      reason = 'gradient'
      break
    }
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= relTol) {
      reason = 'relative-reduction'
      break
    }
  }
  return { f, gradNorm: gNorm, iterations: iteration, evaluations, reason }
}

/** Run the generator to its end (no streaming). */
export function minimize(fg: Objective, x: Float64Array, opts: LbfgsOptions = {}): LbfgsResult & { steps: LbfgsStep[] } {
  const steps: LbfgsStep[] = []
  const it = lbfgs(fg, x, opts)
  for (;;) {
    const r = it.next()
    if (r.done) return { ...r.value, steps }
    steps.push(r.value)
  }
}
