// Householder reduction of a symmetric matrix to tridiagonal form, A = Q T Qᵀ, and the product Q Z
// (LAPACK's dsytrd with dlatrd panels, and dormtr with compact-WY blocks).
//
// Storage: A is n×n row-major with the upper triangle (row r, columns c ≥ r) significant — which
// is LAPACK's lower-triangle column-major layout read the other way, so dsytrd('L') carries over
// with columns ↔ rows. Reflector j is H_j = I − τ_j v_j v_jᵀ with v_j zero on indices ≤ j,
// v_j[j+1] = 1, v_j[j+2:] stored in row j of A; Q = H_0 H_1 ⋯ H_{n−2}, T has diagonal d and
// off-diagonal e (e_j = T[j][j+1]).
//
// Blocking (Dongarra–Sorensen–Hammarling): within a panel of nb rows, the trailing matrix is not
// updated; each new reflector's w = τ(A₂₂ − V Wᵀ − W Vᵀ)v is formed from the stale A₂₂ and the
// panel's V, W, and after the panel A₂₂ ← A₂₂ − V Wᵀ − W Vᵀ (one gemm with k = 2nb). Half the
// flops are the symmetric products A₂₂ v (memory-bound, ./symv.ts), half the gemm updates.
import { gemm } from '@numeric/linalg/gemm'
import { symvUpperJs, type SymvMemory } from '@numeric/linalg/symv'

const PANEL = 32
/** rows of the trailing update computed per gemm (bounds the scratch to STRIP × n) */
const STRIP = 256

export interface Tridiagonal {
  d: Float64Array
  e: Float64Array
  tau: Float64Array
}

/** doubles of H that `tridiagonalize` uses: A (n²), y (n), the panel's V and W (2·PANEL·n), scratch */
export function tridiagonalWorkspace(n: number): number {
  return n * n + n + 2 * PANEL * n + 2 * PANEL
}

/** The three kernels of the reduction on H: WebAssembly SIMD when `mem` is given, else JS. */
function kernels(H: Float64Array, mem: SymvMemory | null): Pick<SymvMemory, 'symv' | 'axpyRows' | 'dotRows'> {
  if (mem) return mem
  return {
    symv: (m, a0, lda, x0, y0) => symvUpperJs(m, H, a0, lda, H, x0, H, y0),
    axpyRows(len, d0, m0, ldm, c0, cnt) {
      for (let q = 0; q < cnt; q++) {
        const a = H[c0 + q], mo = m0 + q * ldm
        for (let c = 0; c < len; c++) H[d0 + c] += a * H[mo + c]
      }
    },
    dotRows(len, x0, m0, ldm, cnt, o0) {
      for (let q = 0; q < cnt; q++) {
        let s = 0
        const mo = m0 + q * ldm
        for (let c = 0; c < len; c++) s += H[mo + c] * H[x0 + c]
        H[o0 + q] = s
      }
    }
  }
}

/**
 * Reduce the symmetric A (upper triangle of H[0 : n²), row-major) to tridiagonal form in place:
 * returns d (n), e (n−1), τ (n−1); the reflectors are left in the rows of H. H has
 * `tridiagonalWorkspace(n)` entries (the rest is scratch); with `mem` (H is its memory) the
 * kernels run in WebAssembly SIMD.
 */
