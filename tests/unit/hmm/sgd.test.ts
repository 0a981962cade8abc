// Online SGD of the hidden manifold model (MATH.md §1): the update rule against a hand-written
// replay, determinism, the analytic ε_g of the measured order parameters against the test set,
// the Float32 projection against Float64, divergence.
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { HmmRunSpec } from '@shared/spec'
import { activations } from '@models/twoLayer/activations'
import { fastErf, FAST_ERF_TABLE } from '@numeric/special/fastErf'
import { sgdActivation } from '@models/twoLayer/sgd'
import { drawInstance } from '@models/twoLayer/drawInstance'
import { hmmProblem, sgdRecords, type SgdOptions } from '@engines/hmm/problem'
import { TestSet } from '@models/twoLayer/testSet'
import { Kernels } from '@models/twoLayer/kernels'
import { OrderParamMeter } from '@models/twoLayer/orderParams'
import { Rng } from '@numeric/random/rng'
import { erf } from '@numeric/special/erf'
import { recordTimes, type PointRecord } from '@workers/records'

const spec = (over: Record<string, unknown> = {}, model: Record<string, unknown> = {}, train: Record<string, unknown> = {}) =>
  HmmRunSpec.parse({ engine: 'hmm', seed: 1, solve: ['sgd'], ...over, model: { N: 200, D: 100, ...model }, train: { tMax: 2, testSamples: 1000, points: 10, ...train } })

function points(s: HmmRunSpec, times = recordTimes(s.train.tMin, s.train.tMax, s.train.points), options: SgdOptions = {}): PointRecord[] {
  const out: PointRecord[] = []
  for (const r of sgdRecords(s, drawInstance(s), times, 'sgd', options)) if (r.type === 'point') out.push(r)
  return out
}

describe('fastErf (tabulated Taylor expansions)', () => {
  it('agrees with the stdlib erf within 2 ulp over [−7, 7], at the table nodes and their midpoints, ±0, NaN', () => {
    const xs: number[] = []
    for (let i = -7 * 256; i <= 7 * 256; i++) xs.push(i / 256) // nodes (even i) and midpoints (odd i)
    const r = Rng.stream(1, 'erf-test')
    for (let i = 0; i < 20_000; i++) xs.push(14 * (r.uniform() - 0.5), 1e-3 * (r.uniform() - 0.5))
    let worst = 0
    for (const x of xs) worst = Math.max(worst, Math.abs(fastErf(x) - erf(x)) / Math.max(Math.abs(erf(x)) * Number.EPSILON, Number.MIN_VALUE))
    expect(worst).toBeLessThanOrEqual(2)
    expect(Object.is(fastErf(-0), -0)).toBe(true)
    expect(fastErf(NaN)).toBeNaN()
    expect(fastErf(Infinity)).toBe(1)
    expect(fastErf(-40)).toBe(-1)
  })
})

describe('erfLosses: the test-set losses of an erf student in WebAssembly', () => {
  it('equal the JavaScript loss with fastErf bit for bit: random fields, the table’s end (|λ/√2| = 6), ±0, ±∞, NaN; K = 1, 2, 3', () => {
    const g = sgdActivation('erf').g
    const r = Rng.stream(8, 'erfLosses')
    for (const K of [1, 2, 3]) {
      const n = 3001
      const kern = new Kernels()
      const lamOff = kern.alloc(n * K * 8), vOff = kern.alloc(K * 8), yOff = kern.alloc(n * 8), outOff = kern.alloc(n * 8)
      const { T } = FAST_ERF_TABLE
      const tOff = kern.alloc(T.length * 8)
      kern.f64(tOff, T.length).set(T)
      const lam = kern.f64(lamOff, n * K), v = kern.f64(vOff, K), y = kern.f64(yOff, n)
      r.fillNormal(lam)
      for (let i = 0; i < lam.length; i++) lam[i] *= 3
      const edge = [0, -0, 6 * Math.SQRT2, -6 * Math.SQRT2, 6 * Math.SQRT2 * (1 - 1e-16), 12, -12, Infinity, -Infinity, 1e-300, -1e-300, NaN]
      edge.forEach((x, j) => (lam[j * K] = x))
      r.fillNormal(v)
      r.fillNormal(y)
      const s1 = kern.k.erfLosses(lamOff, vOff, yOff, outOff, n, K, tOff)
      const out = kern.f64(outOff, n)
      let wrong = 0
      for (let i = 0; i < n; i++) {
        let yh = 0
        for (let k = 0; k < K; k++) yh += v[k] * g(lam[i * K + k])
        const d = yh - y[i]
        const e = 0.5 * d * d
        if (!Object.is(out[i], e)) wrong++
      }
      expect(wrong).toBe(0) // Object.is: NaN equals NaN (the NaN row)
      expect(out[edge.length - 1]).toBeNaN()
      expect(s1).toBeNaN()
      out[edge.length - 1] = 0
      lam[(edge.length - 1) * K] = 0
      const s1b = kern.k.erfLosses(lamOff, vOff, yOff, outOff, n, K, tOff)
      let s2 = 0
      for (let i = 0; i < n; i++) {
        let yh = 0
        for (let k = 0; k < K; k++) yh += v[k] * g(lam[i * K + k])
        const d = yh - y[i]
        s2 += 0.5 * d * d
      }
      expect(s1b).toBe(s2)
    }
  })
})

