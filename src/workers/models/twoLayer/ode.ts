// The ODE of the hidden manifold model (Goldt et al. 2020; MATH.md §3), explicit Euler or RK4.
// Per step: order parameters (τ-means) → covariance C = [[Q, R], [Rᵀ, T]] → the integrals I3, I4
// (I2 if v is trained), once → τ-independent coefficients A, b, J → one pass over τ.
import { analyticEg } from './analyticEg'
import { fieldCoefficients } from './fieldCoefficients'
import type { OdeActivation } from './integrals'
import { applyWv, cloneState, type OdeConstants, type OdeState } from './odeState'
import { createMixtureSystem, mixtureEg } from './odeScaleMixture'

export interface OdeOptions {
  /** learning rate η */
  lr: number
  /** activation of student and teacher */
  g: OdeActivation
  trainSecondLayer: boolean
  /** time step (the spec's default: 0.01) */
  dt: number
  method: 'euler' | 'rk4'
  /**
   * τ-pass implementation: 'unrolled' generates straight-line code for this K, M ('auto' uses
   * it up to K = M = 8), 'loops' is the plain typed-array version. Both compute the same sums.
   */
  kernel?: 'auto' | 'unrolled' | 'loops'
  /**
   * teacher source of the r-equation: 'averaged' = μ1 ρ_τ Σ_n b_kn T̃_nm as MATH.md §3 writes it
   * (and the fixture's integrator); 'per-mode' = μ1 ρ_τ ω_mτ Σ_n b_kn ω_nτ, the term before the
   * τ-average (Stein on Cov(c_τ, ν_n) = ω_nτ/√D). They agree when the teacher's overlaps ω_nτω_mτ
   * do not depend on ρ_τ (a random teacher, large D); a fitted teacher leans on the top modes.
   * 'per-mode' needs the constants' ω.
   */
  teacherTerm?: 'averaged' | 'per-mode'
  /** give each snapshot the whole state (σ(τ), r(τ), W, v) at its time, for readouts beyond (Q, R) */
  snapshotState?: boolean
}

export interface OdeSnapshot {
  t: number
  /** analytic ε_g from (Q, R, T, v, ṽ) */
  eg: number
  /** K×K */
  Q: Float64Array
  /** K×M */
  R: Float64Array
  /** K×K */
  W: Float64Array
  /** K×K */
  Sigma: Float64Array
  /** K */
  v: Float64Array
  /** the whole state at t (interpolated like the rest), when OdeOptions.snapshotState */
  state?: OdeState
}

/** Coefficients and per-τ constants the τ-pass reads (filled once per evaluation). */
interface PassInput {
  D: number
  /** A_kj, K×K */
  A: Float64Array
  /** b_kn, K×M */
  b: Float64Array
  /** μ1 Σ_n b_kn T̃_nm, K×M */
  Br: Float64Array
  /** v_k v_l J_kl, K×K */
  vvJ: Float64Array
  /** (η/δ) d_τ, d_τ = ζδ + μ1²ρ_τ */
  edD: Float64Array
  /** (η/δ) ρ_τ */
  edRho: Float64Array
  /** (η/δ) μ1 ρ_τ */
  edRhoMu1: Float64Array
  /** η² (ζρ_τ + μ1²ρ_τ²/δ) */
  noise: Float64Array
  /** ω_mτ, M×D (per-mode teacher term only) */
  omega: Float64Array
}

/**
 * One pass over τ: with f = the density part of the right-hand side at y, writes
 * out = base + h f (if out) and acc += w f (if acc), and stores the τ-means of the written
 * out rows in sums = [mean r (K×M), mean σ (K×K)].
 */
type TauPass = (
  p: PassInput, y: OdeState, out: OdeState | null, base: OdeState, h: number,
  acc: OdeState | null, w: number, sums: Float64Array
) => void

/**
 * The τ-pass as straight-line code for fixed K, M (all A, b, J in locals, every sum unrolled):
 * 10× faster than small inner loops over K in V8. For K=M=2 the body per τ is 7 loads, ~40
 * multiply-adds and 7 stores. σ is read for k ≤ l only (σ is symmetric) and written to both.
 */
