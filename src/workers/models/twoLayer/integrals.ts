// Gaussian integrals of the ODE (MATH.md §2), for x ~ N(0, C), C an n×n row-major covariance
// of the local fields (students 0..K−1, then teachers K..K+M−1):
//   I2(a,b)     = E[g(x_a) g(x_b)]
//   I3(a,b,c)   = E[g'(x_a) x_b g(x_c)]
//   I4(a,b,c,d) = E[g'(x_a) g'(x_b) g(x_c) g(x_d)]
// Indices may coincide (I3(k,k,k), I4(k,l,k,l), …): every form below holds for singular C.
// No allocation per call: the ODE evaluates these thousands of times per step.
import { gaussLegendre } from '@numeric/quadrature/gaussLegendre'

export type OdeActivation = 'erf' | 'relu' | 'linear'

export interface Integrals {
  I2(C: Float64Array, n: number, a: number, b: number): number
  I3(C: Float64Array, n: number, a: number, b: number, c: number): number
  I4(C: Float64Array, n: number, a: number, b: number, c: number, d: number): number
}

const TWO_PI = 2 * Math.PI
const INV_2PI = 1 / TWO_PI

/** asin clamped to [−1, 1]: arguments that are ±1 in exact arithmetic round a hair past it. */
function asin1(x: number): number {
  return Math.asin(x > 1 ? 1 : x < -1 ? -1 : x)
}

// ---------------------------------------------------------------- erf, g(x) = erf(x/√2)

/** I2 = (2/π) asin(C12 / √((1+C11)(1+C22))) */
export function erfI2(c11: number, c12: number, c22: number): number {
  return (2 / Math.PI) * asin1(c12 / Math.sqrt((1 + c11) * (1 + c22)))
}

/** I3 = (2/π) (C23(1+C11) − C12 C13) / ((1+C11) √Λ3),  Λ3 = (1+C11)(1+C33) − C13² */
export function erfI3(c11: number, c12: number, c13: number, c23: number, c33: number): number {
  const l3 = (1 + c11) * (1 + c33) - c13 * c13
  return ((2 / Math.PI) * (c23 * (1 + c11) - c12 * c13)) / ((1 + c11) * Math.sqrt(l3))
}

/** I4 = 4/(π²√Λ4) asin(Λ0/√(Λ1Λ2)), Λ's as in MATH.md §2 */
export function erfI4(
  c11: number, c12: number, c13: number, c14: number,
  c22: number, c23: number, c24: number,
  c33: number, c34: number, c44: number
): number {
  const l4 = (1 + c11) * (1 + c22) - c12 * c12
  const l0 = l4 * c34 - c23 * c24 * (1 + c11) - c13 * c14 * (1 + c22) + c12 * c13 * c24 + c12 * c14 * c23
  const l1 = l4 * (1 + c33) - c23 * c23 * (1 + c11) - c13 * c13 * (1 + c22) + 2 * c12 * c13 * c23
  const l2 = l4 * (1 + c44) - c24 * c24 * (1 + c11) - c14 * c14 * (1 + c22) + 2 * c12 * c14 * c24
  return (4 / (Math.PI * Math.PI * Math.sqrt(l4))) * asin1(l0 / Math.sqrt(l1 * l2))
}

const erfIntegrals: Integrals = {
  I2: (C, n, a, b) => erfI2(C[a * n + a], C[a * n + b], C[b * n + b]),
  I3: (C, n, a, b, c) => erfI3(C[a * n + a], C[a * n + b], C[a * n + c], C[b * n + c], C[c * n + c]),
  I4: (C, n, a, b, c, d) =>
    erfI4(
      C[a * n + a], C[a * n + b], C[a * n + c], C[a * n + d],
      C[b * n + b], C[b * n + c], C[b * n + d],
      C[c * n + c], C[c * n + d], C[d * n + d]
    )
}

// ---------------------------------------------------------------- linear, g(x) = x