describe('test set storage and λ = X wᵀ/√N', () => {
  const N = 77, n = 203 // odd sizes: padding of bytes, byte groups and samples
  const make = (zeroAt: number | null, binary: boolean, K = 3) => {
    const r = Rng.stream(2, 'testset')
    const ts = new TestSet(n, N, K, binary)
    const X = new Float32Array(n * N)
    const u = new Float64Array(n * N)
    r.fillNormal(u)
    for (let i = 0; i < u.length; i++) X[i] = binary ? Math.sign(u[i]) : Math.tanh(u[i])
    if (zeroAt !== null) X[zeroAt] = 0
    for (let b = 0; b < n; b += 50) ts.add(X.subarray(b * N), N, new Float64Array(50), Math.min(50, n - b))
    const w = new Float64Array(K * N)
    r.fillNormal(w)
    const lam = new Float64Array(n * K)
    ts.fields(w, lam)
    let err = 0
    for (let i = 0; i < n; i++)
      for (let k = 0; k < K; k++) {
        let s = 0
        for (let j = 0; j < N; j++) s += X[i * N + j] * w[k * N + j]
        err = Math.max(err, Math.abs(s / Math.sqrt(N) - lam[i * K + k]))
      }
    return { ts, err }
  }
  for (const K of [1, 2, 3])
    it(`x = ±1, K = ${K}: bits and lookup tables, exact up to summation order (1e−13)`, () => {
      const { ts, err } = make(null, true, K)
      expect(ts.binary).toBe(true)
      expect(err).toBeLessThan(1e-13)
    })
  it('an x = 0 (sgn(0)) switches to Float32 storage, rows so far included (Float32 products: 1e−5)', () => {
    const { ts, err } = make(120 * N + 5, true)
    expect(ts.binary).toBe(false)
    expect(err).toBeLessThan(1e-5)
  })
  it('real-valued x: Float32 storage and the SIMD product (1e−5)', () => {
    const { ts, err } = make(null, false)
    expect(ts.binary).toBe(false)
    expect(err).toBeLessThan(1e-5)
  })
  it('signBits: the words of the byte-by-byte packing (bits past N zero though the row after is read), and the first row not ±1', () => {
    const kern = new Kernels()
    const B = 6, nw = Math.ceil(N / 8 / 4), i0 = 3
    const xOff = kern.alloc(B * N * 4 + 16)
    const bitsOff = kern.alloc(4 * nw * n)
    const x = kern.f32(xOff, B * N)
    const r = Rng.stream(3, 'signBits')
    for (let i = 0; i < x.length; i++) x[i] = r.uniform() < 0.5 ? -1 : 1
    const ok = kern.k.signBits(xOff, N, N, B, bitsOff, n, i0, nw)
    expect(ok).toBe(B)
    const words = new Uint32Array(kern.buffer, bitsOff, nw * n)
    let wrong = 0
    for (let b = 0; b < B; b++)
      for (let g = 0; g < nw; g++) {
        let want = 0
        for (let q = 0; q < 32; q++) if (32 * g + q < N && x[b * N + 32 * g + q] > 0) want |= 1 << q
        if (words[g * n + i0 + b] !== want >>> 0) wrong++
      }
    expect(wrong).toBe(0)
    x[4 * N + N - 1] = 0 // the last x of row 4: rows 0–3 packed, 4 returned
    expect(kern.k.signBits(xOff, N, N, B, bitsOff, n, i0, nw)).toBe(4)
    x[4 * N + N - 1] = 0.5
    expect(kern.k.signBits(xOff, N, N, B, bitsOff, n, i0, nw)).toBe(4)
  })
})