function unrolledPass(K: number, M: number, perMode: boolean): TauPass {
  // three variants (out only: Euler; out and acc: RK4 stages 1–3; acc only: RK4 stage 4), each
  // its own function so that each stays small enough for the optimising compiler; the first two
  // also when base is y (Euler, RK4's first stage): base's values are then the ones just loaded
  const [outOnly, both, accOnly, outOnlyAtY, bothAtY] = ([[true, false, false], [true, true, false], [false, true, false], [true, false, true], [true, true, true]] as const).map(([o, a, atY]) =>
    unrolledVariant(K, M, o, a, perMode, atY)
  )
  return (p, y, out, base, h, acc, w, sums) =>
    (out === null ? accOnly : acc === null ? (base === y ? outOnlyAtY : outOnly) : base === y ? bothAtY : both)(p, y, out, base, h, acc, w, sums)
}

function unrolledVariant(K: number, M: number, withOut: boolean, withAcc: boolean, perMode: boolean, baseIsY: boolean): TauPass {
  const L: string[] = []
  const s = (k: number, l: number) => (k <= l ? `s${k}_${l}` : `s${l}_${k}`)
  L.push('const { D, A, b, Br, vvJ, edD, edRho, edRhoMu1, noise, omega } = p;')
  L.push('const r = y.r, sg = y.sigma;')
  if (withOut) L.push('const oR = out.r, oS = out.sigma, bR = base.r, bS = base.sigma;')
  if (withAcc) L.push('const aR = acc.r, aS = acc.sigma;')
  for (let k = 0; k < K; k++) for (let j = 0; j < K; j++) L.push(`const A${k}_${j} = A[${k * K + j}];`)
  for (let k = 0; k < K; k++)
    for (let m = 0; m < M; m++) L.push(`const b${k}_${m} = b[${k * M + m}], Br${k}_${m} = Br[${k * M + m}];`)
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) L.push(`const J${k}_${l} = vvJ[${k * K + l}];`)
  for (let k = 0; k < K; k++)
    for (let m = 0; m < M; m++) L.push(`const or${k}_${m} = ${k * M + m} * D; let sr${k}_${m} = 0;`)
  for (let k = 0; k < K; k++)
    for (let l = k; l < K; l++)
      L.push(`const os${k}_${l} = ${k * K + l} * D;${k !== l ? ` const os${l}_${k} = ${l * K + k} * D;` : ''} let ss${k}_${l} = 0;`)
  L.push('for (let t = 0; t < D; t++) {')
  L.push('const dd = edD[t], er = edRho[t], erm = edRhoMu1[t], nz = noise[t];')
  for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) L.push(`const r${k}_${m} = r[or${k}_${m} + t];`)
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) L.push(`const s${k}_${l} = sg[os${k}_${l} + t];`)
  if (perMode) {
    for (let m = 0; m < M; m++) L.push(`const om${m} = omega[${m} * D + t];`)
    for (let k = 0; k < K; k++) L.push(`const bw${k} = ${Array.from({ length: M }, (_, q) => `b${k}_${q} * om${q}`).join(' + ')};`)
  }
  for (let k = 0; k < K; k++)
    for (let m = 0; m < M; m++) {
      const terms: string[] = []
      for (let j = 0; j < K; j++) terms.push(`A${k}_${j} * r${j}_${m}`)
      const source = perMode ? `erm * bw${k} * om${m}` : `er * Br${k}_${m}`
      L.push(`const fr${k}_${m} = dd * (${terms.join(' + ')}) + ${source};`)
      if (withOut) L.push(`{ const x = ${baseIsY ? `r${k}_${m}` : `bR[or${k}_${m} + t]`} + h * fr${k}_${m}; oR[or${k}_${m} + t] = x; sr${k}_${m} += x; }`)
      if (withAcc) L.push(`aR[or${k}_${m} + t] += w * fr${k}_${m};`)
    }
  for (let k = 0; k < K; k++)
    for (let l = k; l < K; l++) {
      const sa: string[] = []
      const qa: string[] = []
      for (let j = 0; j < K; j++) sa.push(`A${k}_${j} * ${s(j, l)}`, `A${l}_${j} * ${s(k, j)}`)
      for (let q = 0; q < M; q++) qa.push(`b${k}_${q} * r${l}_${q}`, `b${l}_${q} * r${k}_${q}`)
      L.push(`const fs${k}_${l} = dd * (${sa.join(' + ')}) + erm * (${qa.join(' + ')}) + nz * J${k}_${l};`)
      const mirror = k !== l
      if (withOut)
        L.push(`{ const x = ${baseIsY ? s(k, l) : `bS[os${k}_${l} + t]`} + h * fs${k}_${l}; oS[os${k}_${l} + t] = x;${mirror ? ` oS[os${l}_${k} + t] = x;` : ''} ss${k}_${l} += x; }`)
      if (withAcc) L.push(`aS[os${k}_${l} + t] += w * fs${k}_${l};${mirror ? ` aS[os${l}_${k} + t] += w * fs${k}_${l};` : ''}`)
    }
  L.push('}')
  if (withOut) {
    for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) L.push(`sums[${k * M + m}] = sr${k}_${m} / D;`)
    for (let k = 0; k < K; k++)
      for (let l = k; l < K; l++) L.push(`sums[${K * M + k * K + l}] = sums[${K * M + l * K + k}] = ss${k}_${l} / D;`)
  }
  return new Function('p', 'y', 'out', 'base', 'h', 'acc', 'w', 'sums', L.join('\n')) as TauPass
}

