import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import { LatentKde, bandwidth } from '@engines/pseudoreal/kde'

describe('bandwidth', () => {
  it('Scott: P^(−1/(D+4)) (MATH.md §4)', () => {
    expect(bandwidth('scott', 10_000, 100)).toBeCloseTo(Math.exp(-Math.log(10_000) / 104), 15)
    expect(bandwidth('scott', 100, 1)).toBeCloseTo(0.3981071705534972, 14) // 100^(−1/5)
  })
  it('Silverman in 1-D is the rule of thumb (4/(3n))^{1/5} σ ≈ 1.06 σ n^{−1/5} (Silverman 1986, eq. 3.28)', () => {
    for (const n of [10, 100, 12345]) expect(bandwidth('silverman', n, 1)).toBeCloseTo(Math.pow(4 / (3 * n), 0.2), 14)
    expect(bandwidth('silverman', 100, 1) * Math.pow(100, 0.2)).toBeCloseTo(1.0592, 4)
  })
  it('Silverman in D dims: (4/(D+2))^{1/(D+4)} n^{−1/(D+4)} (Silverman 1986, Table 4.1 normal reference)', () => {
    expect(bandwidth('silverman', 5000, 10)).toBeCloseTo(Math.pow(4 / 12, 1 / 14) * Math.pow(5000, -1 / 14), 14)
  })
  it('a given bandwidth is used as is; non-positive is refused', () => {
    expect(bandwidth(0.3, 10, 2)).toBe(0.3)
    expect(() => bandwidth(0, 10, 2)).toThrow()
    expect(() => bandwidth(-1, 10, 2)).toThrow()
  })
})

