// Roots of the secular equation of a rank-one update D + ρ z zᵀ (LAPACK dlaed4's task):
//   g(λ) = 1/ρ + Σ_i z_i² / (d_i − λ) = 0,   d_0 < d_1 < … < d_{k−1},  ρ > 0, z_i ≠ 0.
// g increases between its poles, so root j lies in (d_j, d_{j+1}) and the last in
// (d_{k−1}, d_{k−1} + ρ‖z‖²]. Each root is found relative to its nearer pole (the origin), as
// λ_j = d_origin + τ_j, so that every difference d_i − λ_j = (d_i − d_origin) − τ_j keeps full
// relative accuracy — the eigenvectors are built from those differences.
// Iteration: the "middle way" of R.-C. Li (1993): near poles p, p+1 model
//   g(λ + η) ≈ c + s/(δ_p − η) + S/(δ_{p+1} − η),   δ_i = d_i − λ,
// with s, S, c matching g and g' (s = δ_p² ψ', S = δ_{p+1}² φ', ψ the sum over i ≤ p, φ over i > p),
// solve the quadratic for η; Newton if the step points the wrong way, bisection of a kept bracket
// if it leaves it. Stops when |g| is below its rounding error bound (dlaed4's erretm).

const EPS = 2 ** -53

export interface SecularRoots {
  /** index of the pole each root is measured from */
  origin: Int32Array
  /** λ_j = d[origin_j] + tau_j */
  tau: Float64Array
}

/** The k roots of 1/ρ + Σ z_i²/(d_i − λ) (d ascending, strictly; ρ > 0). */
export function secularRoots(k: number, d: Float64Array, z: Float64Array, rho: number): SecularRoots {
  const origin = new Int32Array(k)
  const tau = new Float64Array(k)
  let z2 = 0
  for (let i = 0; i < k; i++) z2 += z[i] * z[i]
  if (k === 1) {
    tau[0] = rho * z2
    return { origin, tau }
  }
  const s = new Float64Array(4)
  // (small functions, each called k times: V8 optimises them with full type feedback at once,
  // where one big loop nest would run interpreted until on-stack replacement, and deoptimise)
  for (let j = 0; j < k; j++) {
    let o: number, lo: number, hi: number
    if (j < k - 1) {
      const mid = (d[j + 1] - d[j]) / 2
      if (secularValue(k, d, z, rho, d[j] + mid) >= 0) (o = j), (lo = 0), (hi = mid)
      else (o = j + 1), (lo = -mid), (hi = 0)
    } else (o = k - 1), (lo = 0), (hi = rho * z2)
    origin[j] = o
    tau[j] = solveRoot(k, d, z, rho, j, o, lo, hi, s)
  }
  return { origin, tau }
}

/** g(λ) = 1/ρ + Σ z_i²/(d_i − λ) */
function secularValue(k: number, d: Float64Array, z: Float64Array, rho: number, lambda: number): number {
  let g = 1 / rho
  for (let i = 0; i < k; i++) g += (z[i] * z[i]) / (d[i] - lambda)
  return g
}

/**
 * s ← [ψ, ψ', φ, φ'] at λ = d_o + t: ψ = Σ_{i≤p} z_i²/δ_i, φ = Σ_{i>p}, δ_i = (d_i − d_o) − t.
 */
function splitSums(k: number, d: Float64Array, z: Float64Array, o: number, p: number, t: number, s: Float64Array): void {
  const dO = d[o]
  let psi = 0, dpsi = 0, phi = 0, dphi = 0
  for (let i = 0; i <= p; i++) {
    const q = z[i] / (d[i] - dO - t)
    psi += z[i] * q
    dpsi += q * q
  }
  for (let i = p + 1; i < k; i++) {
    const q = z[i] / (d[i] - dO - t)
    phi += z[i] * q
    dphi += q * q
  }
  s[0] = psi
  s[1] = dpsi
  s[2] = phi
  s[3] = dphi
}