const linearIntegrals: Integrals = {
  I2: (C, n, a, b) => C[a * n + b],
  I3: (C, n, _a, b, c) => C[b * n + c],
  I4: (C, n, _a, _b, c, d) => C[c * n + d]
}

// ---------------------------------------------------------------- relu, g(x) = max(x, 0)

/** I2 = √(C11 C22)/(2π) (sin θ + (π − θ) cos θ), cos θ = C12/√(C11 C22) */
export function reluI2(c11: number, c12: number, c22: number): number {
  const s = Math.sqrt(c11 * c22)
  if (s === 0) return 0
  const cos = Math.max(-1, Math.min(1, c12 / s))
  const theta = Math.acos(cos)
  return (s * INV_2PI) * (Math.sqrt(Math.max(0, 1 - cos * cos)) + (Math.PI - theta) * cos)
}

/** I3 = C12 √(C11 C33 − C13²)/(2π C11) + C23 (1/4 + asin(C13/√(C11 C33))/(2π)) */
export function reluI3(c11: number, c12: number, c13: number, c23: number, c33: number): number {
  const det = Math.max(0, c11 * c33 - c13 * c13)
  return (c12 * Math.sqrt(det)) / (TWO_PI * c11) + c23 * orthant2(c13 / Math.sqrt(c11 * c33))
}

/** P(x>0, y>0) for unit variances and correlation ρ: 1/4 + asin(ρ)/(2π). */
export function orthant2(rho: number): number {
  return 0.25 + asin1(rho) * INV_2PI
}

/** P(x1,x2,x3 > 0) = 1/8 + (asin ρ12 + asin ρ13 + asin ρ23)/(4π). */
export function orthant3(r12: number, r13: number, r23: number): number {
  return 0.125 + (asin1(r12) + asin1(r13) + asin1(r23)) / (4 * Math.PI)
}

/**
 * Gauss–Legendre rules for the 1-D Plackett quadrature (see orthant4), by how close R is to
 * singular: the integrand sharpens near s = 1 as det R → 0. Against tests/reference/relu-i4.json:
 * 20 nodes give ~1e-15 for det R ≥ 9e-3 (2e-10 at det R = 5e-4); 64 nodes give 2e-11 at
 * det R = 5e-6, where 20 would give 1e-6 and 160 give 1e-13.
 */
const GL_RULES = [
  { minDet: 1e-3, rule: gaussLegendre(20) },
  { minDet: 1e-6, rule: gaussLegendre(64) },
  { minDet: 0, rule: gaussLegendre(160) }
]

/** det of a 4×4 matrix (row-major, stride 4) by cofactors of 2×2 minors. */
function det4(r: Float64Array): number {
  const s0 = r[0] * r[5] - r[1] * r[4]
  const s1 = r[0] * r[6] - r[2] * r[4]
  const s2 = r[0] * r[7] - r[3] * r[4]
  const s3 = r[1] * r[6] - r[2] * r[5]
  const s4 = r[1] * r[7] - r[3] * r[5]
  const s5 = r[2] * r[7] - r[3] * r[6]
  const c5 = r[10] * r[15] - r[11] * r[14]
  const c4 = r[9] * r[15] - r[11] * r[13]
  const c3 = r[9] * r[14] - r[10] * r[13]
  const c2 = r[8] * r[15] - r[11] * r[12]
  const c1 = r[8] * r[14] - r[10] * r[12]
  const c0 = r[8] * r[13] - r[9] * r[12]
  return s0 * c5 - s1 * c4 + s2 * c3 + s3 * c2 - s4 * c1 + s5 * c0
}

/**
 * P(x > 0) for x ~ N(0, R) in 4-D, R a correlation matrix (row-major 4×4 in r, stride 4).
 * Plackett's identity ∂P/∂ρ_ij = φ2(0,0; ρ_ij) P(rest > 0 | x_i = x_j = 0) along the path
 * R(s) that scales the correlations of a pivot variable p by s ∈ [0, 1]. R(s) stays positive
 * definite, and at s = 0 the pivot is independent: P = ½ P3(others). Then
 *   P4 = ½ P3 + Σ_{j≠p} (1/2π) ∫_0^{asin ρ_pj} P2(ρ_{qr·pj}(s)) dθ,   s = sin θ / ρ_pj,
 * the substitution θ = asin(s ρ_pj) absorbing the 1/√(1 − s²ρ²) of φ2. Gauss–Legendre in θ,
 * with more nodes as R approaches singular (GL_RULES).
 */
