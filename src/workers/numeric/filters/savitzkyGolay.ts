// Savitzky–Golay smoothing and differentiation of uniformly spaced samples y_0 … y_{N−1}
// (spacing h): at each point, the least-squares polynomial of degree `order` through the
// `window` = 2m + 1 samples around it, and its derivative of order `deriv` there:
//   y^{(d)}(x_i) ≈ Σ_{j=−m}^{m} w_j(x0) y_{i+j} / h^d,   wᵀ(x0) = e_d(x0)ᵀ (VᵀV)⁻¹ Vᵀ,
// V_{jk} = j^k (j = −m … m, k = 0 … order), e_d(x0)_k = k!/(k−d)! x0^{k−d} (0 for k < d).
// Interior points use x0 = 0; the first and last m points use the polynomial fitted to the first
// (last) window evaluated at their own offset (scipy.signal.savgol_filter's mode 'interp').
// Degenerate inputs: window must be odd and > order, order ≥ deriv, N ≥ window (else RangeError).
import { luSolve } from '@numeric/linalg/luSolve'

export interface SavitzkyGolayOptions {
  /** odd number of samples in each fit */
  window: number
  /** polynomial degree, < window */
  order: number
  /** derivative order (0 = smoothing) */
  deriv?: number
  /** sample spacing h */
  delta?: number
}

/** weights w_j (j = −m … m) of the derivative of order d at offset x0 of a (2m+1)-point fit. */
export function savitzkyGolayWeights(m: number, order: number, deriv: number, x0: number): Float64Array {
  const w = 2 * m + 1
  const p = order + 1
  const VtV = new Float64Array(p * p)
  for (let j = -m; j <= m; j++)
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) VtV[a * p + b] += j ** (a + b)
  const e = new Float64Array(p)
  for (let k = deriv; k < p; k++) {
    let f = 1
    for (let r = 0; r < deriv; r++) f *= k - r
    e[k] = f * x0 ** (k - deriv)
  }
  const z = luSolve(VtV, e, p) // (VᵀV)⁻¹ e, VᵀV symmetric
  const out = new Float64Array(w)
  for (let j = -m; j <= m; j++) {
    let s = 0
    for (let k = 0; k < p; k++) s += z[k] * j ** k
    out[j + m] = s
  }
  return out
}

/** The filtered series (same length as y). */
export function savitzkyGolay(y: ArrayLike<number>, opts: SavitzkyGolayOptions): Float64Array {
  const { window, order } = opts
  const deriv = opts.deriv ?? 0
  const h = opts.delta ?? 1
  const N = y.length
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) throw new RangeError(`savitzkyGolay: window = ${window} must be a positive odd integer`)
  if (!Number.isInteger(order) || order < 0 || order >= window) throw new RangeError(`savitzkyGolay: order = ${order} must be in [0, window)`)
  if (deriv > order) throw new RangeError(`savitzkyGolay: deriv = ${deriv} exceeds order = ${order} (the derivative would be 0)`)
  if (N < window) throw new RangeError(`savitzkyGolay: ${N} samples, fewer than window = ${window}`)
  const m = (window - 1) / 2
  const scale = 1 / h ** deriv
  const out = new Float64Array(N)
  const centre = savitzkyGolayWeights(m, order, deriv, 0)
  for (let i = m; i < N - m; i++) {
    let s = 0
    for (let j = -m; j <= m; j++) s += centre[j + m] * y[i + j]
    out[i] = s * scale
  }
  for (let i = 0; i < m; i++) {
    const head = savitzkyGolayWeights(m, order, deriv, i - m)
    const tail = savitzkyGolayWeights(m, order, deriv, m - i)
    let a = 0
    let b = 0
    for (let j = 0; j < window; j++) {
      a += head[j] * y[j]
      b += tail[j] * y[N - window + j]
    }
    out[i] = a * scale
    out[N - 1 - i] = b * scale
  }
  return out
}
