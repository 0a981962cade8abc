// I2, I3, I4 (MATH.md §2) against Monte Carlo (10⁷ samples, 5 standard errors from the same
// samples), relu I4 against an independent high-precision reference, orthant probabilities
// against known values.
import { describe, expect, it } from 'vitest'
import { activations } from '@models/twoLayer/activations'
import {
  integrals, orthant2, orthant3, orthant4, reluI2, reluI3, reluI4, erfI2,
  type OdeActivation
} from '@models/twoLayer/integrals'
import { analyticEg } from '@models/twoLayer/analyticEg'
import reluRef from '../../reference/relu-i4.json'
import { rng } from './helpers'

const n = 4 // fields: students 0, 1; teachers 2, 3 (K = M = 2)
const K = 2

/** Cholesky factor (lower, row-major) of an n×n covariance. */
function cholesky(C: Float64Array): Float64Array {
  const L = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = C[i * n + j]
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k]
      L[i * n + j] = i === j ? Math.sqrt(s) : s / L[j * n + j]
    }
  return L
}

/** C = AAᵀ/n + s·I with A i.i.d. N(0,1): a random positive-definite covariance. */
function randomCovariance(seed: number, s: number): Float64Array {
  const { normal } = rng(seed)
  const A = Float64Array.from({ length: n * n }, normal)
  const C = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0
      for (let k = 0; k < n; k++) acc += A[i * n + k] * A[j * n + k]
      C[i * n + j] = acc / n + (i === j ? s : 0)
    }
  return C
}

// Integrals evaluated per sample: every I2(c ≤ d); I3(a, b, c) for students a, all b, c;
// I4(a ≤ b students, c ≤ d all). Repeated indices (I3(k,k,k), I4(k,l,k,l), …) are included.
const I2idx: number[][] = []
const I3idx: number[][] = []
const I4idx: number[][] = []
for (let c = 0; c < n; c++) for (let d = c; d < n; d++) I2idx.push([c, d])
for (let a = 0; a < K; a++) for (let b = 0; b < n; b++) for (let c = 0; c < n; c++) I3idx.push([a, b, c])
for (let a = 0; a < K; a++)
  for (let b = a; b < K; b++) for (let c = 0; c < n; c++) for (let d = c; d < n; d++) I4idx.push([a, b, c, d])
const nI = I2idx.length + I3idx.length + I4idx.length

/**
 * One pass over `samples` draws x ~ N(0, C) evaluating all integrals (in the order of I2idx,
 * I3idx, I4idx). Standard errors by batch means (200 batches) over the same samples.
 */
function monteCarlo(C: Float64Array, g: OdeActivation, samples: number, seed: number) {
  const { g: gf, dg } = activations[g]
  const L = cholesky(C)
  const { fillNormals } = rng(seed)
  const block = new Float64Array(4096) // 1024 samples of 4 normals
  const batches = 200
  const batchSize = Math.floor(samples / batches)
  const acc = new Float64Array(nI)
  const sumB = new Float64Array(nI)
  const sumB2 = new Float64Array(nI)
  const x = new Float64Array(n)
  const gx = new Float64Array(n)
  const dgx = new Float64Array(n)
  const gg = new Float64Array(10) // g_c g_d, c ≤ d, in I2idx order
  const dd = new Float64Array(3) // g'_a g'_b for (0,0), (0,1), (1,1)
  let j = 4096
  for (let batch = 0; batch < batches; batch++) {
    acc.fill(0)
    for (let s = 0; s < batchSize; s++) {
      if (j === 4096) {
        fillNormals(block)
        j = 0
      }
      const z0 = block[j]
      const z1 = block[j + 1]
      const z2 = block[j + 2]
      const z3 = block[j + 3]
      j += 4
      x[0] = L[0] * z0
      x[1] = L[4] * z0 + L[5] * z1
      x[2] = L[8] * z0 + L[9] * z1 + L[10] * z2
      x[3] = L[12] * z0 + L[13] * z1 + L[14] * z2 + L[15] * z3
      for (let i = 0; i < n; i++) {
        gx[i] = gf(x[i])
        dgx[i] = dg(x[i])
      }
      let q = 0
      for (let c = 0; c < n; c++)
        for (let d = c; d < n; d++) {
          const p = gx[c] * gx[d]
          gg[q] = p
          acc[q++] += p
        }
      for (let a = 0; a < K; a++)
        for (let b = 0; b < n; b++) {
          const t = dgx[a] * x[b]
          for (let c = 0; c < n; c++) acc[q++] += t * gx[c]
        }
      dd[0] = dgx[0] * dgx[0]
      dd[1] = dgx[0] * dgx[1]
      dd[2] = dgx[1] * dgx[1]
      for (let ab = 0; ab < 3; ab++) {
        const t = dd[ab]
        for (let cd = 0; cd < 10; cd++) acc[q++] += t * gg[cd]
      }
    }
    for (let i = 0; i < nI; i++) {
      const m = acc[i] / batchSize
      sumB[i] += m
      sumB2[i] += m * m
    }
  }
  const mean = new Float64Array(nI)
  const se = new Float64Array(nI)
  for (let i = 0; i < nI; i++) {
    mean[i] = sumB[i] / batches
    se[i] = Math.sqrt(Math.max(0, sumB2[i] / batches - mean[i] * mean[i]) / (batches - 1))
  }
  return { mean, se }
}

