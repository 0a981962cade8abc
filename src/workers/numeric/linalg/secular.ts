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
  const rhoinv = 1 / rho
  const delta = new Float64Array(k)
  for (let j = 0; j < k; j++) {
    let o: number, lo: number, hi: number
    if (j < k - 1) {
      const mid = (d[j + 1] - d[j]) / 2
      let g = rhoinv
      for (let i = 0; i < k; i++) g += (z[i] * z[i]) / (d[i] - d[j] - mid)
      if (g >= 0) { o = j; lo = 0; hi = mid } else { o = j + 1; lo = -mid; hi = 0 }
    } else {
      o = k - 1
      lo = 0
      hi = rho * z2
    }
    const p = j < k - 1 ? j : k - 2 // the model's two poles: p, p + 1
    let t = (lo + hi) / 2
    for (let iter = 0; iter < 200; iter++) {
      const dO = d[o]
      let psi = 0, dpsi = 0, phi = 0, dphi = 0
      for (let i = 0; i <= p; i++) {
        const di = d[i] - dO - t
        delta[i] = di
        const q = z[i] / di
        psi += z[i] * q
        dpsi += q * q
      }
      for (let i = p + 1; i < k; i++) {
        const di = d[i] - dO - t
        delta[i] = di
        const q = z[i] / di
        phi += z[i] * q
        dphi += q * q
      }
      const w = rhoinv + psi + phi
      const dw = dpsi + dphi
      const erretm = 8 * (Math.abs(psi) + Math.abs(phi) + rhoinv) + Math.abs(t) * dw
      if (Math.abs(w) <= EPS * erretm) break
      if (w > 0) hi = Math.min(hi, t)
      else lo = Math.max(lo, t)
      const dp = delta[p], dq = delta[p + 1]
      let C = w - dp * dpsi - dq * dphi
      const A = (dp + dq) * w - dp * dq * dw
      const B = dp * dq * w
      let eta: number
      if (j < k - 1) {
        if (C === 0) eta = A !== 0 ? B / A : -w / dw
        else {
          const disc = Math.sqrt(Math.abs(A * A - 4 * B * C))
          eta = A <= 0 ? (A - disc) / (2 * C) : (2 * B) / (A + disc)
        }
      } else {
        C = Math.abs(C)
        if (C === 0) eta = -w / dw
        else {
          const disc = Math.sqrt(Math.abs(A * A - 4 * B * C))
          eta = A >= 0 ? (A + disc) / (2 * C) : (2 * B) / (A - disc)
        }
      }
      if (w * eta >= 0 || !Number.isFinite(eta)) eta = -w / dw
      let tn = t + eta
      if (!(tn > lo && tn < hi)) tn = (lo + hi) / 2
      if (tn === t) break
      t = tn
    }
    origin[j] = o
    tau[j] = t
  }
  return { origin, tau }
}