export function orthant4(r: Float64Array): number {
  // pivot: the variable least correlated with the others keeps the integrands smoothest
  let p = 0
  let best = Infinity
  for (let i = 0; i < 4; i++) {
    let s = 0
    for (let j = 0; j < 4; j++) if (j !== i) s += r[i * 4 + j] * r[i * 4 + j]
    if (s < best) {
      best = s
      p = i
    }
  }
  const o0 = p === 0 ? 1 : 0
  const o1 = p <= 1 ? 2 : 1
  const o2 = p <= 2 ? 3 : 2
  const det = det4(r)
  let rule = 0
  while (rule < GL_RULES.length - 1 && !(det >= GL_RULES[rule].minDet)) rule++
  const GL = GL_RULES[rule].rule
  const nodes = GL.x.length
  let prob = 0.5 * orthant3(r[o0 * 4 + o1], r[o0 * 4 + o2], r[o1 * 4 + o2])
  for (let t = 0; t < 3; t++) {
    const j = t === 0 ? o0 : t === 1 ? o1 : o2
    const q = t === 0 ? o1 : o0
    const u = t === 2 ? o1 : o2
    const rpj = r[p * 4 + j]
    if (rpj === 0) continue
    const rpq = r[p * 4 + q]
    const rpu = r[p * 4 + u]
    const rjq = r[j * 4 + q]
    const rju = r[j * 4 + u]
    const rqu = r[q * 4 + u]
    const thMax = asin1(rpj)
    const half = 0.5 * thMax
    let acc = 0
    for (let i = 0; i < nodes; i++) {
      const th = half * (GL.x[i] + 1)
      const a = Math.sin(th) // = s ρ_pj
      const s = a / rpj
      // covariance of (q, u) given (p, j) under R(s): Σ_qu − Σ_qA Σ_AA⁻¹ Σ_Au
      const q0 = s * rpq
      const u0 = s * rpu
      const inv = 1 / (1 - a * a)
      const cqu = rqu - (q0 * u0 - a * (q0 * rju + rjq * u0) + rjq * rju) * inv
      const cqq = 1 - (q0 * q0 - 2 * a * q0 * rjq + rjq * rjq) * inv
      const cuu = 1 - (u0 * u0 - 2 * a * u0 * rju + rju * rju) * inv
      const den = Math.sqrt(cqq * cuu)
      acc += GL.w[i] * (den > 0 ? orthant2(cqu / den) : 0.25)
    }
    prob += acc * half * INV_2PI
  }
  return prob
}

// scratch for reluI4 (module-level: no allocation per call)
const S = new Int32Array(4)
const L = new Float64Array(16) // covariance of the distinct variables, stride 4
const Ck = new Float64Array(16) // L conditioned on x_k = 0
const Rn = new Float64Array(16) // correlation matrix for orthant4

/** P(x_S > 0) for the m ≤ 4 variables of L (stride 4). */
function orthantL(m: number): number {
  if (m === 0) return 1
  if (m === 1) return 0.5
  if (m === 2) return orthant2(L[1] / Math.sqrt(L[0] * L[5]))
  if (m === 3) {
    const s0 = Math.sqrt(L[0])
    const s1 = Math.sqrt(L[5])
    const s2 = Math.sqrt(L[10])
    return orthant3(L[1] / (s0 * s1), L[2] / (s0 * s2), L[6] / (s1 * s2))
  }
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) Rn[i * 4 + j] = i === j ? 1 : L[i * 4 + j] / Math.sqrt(L[i * 5] * L[j * 5])
  return orthant4(Rn)
}

/** 1/√(2πv): the N(0, v) density at 0 (0 for a degenerate direction). */
function phi0(v: number): number {
  return v > 0 ? 1 / Math.sqrt(TWO_PI * v) : 0
}