describe('the drawn instance (model.ts)', () => {
  it('F, w̃ and the first rows of w do not depend on K, M or the training spec; small init scales w (and a trained v) by 1e−3', () => {
    const a = drawInstance(spec({ seed: 3 }, { K: 2, M: 2 }))
    const b = drawInstance(spec({ seed: 3 }, { K: 3, M: 3 }, { tMax: 50, lr: 1 }))
    expect(Array.from(b.F)).toEqual(Array.from(a.F))
    expect(Array.from(b.wTeacher.subarray(0, a.wTeacher.length))).toEqual(Array.from(a.wTeacher))
    expect(Array.from(b.w.subarray(0, a.w.length))).toEqual(Array.from(a.w))
    expect(Array.from(a.v)).toEqual([1, 1])
    expect(Array.from(a.vTeacher)).toEqual([1, 1])
    const small = drawInstance(spec({ seed: 3 }, { K: 2, M: 2, init: 'small' }))
    small.w.forEach((x, i) => expect(x).toBe(a.w[i] * 1e-3))
    expect(Array.from(small.v)).toEqual([1, 1]) // a fixed second layer is not scaled
    const tr = drawInstance(spec({ seed: 3 }, { trainSecondLayer: true, teacherV: 'sampled' }))
    const trSmall = drawInstance(spec({ seed: 3 }, { trainSecondLayer: true, teacherV: 'sampled', init: 'small' }))
    tr.v.forEach((x, k) => expect(trSmall.v[k]).toBe(x * 1e-3))
    expect(tr.vTeacher[0]).not.toBe(1)
    // entries N(0,1): mean and variance of F within 4 SE
    let m = 0, v = 0
    for (const x of a.F) (m += x), (v += x * x)
    m /= a.F.length
    v = v / a.F.length - m * m
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(a.F.length))
    expect(Math.abs(v - 1)).toBeLessThan(4 * Math.sqrt(2 / a.F.length))
  })
})