function analytic(C: Float64Array, g: OdeActivation): Float64Array {
  const I = integrals(g)
  const out = new Float64Array(nI)
  let q = 0
  for (const [c, d] of I2idx) out[q++] = I.I2(C, n, c, d)
  for (const [a, b, c] of I3idx) out[q++] = I.I3(C, n, a, b, c)
  for (const [a, b, c, d] of I4idx) out[q++] = I.I4(C, n, a, b, c, d)
  return out
}

const SAMPLES = 10_000_000 // = 200 batches × 50 000
const covariances: [string, Float64Array][] = [
  ['random, weakly correlated', randomCovariance(11, 0.5)],
  // correlations up to ~0.9 (a student aligned with a teacher)
  ['random, strongly correlated', randomCovariance(12, 0.05)]
]

describe('I2, I3, I4 against Monte Carlo (10⁷ samples, |z| < 5)', () => {
  for (const g of ['erf', 'relu', 'linear'] as const)
    for (const [name, C] of covariances)
      it(`${g}, ${name}: all ${nI} integrals`, () => {
        const { mean, se } = monteCarlo(C, g, SAMPLES, 1234 + name.length)
        const exact = analytic(C, g)
        let maxZ = 0
        for (let i = 0; i < nI; i++) {
          const z = (exact[i] - mean[i]) / se[i]
          maxZ = Math.max(maxZ, Math.abs(z))
          if (!(Math.abs(z) < 5)) throw new Error(`${g} ${name} integral #${i}: exact ${exact[i]}, MC ${mean[i]} ± ${se[i]} (z = ${z})`)
        }
        console.log(`MC ${g}, ${name}: max |z| = ${maxZ.toFixed(2)} over ${nI} integrals, max SE = ${Math.max(...se).toExponential(2)}`)
        // the test can fail: 5 SE is far below the size of any plausible formula error
        expect(Math.max(...se)).toBeLessThan(1e-3)
      }, 60_000)
})

describe('relu I4 against the high-precision reference (tests/reference/relu_i4_reference.py)', () => {
  it('matches to 1e-6 (in fact ≤ 1e-10), repeated indices included, up to nearly singular C', () => {
    let worst = 0
    for (const c of reluRef.cases) {
      const C = Float64Array.from(c.C.flat())
      for (const { abcd, value } of c.values) {
        const [a, b, cc, d] = abcd
        const got = reluI4(C, 4, a, b, cc, d)
        worst = Math.max(worst, Math.abs(got - value))
        expect(Math.abs(got - value)).toBeLessThan(1e-6)
        // symmetric in a↔b and c↔d
        expect(Math.abs(reluI4(C, 4, b, a, d, cc) - got)).toBeLessThan(1e-13)
      }
    }
    console.log(`relu I4: max |error| vs reference = ${worst.toExponential(2)} over ${reluRef.cases.length} covariances`)
    // near-singular cases have values ~1e-7: the absolute bound must be far below that
    expect(worst).toBeLessThan(1e-10)
    expect(reluRef.cases.map((c) => c.name)).toContain('near-singular-1e-3')
  })
})

