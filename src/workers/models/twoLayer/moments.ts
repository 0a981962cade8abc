// Moments of the input map f under u ~ N(0,1) (MATH.md §2):
// μ1 = E[u f(u)], μ2 = E[f(u)²], ζ = μ2 − μ1². f is odd, so μ0 = E f(u) = 0.
import type { InputMap } from '@shared/spec'

export interface InputMoments {
  mu1: number
  mu2: number
  zeta: number
}

/**
 * Gauss–Hermite rule for ∫ e^{−x²} h(x) dx ≈ Σ w_i h(x_i) (physicists' weight), n nodes.
 * Newton on the orthonormal Hermite recurrence (no overflow for large n):
 * p_j = x √(2/j) p_{j−1} − √((j−1)/j) p_{j−2}, p_0 = π^{−1/4}; w_i = 2 / p'_n(x_i)².
 */
export function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  const PIM4 = Math.pow(Math.PI, -0.25)
  const m = (n + 1) >> 1
  const roots = new Float64Array(m) // positive roots, largest first (the guesses use them)
  let z = 0
  for (let i = 0; i < m; i++) {
    // initial guesses for the largest roots first (Numerical Recipes, gauher)
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667)
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z
    else if (i === 2) z = 1.86 * z - 0.86 * roots[0]
    else if (i === 3) z = 1.91 * z - 0.91 * roots[1]
    else z = 2 * z - roots[i - 2]
    let pp = 0
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4
      let p2 = 0
      for (let j = 1; j <= n; j++) {
        const p3 = p2
        p2 = p1
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3
      }
      pp = Math.sqrt(2 * n) * p2
      const dz = p1 / pp
      z -= dz
      if (Math.abs(dz) <= 1e-15 * Math.max(1, Math.abs(z))) break
    }
    roots[i] = z
    x[n - 1 - i] = z // ascending order
    x[i] = -z
    w[i] = 2 / (pp * pp)
    w[n - 1 - i] = w[i]
  }
  return { x, w }
}

/** E[h(u)], u ~ N(0,1), by an n-node Gauss–Hermite rule: (1/√π) Σ w_i h(√2 x_i). */
export function gaussianExpectation(h: (u: number) => number, n = 160): number {
  const { x, w } = gaussHermite(n)
  let s = 0
  for (let i = 0; i < n; i++) s += w[i] * h(Math.SQRT2 * x[i])
  return s / Math.sqrt(Math.PI)
}

function fromMu(mu1: number, mu2: number): InputMoments {
  return { mu1, mu2, zeta: mu2 - mu1 * mu1 }
}

let tanhMoments: InputMoments | undefined

/**
 * Closed forms: sgn μ1 = √(2/π), μ2 = 1; erf(u/√2) μ1 = 1/√π, μ2 = 1/3 (= (2/π) asin(1/2));
 * linear μ1 = μ2 = 1. tanh by Gauss–Hermite: its poles at ±iπ/2 make the rule converge like
 * exp(−π√(2n)); 160 nodes give < 1e-15.
 */
export function inputMoments(f: InputMap): InputMoments {
  switch (f) {
    case 'sgn':
      return fromMu(Math.sqrt(2 / Math.PI), 1)
    case 'erf':
      return fromMu(1 / Math.sqrt(Math.PI), 1 / 3)
    case 'linear':
      return fromMu(1, 1)
    case 'tanh':
      tanhMoments ??= fromMu(
        gaussianExpectation((u) => u * Math.tanh(u)),
        gaussianExpectation((u) => Math.tanh(u) ** 2)
      )
      return { ...tanhMoments }
  }
}