describe('the update rule', () => {
  it('three steps replayed by hand: w_k −= (η/√N) v_k (ŷ−y) g′(λ_k) x, v_k −= (η/N) g(λ_k)(ŷ−y)', () => {
    const s = spec({ seed: 4 }, { N: 48, D: 20, K: 2, M: 1, trainSecondLayer: true, teacherV: 'sampled' }, { lr: 0.7, testSamples: 8 })
    const { N, D, K, M } = s.model
    const inst = drawInstance(s)
    const recs = points(s, [0, 1 / N, 3 / N])
    // replay: latents = consecutive N(0,1) draws of the 'train' stream, x = sgn(cF/√D)
    const { g, dg } = activations.erf
    const w = Float64Array.from(inst.w)
    const v = Float64Array.from(inst.v)
    const train = Rng.stream(4, 'train')
    const c = new Float64Array(D)
    const expected: { W: number[]; v: number[] }[] = []
    const snap = () => {
      const W: number[] = []
      for (let k = 0; k < K; k++)
        for (let l = k; l < K; l++) {
          let a = 0
          for (let j = 0; j < N; j++) a += w[k * N + j] * w[l * N + j]
          W.push(a / N)
        }
      expected.push({ W, v: Array.from(v) })
    }
    snap()
    for (let step = 0; step < 3; step++) {
      train.fillNormal(c)
      let y = 0
      for (let m = 0; m < M; m++) {
        let nu = 0
        for (let r = 0; r < D; r++) nu += inst.wTeacher[m * D + r] * c[r]
        y += inst.vTeacher[m] * g(nu / Math.sqrt(D))
      }
      const x = new Float64Array(N)
      for (let j = 0; j < N; j++) {
        let u = 0
        for (let r = 0; r < D; r++) u += c[r] * inst.F[r * N + j]
        x[j] = Math.sign(u)
      }
      const lam = [0, 1].map((k) => {
        let a = 0
        for (let j = 0; j < N; j++) a += w[k * N + j] * x[j]
        return a / Math.sqrt(N)
      })
      const e = v[0] * g(lam[0]) + v[1] * g(lam[1]) - y
      const v0 = Array.from(v)
      for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) w[k * N + j] -= (0.7 / Math.sqrt(N)) * v0[k] * e * dg(lam[k]) * x[j]
      for (let k = 0; k < K; k++) v[k] -= (0.7 / N) * g(lam[k]) * e
      if (step === 0 || step === 2) snap()
    }
    expect(recs.length).toBe(3)
    recs.forEach((r, i) => {
      expect(r.values['sgd/W[0,0]']).toBeCloseTo(expected[i].W[0], 12)
      expect(r.values['sgd/W[0,1]']).toBeCloseTo(expected[i].W[1], 12)
      expect(r.values['sgd/W[1,1]']).toBeCloseTo(expected[i].W[2], 12)
      expect(r.values['sgd/v[0]']).toBeCloseTo(expected[i].v[0], 12)
      expect(r.values['sgd/v[1]']).toBeCloseTo(expected[i].v[1], 12)
    })
    // the steps changed something
    expect(Math.abs(expected[2].v[0] - expected[0].v[0])).toBeGreaterThan(1e-4)
  })

  it('records every series, at t = 0 and the log-spaced times', () => {
    const s = spec({}, { K: 2, M: 3 })
    const recs = points(s)
    expect(recs.map((r) => r.t)).toEqual(recordTimes(0.01, 2, 10))
    const keys = Object.keys(recs[0].values).sort()
    const want = ['sgd/eg', 'sgd/eg_se', 'sgd/eg_mom', 'sgd/eg_analytic', 'sgd/Q[0,0]', 'sgd/Q[0,1]', 'sgd/Q[1,1]', 'sgd/W[0,0]', 'sgd/W[0,1]', 'sgd/W[1,1]',
      'sgd/Sigma[0,0]', 'sgd/Sigma[0,1]', 'sgd/Sigma[1,1]', 'sgd/v[0]', 'sgd/v[1]', ...[0, 1].flatMap((k) => [0, 1, 2].map((m) => `sgd/R[${k},${m}]`))]
    expect(keys).toEqual(want.sort())
    // no analytic ε_g without integrals (tanh) or with g ≠ g̃
    expect(points(spec({}, { g: 'tanh', teacherG: 'tanh' }))[0].values['sgd/eg_analytic']).toBeUndefined()
    expect(points(spec({}, { g: 'erf', teacherG: 'relu' }))[0].values['sgd/eg_analytic']).toBeUndefined()
  })
})

describe('determinism', () => {
  it('same seed ⇒ identical records; another seed ⇒ different', () => {
    const a = points(spec({ seed: 7 }))
    const b = points(spec({ seed: 7 }))
    expect(b).toEqual(a)
    const c = points(spec({ seed: 8 }))
    expect(c[3].values['sgd/eg']).not.toBe(a[3].values['sgd/eg'])
  })

  it('longer runs replay the same samples: records at shared times are identical', () => {
    const s = spec({ seed: 9 }, {}, { testSamples: 500 })
    const short = points(s, [0, 0.5, 1])
    const long = points(s, [0, 0.5, 1, 3])
    expect(long.slice(0, 3)).toEqual(short)
  })
})