/** τ of root j measured from pole o, inside the bracket (lo, hi). */
function solveRoot(k: number, d: Float64Array, z: Float64Array, rho: number, j: number, o: number, lo: number, hi: number, s: Float64Array): number {
  const rhoinv = 1 / rho
  const last = j === k - 1
  const p = last ? k - 2 : j // the model's two poles: p, p + 1
  let t = (lo + hi) / 2
  for (let iter = 0; iter < 200; iter++) {
    splitSums(k, d, z, o, p, t, s)
    const psi = s[0], dpsi = s[1], phi = s[2], dphi = s[3]
    const w = rhoinv + psi + phi
    const dw = dpsi + dphi
    const erretm = 8 * (Math.abs(psi) + Math.abs(phi) + rhoinv) + Math.abs(t) * dw
    if (Math.abs(w) <= EPS * erretm) break
    if (w > 0) hi = Math.min(hi, t)
    else lo = Math.max(lo, t)
    const dp = d[p] - d[o] - t, dq = d[p + 1] - d[o] - t
    const C = w - dp * dpsi - dq * dphi
    const A = (dp + dq) * w - dp * dq * dw
    const B = dp * dq * w
    let eta = last ? lastStep(A, B, C) : middleStep(A, B, C)
    if (w * eta >= 0 || !Number.isFinite(eta)) eta = -w / dw
    let tn = t + eta
    if (!(tn > lo && tn < hi)) tn = (lo + hi) / 2
    if (tn === t) break
    t = tn
  }
  return t
}

/** the root of C η² − A η + B = 0 between the two poles (dlaed4, interior roots) */
function middleStep(A: number, B: number, C: number): number {
  if (C === 0) return A !== 0 ? B / A : NaN
  const disc = Math.sqrt(Math.abs(A * A - 4 * B * C))
  return A <= 0 ? (A - disc) / (2 * C) : (2 * B) / (A + disc)
}

/** the same for the last root, beyond both poles (dlaed4, i = n) */
function lastStep(A: number, B: number, C: number): number {
  C = Math.abs(C)
  if (C === 0) return NaN
  const disc = Math.sqrt(Math.abs(A * A - 4 * B * C))
  return A >= 0 ? (A + disc) / (2 * C) : (2 * B) / (A - disc)
}

/**
 * Eigenvectors of D + ρ z zᵀ from its computed roots (Gu & Eisenstat): with Δ_ij = d_i − λ_j
 * (accurate through the origins), ẑ_i² = (−Δ_ii/ρ) Π_{j≠i} Δ_ij/(d_i − d_j) (sign of z_i), then
 * u_j ∝ (ẑ_i/Δ_ij)_i, normalised. U (k×k row-major) gets U[i][j] = u_j[i]; λ_j into lambda.
 */
export function secularVectors(k: number, d: Float64Array, z: Float64Array, rho: number, roots: SecularRoots, U: Float64Array, lambda: Float64Array): void {
  const { origin, tau } = roots
  const dO = new Float64Array(k)
  for (let j = 0; j < k; j++) {
    dO[j] = d[origin[j]]
    lambda[j] = dO[j] + tau[j]
  }
  for (let i = 0; i < k; i++) deltaRow(k, d[i], dO, tau, U, i * k)
  const zh = new Float64Array(k)
  for (let i = 0; i < k; i++) zh[i] = Math.sign(z[i]) * Math.sqrt(Math.max(loewner(k, d, U, i, rho), 0))
  const norm = new Float64Array(k)
  for (let i = 0; i < k; i++) vectorRow(k, zh[i], U, i * k, norm)
  for (let j = 0; j < k; j++) norm[j] = 1 / Math.sqrt(norm[j])
  for (let i = 0; i < k; i++) scaleRow(k, U, i * k, norm)
}

function deltaRow(k: number, di: number, dO: Float64Array, tau: Float64Array, U: Float64Array, at: number): void {
  for (let j = 0; j < k; j++) U[at + j] = di - dO[j] - tau[j]
}

/** ẑ_i² from row i of Δ */
function loewner(k: number, d: Float64Array, U: Float64Array, i: number, rho: number): number {
  const at = i * k
  const di = d[i]
  let p = -U[at + i] / rho
  for (let j = 0; j < i; j++) p *= U[at + j] / (di - d[j])
  for (let j = i + 1; j < k; j++) p *= U[at + j] / (di - d[j])
  return p
}

function vectorRow(k: number, zi: number, U: Float64Array, at: number, norm: Float64Array): void {
  for (let j = 0; j < k; j++) {
    const u = zi / U[at + j]
    U[at + j] = u
    norm[j] += u * u
  }
}

function scaleRow(k: number, U: Float64Array, at: number, norm: Float64Array): void {
  for (let j = 0; j < k; j++) U[at + j] *= norm[j]
}