/** The same τ-pass with plain loops: one contiguous typed-array pass per term. */
function loopPass(K: number, M: number, D: number, perMode: boolean): TauPass {
  const f = new Float64Array(D)
  const fs = new Float64Array(D)
  const fq = new Float64Array(D)
  const bw = new Float64Array(D)
  const addRow = (dst: Float64Array, a: number, X: Float64Array, off: number) => {
    for (let t = 0; t < D; t++) dst[t] += a * X[off + t]
  }
  const applyOut = (outArr: Float64Array, baseArr: Float64Array, h: number, off: number) => {
    let sum = 0
    for (let t = 0; t < D; t++) {
      const x = baseArr[off + t] + h * f[t]
      outArr[off + t] = x
      sum += x
    }
    return sum / D
  }
  const applyAcc = (accArr: Float64Array, w: number, off: number) => {
    for (let t = 0; t < D; t++) accArr[off + t] += w * f[t]
  }
  return (p, y, out, base, h, acc, w, sums) => {
    const { A, b, Br, vvJ, edD, edRho, edRhoMu1, noise, omega } = p
    const r = y.r
    const sg = y.sigma
    for (let k = 0; k < K; k++)
      for (let m = 0; m < M; m++) {
        fs.fill(0)
        for (let j = 0; j < K; j++) addRow(fs, A[k * K + j], r, (j * M + m) * D)
        if (perMode) {
          // bw(τ) = Σ_n b_kn ω_nτ
          bw.fill(0)
          for (let q = 0; q < M; q++) addRow(bw, b[k * M + q], omega, q * D)
          for (let t = 0; t < D; t++) f[t] = edD[t] * fs[t] + edRhoMu1[t] * bw[t] * omega[m * D + t]
        } else {
          const br = Br[k * M + m]
          for (let t = 0; t < D; t++) f[t] = edD[t] * fs[t] + edRho[t] * br
        }
        const off = (k * M + m) * D
        if (out !== null) sums[k * M + m] = applyOut(out.r, base.r, h, off)
        if (acc !== null) applyAcc(acc.r, w, off)
      }
    for (let k = 0; k < K; k++)
      for (let l = k; l < K; l++) {
        fs.fill(0)
        fq.fill(0)
        for (let j = 0; j < K; j++) {
          addRow(fs, A[k * K + j], sg, (j * K + l) * D)
          addRow(fs, A[l * K + j], sg, (k * K + j) * D)
        }
        for (let q = 0; q < M; q++) {
          addRow(fq, b[k * M + q], r, (l * M + q) * D)
          addRow(fq, b[l * M + q], r, (k * M + q) * D)
        }
        const j = vvJ[k * K + l]
        for (let t = 0; t < D; t++) f[t] = edD[t] * fs[t] + edRhoMu1[t] * fq[t] + noise[t] * j
        const off = (k * K + l) * D
        if (out !== null) sums[K * M + k * K + l] = sums[K * M + l * K + k] = applyOut(out.sigma, base.sigma, h, off)
        if (acc !== null) applyAcc(acc.sigma, w, off)
        if (l !== k) {
          const to = (l * K + k) * D // mirror: σ_lk = σ_kl
          if (out !== null) out.sigma.copyWithin(to, off, off + D)
          if (acc !== null) acc.sigma.copyWithin(to, off, off + D)
        }
      }
  }
}