describe('order parameters from the weights', () => {
  it('S = F wᵀ with the rows of w in pairs (gemv2) has the bits of one row at a time (gemv), K = 1, 2, 3, 5', () => {
    const N = 36, D = 11, M = 2 // N a multiple of 4 (the kernels' row stride)
    const r = Rng.stream(6, 'meter')
    const F = new Float64Array(D * N)
    const wT = new Float64Array(M * D)
    r.fillNormal(F)
    r.fillNormal(wT)
    for (const K of [1, 2, 3, 5]) {
      const kern = new Kernels()
      const wOff = kern.alloc(K * N * 8)
      const refOff = kern.alloc(K * D * 8)
      const meter = new OrderParamMeter(kern, F, wT, N, D, K, M, 0.8, 0.3)
      r.fillNormal(kern.f64(wOff, K * N))
      const op = meter.measure(wOff)
      // the reference: S one row at a time, then Σ = SᵀS/(ND) and R = μ1 S w̃ᵀ/(D√N) as measure() forms them
      const fOff = kern.alloc(D * N * 8)
      kern.f64(fOff, D * N).set(F)
      kern.k.gemv(fOff, wOff, refOff, D, N, K)
      const S = kern.f64(refOff, K * D)
      for (let k = 0; k < K; k++)
        for (let l = k; l < K; l++) {
          let b = 0
          for (let q = 0; q < D; q++) b += S[k * D + q] * S[l * D + q]
          expect(op.Sigma[k * K + l]).toBe(b / (N * D))
        }
      for (let k = 0; k < K; k++) {
        let s = 0
        for (let q = 0; q < D; q++) s += S[k * D + q] * wT[q]
        expect(op.R[k * M]).toBe((0.8 * s * (1 / Math.sqrt(N))) / D)
      }
    }
  })
})

describe('the teacher’s fields by the kernel', () => {
  for (const D of [100, 101])
    it(`D = ${D}: fields + label (teacherSums) give the bits of teacher(), M = 3`, () => {
      const s = spec({}, { N: 64, D, M: 3 })
      const problem = hmmProblem(s, drawInstance(s))
      const B = 37, M = 3
      const kern = new Kernels()
      const cOff = kern.alloc(B * D * 8)
      const wOff = kern.alloc(M * D * 8)
      const sOff = kern.alloc(B * M * 8)
      const c = kern.f64(cOff, B * D)
      Rng.stream(4, 'teacher-c').fillNormal(c)
      kern.f64(wOff, M * D).set(problem.teacherSums!.w)
      kern.k.fields(cOff, wOff, sOff, B, D, M)
      const nu = kern.f64(sOff, B * M)
      const y = new Float64Array(B)
      problem.teacherSums!.label(nu, B, y)
      const nuRef = new Float64Array(B * M)
      const yRef = new Float64Array(B)
      problem.teacher(c, B, yRef, nuRef)
      expect(Array.from(nu)).toEqual(Array.from(nuRef))
      expect(Array.from(y)).toEqual(Array.from(yRef))
      expect(new Set(yRef).size).toBe(B) // labels that differ: the test compares something
    })
})

describe('memory', () => {
  it('the run keeps no reference to the instance’s F once set up (its kernels hold their own copies), and runs on after F is collected', async () => {
    v8.setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const s = spec({ seed: 3 })
    const keep = points(s)
    let inst: ReturnType<typeof drawInstance> | null = drawInstance(s)
    const F = new WeakRef(inst.F)
    const records = sgdRecords(s, inst, recordTimes(s.train.tMin, s.train.tMax, s.train.points))
    inst = null
    // a WeakRef's target survives the job that made it: collect after a turn of the event loop
    await new Promise((r) => setTimeout(r, 0))
    gc()
    expect(F.deref()).toBeUndefined()
    const after = [...records].filter((r): r is PointRecord => r.type === 'point')
    expect(after).toEqual(keep)
  })
})

describe('analytic ε_g(Q, R, T) of the measured order parameters vs the test set', () => {
  it('f = g = linear, Gaussian latents: the local fields are exactly Gaussian, so |ε − ε_an| < 4 SE at every point', () => {
    // SE = sd(½(ŷ−y)²)/√n over the 20 000 test samples (the recorded eg_se)
    const s = spec({ seed: 3 }, { N: 300, D: 150, f: 'linear', g: 'linear', teacherG: 'linear' }, { lr: 0.05, tMax: 10, testSamples: 20_000, points: 12 })
    for (const r of points(s)) {
      const { 'sgd/eg': eg, 'sgd/eg_analytic': an, 'sgd/eg_se': se } = r.values
      expect(se).toBeGreaterThan(0)
      expect(Math.abs(eg - an)).toBeLessThan(4 * se)
    }
  })

  it('f = sgn, g = erf, N = 1000: Gaussian equivalence holds to within 4 SE along the trajectory', () => {
    const s = spec({ seed: 3 }, { N: 1000, D: 500 }, { lr: 0.2, tMax: 10, testSamples: 20_000, points: 12 })
    const recs = points(s)
    for (const r of recs) expect(Math.abs(r.values['sgd/eg'] - r.values['sgd/eg_analytic'])).toBeLessThan(4 * r.values['sgd/eg_se'])
    // and learning happened: ε_g fell by a factor > 2
    expect(recs[recs.length - 1].values['sgd/eg']).toBeLessThan(0.5 * recs[0].values['sgd/eg'])
  })
})