export function tridiagonalize(n: number, H: Float64Array, mem: SymvMemory | null): Tridiagonal {
  if (H.length < tridiagonalWorkspace(n)) throw new RangeError(`tridiagonalize: H has ${H.length} entries, needs ${tridiagonalWorkspace(n)}`)
  const K = kernels(H, mem)
  const d = new Float64Array(n)
  const e = new Float64Array(Math.max(n - 1, 0))
  const tau = new Float64Array(Math.max(n - 1, 0))
  const yo = n * n // y = A₂₂ v at H[yo + j + 1 : yo + n)
  const Vo = yo + n // V row q at H[Vo + q·n : …+n), W row q at H[Wo + q·n : …]
  const Wo = Vo + PANEL * n
  const co = Wo + PANEL * n // coefficients: H[co : co + PANEL), H[co + PANEL : co + 2·PANEL)
  // the trailing update's gathered [V; W] and [W; V] (one allocation for all panels)
  const L = new Float64Array(2 * PANEL * Math.min(STRIP, n))
  const R = new Float64Array(2 * PANEL * n)
  for (let k0 = 0; k0 < n; k0 += PANEL) {
    const nb = Math.min(PANEL, n - k0)
    for (let i = 0; i < nb; i++) {
      const j = k0 + i
      const row = j * n
      // 1. bring row j up to date: a_j −= Σ_q W[q][j] V[q] + V[q][j] W[q]  (columns c ≥ j)
      if (i > 0) {
        for (let q = 0; q < i; q++) {
          H[co + q] = -H[Wo + q * n + j]
          H[co + PANEL + q] = -H[Vo + q * n + j]
        }
        K.axpyRows(n - j, row + j, Vo + j, n, co, i)
        K.axpyRows(n - j, row + j, Wo + j, n, co + PANEL, i)
      }
      d[j] = H[row + j]
      if (j === n - 1) break
      // 2. reflector (dlarfg) annihilating a_j[j+2:]; v stored over a_j[j+1:], v[j+1] = 1
      const alpha = H[row + j + 1]
      let xnorm2 = 0
      for (let c = j + 2; c < n; c++) xnorm2 += H[row + c] * H[row + c]
      let t = 0
      let beta = alpha
      if (xnorm2 > 0) {
        beta = -Math.sign(alpha || 1) * Math.hypot(alpha, Math.sqrt(xnorm2))
        t = (beta - alpha) / beta
        const scale = 1 / (alpha - beta)
        for (let c = j + 2; c < n; c++) H[row + c] *= scale
      }
      e[j] = beta
      tau[j] = t
      H[row + j + 1] = 1
      const m = n - j - 1
      const vo = row + j + 1 // v = H[vo : vo + m)
      // 3. w = τ (A₂₂ v − V (Wᵀv) − W (Vᵀv)), A₂₂ the stale trailing block
      K.symv(m, (j + 1) * n + j + 1, n, vo, yo + j + 1)
      const wo = Wo + i * n + j + 1
      H.copyWithin(wo, yo + j + 1, yo + n)
      H.copyWithin(Vo + i * n + j + 1, vo, vo + m)
      if (i > 0) {
        K.dotRows(m, vo, Vo + j + 1, n, i, co) // Vᵀv
        K.dotRows(m, vo, Wo + j + 1, n, i, co + PANEL) // Wᵀv
        // coefficients −Wᵀv for V's rows, −Vᵀv for W's rows
        for (let q = 0; q < i; q++) {
          const vw = H[co + q]
          H[co + q] = -H[co + PANEL + q]
          H[co + PANEL + q] = -vw
        }
        K.axpyRows(m, wo, Vo + j + 1, n, co, i)
        K.axpyRows(m, wo, Wo + j + 1, n, co + PANEL, i)
      }
      // 4. w ← τ w − ½ τ² (wᵀv) v, so that A₂₂ − v wᵀ − w vᵀ = H_j A₂₂ H_j
      let wv = 0
      for (let c = 0; c < m; c++) wv += (H[wo + c] *= t) * H[vo + c]
      const a = -0.5 * t * wv
      for (let c = 0; c < m; c++) H[wo + c] += a * H[vo + c]
    }
    const t0 = k0 + nb
    if (t0 < n) trailingUpdate(n, H, Vo, Wo, nb, t0, L, R)
  }
  return { d, e, tau }
}

/** A[r][c] −= Σ_q V[q][r] W[q][c] + W[q][r] V[q][c] for t0 ≤ r ≤ c < n, as gemms over row strips. */
function trailingUpdate(n: number, H: Float64Array, Vo: number, Wo: number, nb: number, t0: number, L: Float64Array, R: Float64Array): void {
  // L: [V; W] columns of the strip's rows (2nb × hs); R: [W; V] columns c ≥ strip start (2nb × mc)
  for (let r0 = t0; r0 < n; r0 += STRIP) {
    const hs = Math.min(STRIP, n - r0)
    const mc = n - r0
    for (let q = 0; q < nb; q++) {
      const v = Vo + q * n + r0, w = Wo + q * n + r0
      L.set(H.subarray(v, v + hs), q * hs)
      L.set(H.subarray(w, w + hs), (nb + q) * hs)
      R.set(H.subarray(w, w + mc), q * mc)
      R.set(H.subarray(v, v + mc), (nb + q) * mc)
    }
    // rows r0 … r0+hs, columns r0 … n (the strip's lower-left corner is written too: never read)
    gemm(hs, mc, 2 * nb, L, R, H.subarray(r0 * n + r0), { transA: true, alpha: -1, beta: 1, ldc: n })
  }
}