describe('LatentKde', () => {
  // three points in 2-D: (0,0), (3,2), (0,−2)
  const rows = Float64Array.from([0, 0, 3, 2, 0, -2])

  it('standardises with sample means and (P−1) standard deviations', () => {
    const k = new LatentKde(rows, 3, 2, { bandwidth: 0.5 })
    expect(Array.from(k.mean)).toEqual([1, 0])
    // x: (0,3,0) mean 1 → Σd² = 1+4+1 = 6, /2 → 3 ; y: (0,2,−2) → 8/2 = 4
    expect(k.scale[0]).toBeCloseTo(Math.sqrt(3), 15)
    expect(k.scale[1]).toBeCloseTo(2, 15)
  })

  it('log-density equals the closed form (1/P) Σ_i Π_r φ((c_r − c_ir)/(h s_r))/(h s_r)', () => {
    const h = 0.7
    const k = new LatentKde(rows, 3, 2, { bandwidth: h })
    const s = [Math.sqrt(3), 2]
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)
    for (const c of [[0, 0], [1, 1], [3, 2], [-2, 5], [0.3, -1.7]]) {
      let p = 0
      for (let i = 0; i < 3; i++) {
        let prod = 1
        for (let r = 0; r < 2; r++) prod *= phi((c[r] - rows[i * 2 + r]) / (h * s[r])) / (h * s[r])
        p += prod / 3
      }
      expect(k.logDensity(c)).toBeCloseTo(Math.log(p), 12)
    }
    // far away: the log-sum-exp keeps it finite where exp underflows
    const far = k.logDensity([300, 0])
    expect(Number.isFinite(far)).toBe(true)
    const d2 = ((300 - 3) / (h * s[0])) ** 2 + ((0 - 2) / (h * s[1])) ** 2 // nearest kernel: row (3,2)
    expect(far).toBeCloseTo(-0.5 * d2 - Math.log(2 * Math.PI * h * h * s[0] * s[1]) - Math.log(3), 6)
  })

  it('integrates to 1 (1-D, trapezoid on a fine grid)', () => {
    const pts = Float64Array.from([-1, 0.2, 0.5, 2.5, 4])
    const k = new LatentKde(pts, 5, 1) // Scott
    let s = 0
    const a = -15, b = 20, n = 20000
    for (let i = 0; i <= n; i++) {
      const x = a + ((b - a) * i) / n
      s += (i === 0 || i === n ? 0.5 : 1) * Math.exp(k.logDensity([x]))
    }
    expect(s * ((b - a) / n)).toBeCloseTo(1, 8)
  })

  it('samples have the mixture’s mean and covariance: Cov = (1/P)Σ(c_i − c̄)(c_i − c̄)ᵀ + h² diag(s²)', () => {
    const P = 5, D = 2
    const pts = Float64Array.from([0, 1, 2, -1, 4, 0.5, -3, 2, 1, 1])
    const h = 0.6
    const k = new LatentKde(pts, P, D, { bandwidth: h })
    const B = 200_000
    const out = new Float64Array(B * D)
    k.sample(out, B, Rng.stream(3, 'test/kde'))
    const m = [0, 0]
    for (let b = 0; b < B; b++) for (let r = 0; r < D; r++) m[r] += out[b * D + r] / B
    const cov = [0, 0, 0, 0]
    for (let b = 0; b < B; b++)
      for (let r = 0; r < D; r++) for (let q = 0; q < D; q++) cov[r * D + q] += ((out[b * D + r] - m[r]) * (out[b * D + q] - m[q])) / B
    // expected, from the points directly
    const mu = [0, 0]
    for (let i = 0; i < P; i++) for (let r = 0; r < D; r++) mu[r] += pts[i * D + r] / P
    const expCov = [0, 0, 0, 0]
    for (let i = 0; i < P; i++)
      for (let r = 0; r < D; r++) for (let q = 0; q < D; q++) expCov[r * D + q] += ((pts[i * D + r] - mu[r]) * (pts[i * D + q] - mu[q])) / P
    for (let r = 0; r < D; r++) expCov[r * D + r] += h * h * ((expCov[r * D + r] * P) / (P - 1))
    for (let r = 0; r < D; r++) expect(Math.abs(m[r] - mu[r])).toBeLessThan(4 * Math.sqrt(expCov[r * D + r] / B))
    for (let j = 0; j < 4; j++) expect(Math.abs(cov[j] - expCov[j])).toBeLessThan(0.03 * Math.max(1, Math.abs(expCov[j])))
  })

  it('the picked row’s label travels with the sample; rows are picked uniformly', () => {
    const P = 4, D = 3
    // rows far apart relative to h·s, so each sample stays next to its row
    const pts = Float64Array.from([0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, 10])
    const labels = [7, 2, 9, 4]
    const k = new LatentKde(pts, P, D, { bandwidth: 0.01, labels })
    const B = 40_000
    const out = new Float64Array(B * D)
    const lab = new Int32Array(B)
    const rowsPicked = new Int32Array(B)
    k.sample(out, B, Rng.stream(5, 'test/kde-labels'), lab, rowsPicked)
    const counts = [0, 0, 0, 0]
    let wrongRow = 0, wrongLabel = 0
    for (let b = 0; b < B; b++) {
      let best = -1, bd = Infinity
      for (let i = 0; i < P; i++) {
        let d = 0
        for (let r = 0; r < D; r++) d += (out[b * D + r] - pts[i * D + r]) ** 2
        if (d < bd) {
          bd = d
          best = i
        }
      }
      if (best !== rowsPicked[b]) wrongRow++
      if (lab[b] !== labels[best]) wrongLabel++
      counts[best]++
    }
    expect([wrongRow, wrongLabel]).toEqual([0, 0])
    // multinomial: each count ~ B/4 ± √(B·3/16) ≈ 87; 5σ
    for (const c of counts) expect(Math.abs(c - B / 4)).toBeLessThan(5 * Math.sqrt((B * 3) / 16))
  })

  it('refuses labels on a KDE without them, and too few rows', () => {
    const k = new LatentKde(rows, 3, 2)
    expect(() => k.sample(new Float64Array(4), 2, Rng.stream(1, 'x'), new Int32Array(2))).toThrow(/no labels/)
    expect(() => new LatentKde(Float64Array.from([1, 2]), 1, 2)).toThrow()
  })
})