/**
 * The unrolled τ-pass has K²M + K(K+1)(K+M) multiply-adds per τ; beyond ~2000 (K = M ≈ 9) V8
 * stops optimising the generated function and the loop version is faster (bench/ode.md).
 */
const UNROLL_MAX_TERMS = 2000
const unrolledTerms = (K: number, M: number) => K * K * M + K * (K + 1) * (K + M)

/**
 * The right-hand side f(y) with all work arrays allocated once. evaluate(y, out, base, h, acc, w)
 * writes out = base + h f(y) (if out) and adds acc += w f(y) (if acc): Euler is one call, RK4 four.
 *
 * With u = (−v, ṽ) over the fields (students 0..K−1, teachers K..K+M−1), MATH.md §3 reads
 *   L_k[X](τ) = d_τ Σ_j A_kj X_j(τ),
 *     A_kj = −v_k v_j (Q_kk I3(k,j,j) − Q_kj I3(k,k,j)) / det(k,j)          (j ≠ k)
 *     A_kk = −Σ_{j≠k} v_k v_j (Q_jj I3(k,k,j) − Q_kj I3(k,j,j)) / det(k,j) − v_k² I3(k,k,k)/Q_kk
 *            + Σ_n v_k ṽ_n (T_nn I3(k,k,n) − R_kn I3(k,n,n)) / det(k,n)
 *   b_kn = v_k ṽ_n (Q_kk I3(k,n,n) − R_kn I3(k,k,n)) / det(k,n)
 *   dr_km(τ)/dt = (η/δ) [d_τ Σ_j A_kj r_jm(τ) + μ1 ρ_τ Σ_n b_kn T̃_nm]      ('averaged')
 *                 or with μ1 ρ_τ ω_mτ Σ_n b_kn ω_nτ as the last term             ('per-mode')
 *   dσ_kl(τ)/dt = (η/δ) [d_τ Σ_j (A_kj σ_jl(τ) + A_lj σ_kj(τ)) + μ1 ρ_τ Σ_n (b_kn r_ln(τ) + b_ln r_kn(τ))]
 *                 + η² (ζ ρ_τ + μ1² ρ_τ²/δ) v_k v_l J_kl,   J_kl = Σ_cd u_c u_d I4(k,l,c,d)
 *   dW_kl/dt = η Σ_c u_c (v_k I3(k,l,c) + v_l I3(l,k,c)) + η² μ2 v_k v_l J_kl
 *   dv_k/dt = η Σ_c u_c I2(k,c)
 * σ is symmetric: rows k ≤ l are computed and mirrored.
 */