describe('median-of-means ε_g (eg_mom)', () => {
  it('light tails (Gaussian latents, bounded erf): the median of 24 block means is within 5 SE of the mean', () => {
    // the median of k block means has a standard deviation ≈ √(π/2) SE for light tails
    const recs = points(spec({ seed: 4 }, { N: 400, D: 200 }, { lr: 0.2, tMax: 5, testSamples: 12_000, points: 8 }))
    for (const r of recs) expect(Math.abs(r.values['sgd/eg_mom'] - r.values['sgd/eg'])).toBeLessThan(5 * r.values['sgd/eg_se'])
  })

  it('Lorentz latents, linear activations: a few huge samples pull the mean above the median of means', () => {
    // f = g = g̃ = linear: ½(ŷ − y)² is a squared Cauchy-like field, the test-set mean is dominated
    // by its largest samples (SE comparable to the mean) while the median of block means is not
    const recs = points(spec({ seed: 6, latent: { kind: 'lorentz' } } as never, { N: 200, D: 100, f: 'linear', g: 'linear', teacherG: 'linear' }, { lr: 0.01, tMax: 0.5, testSamples: 12_000, points: 3 }))
    const r = recs[0].values
    expect(r['sgd/eg_se'] / r['sgd/eg']).toBeGreaterThan(0.2)
    expect(r['sgd/eg_mom']).toBeLessThan(0.5 * r['sgd/eg'])
  })
})

describe('Float32 projection u = cF/√D', () => {
  for (const f of ['sgn', 'erf'] as const)
    it(`f = ${f}: ε_g curves differ from the Float64 projection by < 1% of their standard error`, () => {
      const s = spec({ seed: 5 }, { N: 240, D: 120, f }, { lr: 0.3, tMax: 4, testSamples: 2000, points: 8 })
      const a = points(s, undefined, { projection: 'f32' })
      const b = points(s, undefined, { projection: 'f64' })
      let worst = 0
      a.forEach((r, i) => (worst = Math.max(worst, Math.abs(r.values['sgd/eg'] - b[i].values['sgd/eg']) / r.values['sgd/eg_se'])))
      expect(worst).toBeLessThan(0.01)
    })
})

describe('divergence', () => {
  it('a huge learning rate: the first non-finite point is emitted, then the run stops', () => {
    const s = spec({ seed: 2 }, { g: 'linear', teacherG: 'linear' }, { lr: 50, tMax: 20, points: 30 })
    const recs = points(s)
    expect(recs.length).toBeLessThan(31)
    const last = recs[recs.length - 1].values
    expect(Number.isFinite(last['sgd/eg']) && Number.isFinite(last['sgd/W[0,0]'])).toBe(false)
    for (const r of recs.slice(0, -1)) expect(Number.isFinite(r.values['sgd/eg'])).toBe(true)
  })
})

describe('non-Gaussian latents: the measured moments beside the Gaussian model', () => {
  it('records Qtest, Rtest for a mixture, and they differ from the Gaussian model of an unstandardised mixture', () => {
    const gauss = points(spec({ seed: 2 }, { N: 300, D: 150 }, { tMax: 1, points: 3 }))
    expect(gauss[0].values['sgd/Qtest[0,0]']).toBeUndefined()
    const mix = points(spec({ seed: 2, latent: { kind: 'mixture', m: 4, alpha: 4, components: 'vector', standardize: 'none' } } as never, { N: 300, D: 150, f: 'linear', g: 'linear', teacherG: 'linear' }, { tMax: 1, points: 3 }))
    const v = mix[0].values
    expect(v['sgd/Qtest[0,0]']).toBeGreaterThan(0)
    // Qtest = mean λ², measured; with f linear the Gaussian model's Q = W·(F's second moment) ignores the
    // mixture's covariance spikes, so the two differ by more than the test set's sampling error
    expect(Math.abs(v['sgd/Qtest[0,0]'] / v['sgd/Q[0,0]'] - 1)).toBeGreaterThan(0.1)
  })
})