/**
 * Z ← Q Z for Z n×ncols row-major (LAPACK dormtr 'L','N'), Q = H_0 ⋯ H_{n−2} from `tridiagonalize`.
 * Reflectors go in blocks of b, last block first: H_{j0} ⋯ H_{j0+b−1} = I − Vᵀ T V with V the
 * b×m matrix of the reflectors (rows, over indices j0+1 …) and T upper triangular (dlarft):
 * T_ii = τ_i, T[0:i, i] = −τ_i T[0:i, 0:i] (V[0:i] v_i). Then Z₂ −= Vᵀ (T (V Z₂)): three gemms.
 */
export function applyQ(n: number, H: Float64Array, tau: Float64Array, Z: Float64Array, ncols: number): void {
  const B = 64
  const nr = n - 1 // reflectors 0 … n−2
  if (nr <= 0) return
  const Vb = new Float64Array(B * nr)
  const G = new Float64Array(B * B)
  const T = new Float64Array(B * B)
  const X = new Float64Array(B * ncols)
  const Y = new Float64Array(B * ncols)
  const lastStart = Math.floor((nr - 1) / B) * B
  for (let j0 = lastStart; j0 >= 0; j0 -= B) {
    const b = Math.min(B, nr - j0)
    const m = n - j0 - 1
    // V rows: v_{j0+i} over indices j0+1 … n−1 (zero before its own index j0+i+1, 1 there)
    for (let i = 0; i < b; i++) {
      const src = (j0 + i) * n + j0 + 1
      const dst = i * m
      Vb.fill(0, dst, dst + i)
      for (let l = i; l < m; l++) Vb[dst + l] = H[src + l]
      Vb[dst + i] = 1
    }
    gemm(b, b, m, Vb, Vb, G, { transB: true })
    T.fill(0)
    for (let i = 0; i < b; i++) {
      const ti = tau[j0 + i]
      T[i * b + i] = ti
      for (let p = 0; p < i; p++) {
        let s = 0
        for (let q = p; q < i; q++) s += T[p * b + q] * G[q * b + i]
        T[p * b + i] = -ti * s
      }
    }
    const Z2 = Z.subarray((j0 + 1) * ncols, n * ncols)
    gemm(b, ncols, m, Vb, Z2, X)
    gemm(b, ncols, b, T, X, Y)
    gemm(m, ncols, b, Vb, Y, Z2, { transA: true, alpha: -1, beta: 1 })
  }
}

/**
 * x ← Qᵀ x for each of the `rows` rows x of X (rows×n row-major), Q = H_0 ⋯ H_{n−2} from
 * `tridiagonalize`: Qᵀ x = H_{n−2} ⋯ H_0 x, each H_j x = x − τ_j v_j (v_jᵀ x). O(n²·rows): for a
 * few vectors, against applyQ's O(n³) for all of them.
 */
export function applyQTransposeToRows(n: number, H: Float64Array, tau: Float64Array, X: Float64Array, rows: number): void {
  for (let j = 0; j < n - 1; j++) {
    const t = tau[j]
    if (t === 0) continue
    const vo = j * n // v_j: 1 at index j+1, H[vo + c] at c ≥ j+2
    for (let q = 0; q < rows; q++) {
      const xo = q * n
      let s = X[xo + j + 1]
      for (let c = j + 2; c < n; c++) s += H[vo + c] * X[xo + c]
      s *= t
      X[xo + j + 1] -= s
      for (let c = j + 2; c < n; c++) X[xo + c] -= s * H[vo + c]
    }
  }
}