describe('orthant probabilities', () => {
  it('P2, P3 closed forms at known points', () => {
    expect(orthant2(0)).toBe(0.25)
    expect(orthant2(1)).toBeCloseTo(0.5, 15)
    expect(orthant2(-1)).toBeCloseTo(0, 15)
    // exchangeable ρ = 1/2 in n dimensions: P = 1/(n+1)
    expect(orthant3(0.5, 0.5, 0.5)).toBeCloseTo(1 / 4, 15)
  })
  it('P4: identity 1/16, exchangeable ρ = 1/2 gives 1/5, block-diagonal = P2·P2', () => {
    const corr = (r: number[][]) => Float64Array.from(r.flat())
    expect(orthant4(corr([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]))).toBeCloseTo(1 / 16, 15)
    const h = 0.5
    expect(orthant4(corr([[1, h, h, h], [h, 1, h, h], [h, h, 1, h], [h, h, h, 1]]))).toBeCloseTo(1 / 5, 13)
    const p = orthant4(corr([[1, 0.3, 0, 0], [0.3, 1, 0, 0], [0, 0, 1, -0.7], [0, 0, -0.7, 1]]))
    expect(p).toBeCloseTo(orthant2(0.3) * orthant2(-0.7), 13)
    // exchangeable ρ → −1/3 (the most negative allowed): the orthant shrinks to nothing, P → 0;
    // at the edge of positive definiteness the quadrature still holds to 1e-6
    const m = -1 / 3 + 1e-9
    expect(Math.abs(orthant4(corr([[1, m, m, m], [m, 1, m, m], [m, m, 1, m], [m, m, m, 1]])))).toBeLessThan(1e-6)
  })
})

describe('test covariances', () => {
  it('are positive definite, one with correlations up to 0.9', () => {
    const maxCorr = (C: Float64Array) => {
      let m = 0
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m = Math.max(m, Math.abs(C[i * n + j]) / Math.sqrt(C[i * n + i] * C[j * n + j]))
      return m
    }
    for (const [, C] of covariances) expect(cholesky(C).every((x) => Number.isFinite(x))).toBe(true)
    console.log('max |correlation|:', covariances.map(([name, C]) => `${name} ${maxCorr(C).toFixed(3)}`).join(', '))
    expect(maxCorr(covariances[1][1])).toBeGreaterThan(0.85)
  })
})

describe('closed forms at coincident indices', () => {
  it('relu: I2(k,k) = I3(k,k,k) = C/2, erf: I2(k,k) = (2/π) asin(C/(1+C))', () => {
    for (const c of [0.3, 1, 2.7]) {
      expect(reluI2(c, c, c)).toBeCloseTo(c / 2, 14)
      expect(reluI3(c, c, c, c, c)).toBeCloseTo(c / 2, 14)
      expect(erfI2(c, c, c)).toBeCloseTo((2 / Math.PI) * Math.asin(c / (1 + c)), 15)
      const C = Float64Array.from([c])
      expect(reluI4(C, 1, 0, 0, 0, 0)).toBeCloseTo(c / 2, 14)
    }
  })
})

describe('analyticEg', () => {
  it('is ½ E[(ŷ − y)²] by Monte Carlo on the same covariance (erf, relu)', () => {
    const C = covariances[0][1]
    const Q = [C[0], C[1], C[4], C[5]]
    const R = [C[2], C[3], C[6], C[7]]
    const T = [C[10], C[11], C[14], C[15]]
    const v = [0.7, -1.2]
    const vt = [1, 0.4]
    const L = cholesky(C)
    const { normal } = rng(99)
    const samples = 2_000_000
    for (const g of ['erf', 'relu'] as const) {
      const gf = activations[g].g
      let s = 0
      let s2 = 0
      const z = new Float64Array(4)
      for (let i = 0; i < samples; i++) {
        for (let j = 0; j < 4; j++) z[j] = normal()
        const x = (row: number) => L[row * 4] * z[0] + L[row * 4 + 1] * z[1] + L[row * 4 + 2] * z[2] + L[row * 4 + 3] * z[3]
        const e = 0.5 * (v[0] * gf(x(0)) + v[1] * gf(x(1)) - vt[0] * gf(x(2)) - vt[1] * gf(x(3))) ** 2
        s += e
        s2 += e * e
      }
      const mean = s / samples
      const se = Math.sqrt((s2 / samples - mean * mean) / samples)
      const eg = analyticEg(g, 2, 2, Q, R, T, v, vt)
      expect(Math.abs(eg - mean)).toBeLessThan(5 * se)
    }
  })
})