export function createOdeSystem(c: OdeConstants, o: OdeOptions) {
  const { K, M, D, delta, mu1, mu2, zeta, vTeacher, T, tildeT, rho } = c
  const coef = fieldCoefficients(o.g, K, M)
  const { A, b, J, G, H } = coef
  const eta = o.lr
  const ed = eta / delta
  const Br = new Float64Array(K * M)
  const vvJ = new Float64Array(K * K)
  const dW = new Float64Array(K * K)
  const dv = new Float64Array(K)
  const Sigma = new Float64Array(K * K)
  const Rbar = new Float64Array(K * M) // mean_τ r(τ) (R = μ1 Rbar)
  const Q = new Float64Array(K * K)
  const R = new Float64Array(K * M)
  const perMode = o.teacherTerm === 'per-mode'
  if (perMode && (!c.omega || c.omega.length !== M * D)) throw new Error("the per-mode teacher term needs the teacher's overlaps ω (M×D) in the ODE constants")
  const pass: PassInput = {
    D, A, b, Br, vvJ,
    edD: new Float64Array(D), edRho: new Float64Array(D), edRhoMu1: new Float64Array(D), noise: new Float64Array(D),
    omega: perMode ? c.omega! : new Float64Array(0)
  }
  for (let t = 0; t < D; t++) {
    pass.edD[t] = ed * (zeta * delta + mu1 * mu1 * rho[t])
    pass.edRho[t] = ed * rho[t]
    pass.edRhoMu1[t] = ed * mu1 * rho[t]
    pass.noise[t] = eta * eta * (zeta * rho[t] + (mu1 * mu1 * rho[t] * rho[t]) / delta)
  }
  const kernel = o.kernel ?? 'auto'
  const tauPass = kernel === 'unrolled' || (kernel === 'auto' && unrolledTerms(K, M) <= UNROLL_MAX_TERMS) ? unrolledPass(K, M, perMode) : loopPass(K, M, D, perMode)
  // τ-means of the last state written as `out` (from the pass), so evaluating it skips a pass
  let meansOf: OdeState | null = null
  const sums = new Float64Array(K * M + K * K)

  function coefficients(y: OdeState): void {
    const v = y.v
    if (y === meansOf) {
      Rbar.set(sums.subarray(0, K * M))
      Sigma.set(sums.subarray(K * M))
    } else means(c, y, Sigma, Rbar)
    for (let kl = 0; kl < K * K; kl++) Q[kl] = zeta * y.W[kl] + mu1 * mu1 * Sigma[kl]
    for (let km = 0; km < K * M; km++) R[km] = mu1 * Rbar[km]
    coef.at(Q, R, T, v, vTeacher, o.trainSecondLayer)
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) vvJ[k * K + l] = v[k] * v[l] * J[k * K + l]
    for (let k = 0; k < K; k++)
      for (let m = 0; m < M; m++) {
        let s = 0
        for (let p = 0; p < M; p++) s += b[k * M + p] * tildeT[p * M + m]
        Br[k * M + m] = mu1 * s
      }
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) dW[k * K + l] = eta * G[k * K + l] + eta * eta * mu2 * v[k] * v[l] * J[k * K + l]
    for (let k = 0; k < K; k++) dv[k] = o.trainSecondLayer ? eta * H[k] : 0
  }

  function evaluate(y: OdeState, out: OdeState | null, base: OdeState, h: number, acc: OdeState | null, w: number): void {
    coefficients(y)
    tauPass(pass, y, out, base, h, acc, w, sums)
    applyWv(K, out, base, h, acc, w, dW, dv)
    meansOf = out
  }

  return { evaluate }
}

/** σ_kl(τ) ← (σ_kl(τ) + σ_lk(τ))/2: the pass reads k ≤ l only (exact for symmetric input). */
function symmetrize(sigma: Float64Array, K: number, D: number): void {
  for (let k = 0; k < K; k++)
    for (let l = k + 1; l < K; l++)
      for (let t = 0; t < D; t++) {
        const x = 0.5 * (sigma[(k * K + l) * D + t] + sigma[(l * K + k) * D + t])
        sigma[(k * K + l) * D + t] = sigma[(l * K + k) * D + t] = x
      }
}

function copyState(to: OdeState, from: OdeState): void {
  to.sigma.set(from.sigma)
  to.r.set(from.r)
  to.W.set(from.W)
  to.v.set(from.v)
}

/**
 * Integrate from s0 (not mutated) on the grid t_n = n·dt and yield one snapshot per entry of
 * `times` (sorted, ≥ 0). A time on the grid (within 1e-9·dt) gives that step's state; a time
 * between two steps gives the order parameters (Σ, R, W, v) linearly interpolated between them,
 * with Q and ε_g computed from the interpolated values — so snapshots sit exactly at the
 * requested times (e.g. the SGD record times) with no error beyond the scheme's O(dt).
 * Returns (as the generator's return value) the state at the last grid step taken.
 */