/**
 * E[x_i x_j 1{x_S > 0}] over the m distinct variables of L. Stein's lemma on x_i with
 * h = x_j 1{x_S > 0} (∂_k 1 = δ(x_k) 1{rest > 0}), then once more on x_j given x_k = 0:
 *   = L_ij P_m + Σ_{k≠j} L_ik φ(0; L_kk) Σ_{l≠k} C^k_jl φ(0; C^k_ll) P_{m−2}(C^{kl}),
 * C^k the covariance given x_k = 0, C^{kl} given x_k = x_l = 0; P_{m−2} is an orthant
 * probability of ≤ 2 variables (closed form). Only P_m with m = 4 needs orthant4.
 */
function truncatedMoment(m: number, i: number, j: number): number {
  let result = L[i * 4 + j] * orthantL(m)
  for (let k = 0; k < m; k++) {
    if (k === j || L[i * 4 + k] === 0) continue
    const lkk = L[k * 5]
    for (let p = 0; p < m; p++)
      for (let q = 0; q < m; q++) Ck[p * 4 + q] = L[p * 4 + q] - (L[p * 4 + k] * L[k * 4 + q]) / lkk
    let inner = 0
    for (let l = 0; l < m; l++) {
      if (l === k) continue
      const cll = Ck[l * 5]
      if (!(cll > 0)) continue
      // the m − 2 variables other than k, l, given x_k = x_l = 0
      let pr = 1
      if (m === 3) pr = 0.5
      else if (m === 4) {
        let p1 = -1
        let p2 = -1
        for (let t = 0; t < 4; t++) if (t !== k && t !== l) p1 < 0 ? (p1 = t) : (p2 = t)
        const c11 = Ck[p1 * 5] - (Ck[p1 * 4 + l] * Ck[l * 4 + p1]) / cll
        const c22 = Ck[p2 * 5] - (Ck[p2 * 4 + l] * Ck[l * 4 + p2]) / cll
        const c12 = Ck[p1 * 4 + p2] - (Ck[p1 * 4 + l] * Ck[l * 4 + p2]) / cll
        const den = Math.sqrt(c11 * c22)
        pr = den > 0 ? orthant2(c12 / den) : 0.25
      }
      inner += Ck[j * 4 + l] * phi0(cll) * pr
    }
    result += L[i * 4 + k] * phi0(lkk) * inner
  }
  return result
}

/**
 * relu I4 = E[θ(x_a) θ(x_b) x_c⁺ x_d⁺] = E[x_c x_d 1{x_S > 0}], S = distinct {a, b, c, d}
 * (θ² = θ, θ·x⁺ = x⁺). Stein's lemma reduces it to orthant probabilities: see truncatedMoment.
 */
export function reluI4(C: Float64Array, n: number, a: number, b: number, c: number, d: number): number {
  let m = 0
  S[m++] = a
  if (b !== a) S[m++] = b
  const ic = slot(c, m)
  if (ic === m) S[m++] = c
  const id = slot(d, m)
  if (id === m) S[m++] = d
  for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) L[p * 4 + q] = C[S[p] * n + S[q]]
  return truncatedMoment(m, ic, id)
}

/** position of variable v among the first m of S, or m if absent */
function slot(v: number, m: number): number {
  for (let u = 0; u < m; u++) if (S[u] === v) return u
  return m
}

const reluIntegrals: Integrals = {
  I2: (C, n, a, b) => reluI2(C[a * n + a], C[a * n + b], C[b * n + b]),
  I3: (C, n, a, b, c) => reluI3(C[a * n + a], C[a * n + b], C[a * n + c], C[b * n + c], C[c * n + c]),
  I4: reluI4
}

const table: Record<OdeActivation, Integrals> = { erf: erfIntegrals, relu: reluIntegrals, linear: linearIntegrals }

/** The integrals I2, I3, I4 of activation g. */
export function integrals(g: OdeActivation): Integrals {
  return table[g]
}