export function* integrateOde(c: OdeConstants, s0: OdeState, o: OdeOptions, times: number[]): Generator<OdeSnapshot, OdeState, undefined> {
  if (!(o.dt > 0)) throw new RangeError(`dt must be positive, got ${o.dt}`)
  for (let i = 0; i < times.length; i++)
    if (!(times[i] >= 0) || (i > 0 && times[i] < times[i - 1])) throw new RangeError('times must be sorted and non-negative')
  const { K, M } = c
  // inputs Gaussian only given a per-sample scale: the bin-averaged system (odeScaleMixture.ts)
  const sys = c.mixture ? createMixtureSystem(c, o) : createOdeSystem(c, o)
  const dt = o.dt
  let cur = cloneState(s0)
  symmetrize(cur.sigma, K, c.D)
  let next = cloneState(cur)
  const rk = o.method === 'rk4' ? [cloneState(cur), cloneState(cur), cloneState(cur)] : []
  // order parameters of the state before the last step (for interpolation)
  const prevSigma = new Float64Array(K * K)
  const prevRbar = new Float64Array(K * M)
  const prevW = new Float64Array(K * K)
  const prevV = new Float64Array(K)
  // the whole state before the last step (the mixture's ε_g reads σ(τ), r(τ), not their means)
  const prevState = c.mixture || o.snapshotState ? cloneState(cur) : null

  const step = () => {
    if (o.method === 'euler') {
      sys.evaluate(cur, next, cur, dt, null, 0)
    } else {
      const [y2, y3, y4] = rk
      copyState(next, cur)
      sys.evaluate(cur, y2, cur, dt / 2, next, dt / 6)
      sys.evaluate(y2, y3, cur, dt / 2, next, dt / 3)
      sys.evaluate(y3, y4, cur, dt, next, dt / 3)
      sys.evaluate(y4, null, cur, 0, next, dt / 6)
    }
    prevW.set(cur.W)
    prevV.set(cur.v)
    if (prevState) copyState(prevState, cur)
    const tmp = cur
    cur = next
    next = tmp
  }

  let nStep = 0
  const tol = 1e-9 * dt
  for (const t of times) {
    while (nStep * dt < t - tol) {
      // the last step before t: keep the means of the state it starts from
      if (nStep * dt + dt >= t - tol) means(c, cur, prevSigma, prevRbar)
      step()
      nStep++
    }
    const onGrid = Math.abs(nStep * dt - t) <= tol
    // weight of the state at nStep (the other end is the state at nStep − 1)
    // (a later t in the same step interval reuses prev*: no step was taken since)
    const alpha = onGrid ? 1 : 1 - (nStep * dt - t) / dt
    yield snapshot(c, o, cur, t, alpha, prevSigma, prevRbar, prevW, prevV, prevState)
  }
  return cur
}

/** Σ = mean_τ σ, R̄ = mean_τ r into the given arrays. */
function means(c: OdeConstants, s: OdeState, Sigma: Float64Array, Rbar: Float64Array): void {
  const { K, M, D } = c
  for (let kl = 0; kl < K * K; kl++) {
    let acc = 0
    for (let t = 0; t < D; t++) acc += s.sigma[kl * D + t]
    Sigma[kl] = acc / D
  }
  for (let km = 0; km < K * M; km++) {
    let acc = 0
    for (let t = 0; t < D; t++) acc += s.r[km * D + t]
    Rbar[km] = acc / D
  }
}

function snapshot(
  c: OdeConstants,
  o: OdeOptions,
  s: OdeState,
  t: number,
  alpha: number,
  prevSigma: Float64Array,
  prevRbar: Float64Array,
  prevW: Float64Array,
  prevV: Float64Array,
  prevState: OdeState | null
): OdeSnapshot {
  const { K, M, mu1, zeta } = c
  const Sigma = new Float64Array(K * K)
  const Rbar = new Float64Array(K * M)
  means(c, s, Sigma, Rbar)
  const W = s.W.slice()
  const v = s.v.slice()
  if (alpha !== 1) {
    const mix = (a: Float64Array, p: Float64Array) => {
      for (let i = 0; i < a.length; i++) a[i] = alpha * a[i] + (1 - alpha) * p[i]
    }
    mix(Sigma, prevSigma)
    mix(Rbar, prevRbar)
    mix(W, prevW)
    mix(v, prevV)
  }
  const Q = new Float64Array(K * K)
  for (let i = 0; i < K * K; i++) Q[i] = zeta * W[i] + mu1 * mu1 * Sigma[i]
  const R = Rbar.map((x) => mu1 * x)
  const whole = c.mixture || o.snapshotState ? lerp(s, prevState!, alpha) : null
  const eg = c.mixture ? mixtureEg(c, o.g, whole!) : analyticEg(o.g, K, M, Q, R, c.T, v, c.vTeacher)
  return { t, eg, Q, R, W, Sigma, v, ...(o.snapshotState ? { state: whole === s ? cloneState(s) : whole! } : {}) }
}

/** α·s + (1 − α)·prev (s itself when α = 1) */
function lerp(s: OdeState, prev: OdeState, alpha: number): OdeState {
  if (alpha === 1) return s
  const mix = (a: Float64Array, b: Float64Array) => a.map((x, i) => alpha * x + (1 - alpha) * b[i])
  return { sigma: mix(s.sigma, prev.sigma), r: mix(s.r, prev.r), W: mix(s.W, prev.W), v: mix(s.v, prev.v) }
}
