import { describe, expect, it } from 'vitest'
import { erf } from '@numeric/special/erf'
import { Rng } from '@numeric/random/rng'
import { LatentObjective, fitLatents, type FitMap, type LatentFitStep } from '@engines/pseudoreal/latentFit'
import { worstGradError } from './helpers'

const maps: Record<FitMap, (u: number) => number> = {
  tanh: Math.tanh,
  erf: (u) => erf(u / Math.SQRT2),
  linear: (u) => u
}

/** The loss written out term by term, with explicit sums (independent of the implementation). */
function bruteLoss(px: Uint8Array, C: Float64Array, F: Float64Array, P: number, D: number, N: number, f: FitMap, lC: number, lF: number, lM: number) {
  let rec = 0
  for (let p = 0; p < P; p++)
    for (let i = 0; i < N; i++) {
      let u = 0
      for (let r = 0; r < D; r++) u += C[p * D + r] * F[r * N + i]
      const e = maps[f](u / Math.sqrt(D)) - (px[p * N + i] / 255) * 2 + 1
      rec += e * e
    }
  rec /= P * N
  let pc = 0, pf = 0, offC = 0
  for (let a = 0; a < D; a++)
    for (let b = 0; b < D; b++) {
      let sc = 0, sf = 0
      for (let p = 0; p < P; p++) sc += C[p * D + a] * C[p * D + b]
      for (let i = 0; i < N; i++) sf += F[a * N + i] * F[b * N + i]
      const dc = sc / P - (a === b ? 1 : 0)
      const df = sf / N - (a === b ? 1 : 0)
      pc += dc * dc
      pf += df * df
      if (a !== b) offC = Math.max(offC, Math.abs(sc / P))
    }
  let pm = 0
  for (let r = 0; r < D; r++) {
    let m = 0
    for (let p = 0; p < P; p++) m += C[p * D + r]
    pm += (m / P) ** 2
  }
  return { loss: rec + (lC * pc) / D ** 2 + (lF * pf) / D ** 2 + (lM * pm) / D, recon: rec, offC }
}

function randomProblem(P: number, D: number, N: number, seed: number) {
  const rng = Rng.stream(seed, 'test/latentFit')
  const px = new Uint8Array(P * N)
  for (let i = 0; i < px.length; i++) px[i] = rng.int(256)
  const theta = new Float64Array(P * D + D * N)
  rng.fillNormal(theta)
  return { px, theta }
}

describe('LatentObjective', () => {
  // sizes: (7, 3, 11) stays on the small-product path; (70, 10, 60) with 16-row blocks goes
  // through the blocked kernels and a remainder block
  for (const [P, D, N, blockRows] of [[7, 3, 11, 512], [70, 10, 60, 16]] as const)
    for (const f of ['tanh', 'erf', 'linear'] as const) {
      const opts = { D, f, lambdaC: 0.7, lambdaF: 1.3, lambdaMean: 0.9, blockRows }
      it(`${f}, P=${P} D=${D} N=${N}: loss equals the term-by-term sum`, () => {
        const { px, theta } = randomProblem(P, D, N, 1)
        const obj = new LatentObjective(px, P, N, opts)
        const g = new Float64Array(obj.size)
        const L = obj.evaluate(theta, g)
        const { C, F } = obj.split(theta)
        const ref = bruteLoss(px, C, F, P, D, N, f, 0.7, 1.3, 0.9)
        expect(L).toBeCloseTo(ref.loss, 12)
        expect(obj.last!.recon).toBeCloseTo(ref.recon, 12)
        expect(obj.last!.offdiagC).toBeCloseTo(ref.offC, 12)
      })

      it(`${f}, P=${P} D=${D} N=${N}: gradient matches central finite differences`, () => {
        const { px, theta } = randomProblem(P, D, N, 2)
        // smaller latents keep tanh/erf away from saturation, where differences are flat
        for (let i = 0; i < theta.length; i++) theta[i] *= 0.5
        const obj = new LatentObjective(px, P, N, opts)
        const g = new Float64Array(obj.size)
        obj.evaluate(theta, g)
        const scratch = new Float64Array(obj.size)
        const h = 1e-5
        // all coordinates for the small case, a spread of 120 for the larger one
        const n = theta.length
        const idx = n <= 200 ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: 120 }, (_, i) => Math.floor((i * n) / 120) + (i % 7))
        const worst = worstGradError((th) => obj.evaluate(th, scratch), theta, g, h, idx)
        expect(worst).toBeLessThan(1e-5)
      })
    }

  it('refuses too few pixels', () => {
    expect(() => new LatentObjective(new Uint8Array(10), 2, 6, { D: 2, f: 'tanh', lambdaC: 1, lambdaF: 1, lambdaMean: 1 })).toThrow()
  })
})

describe('fitLatents', () => {
  it('on images planted by the model itself, L-BFGS drives the reconstruction error down monotonically', () => {
    const P = 120, D = 6, N = 40
    // plant: X = tanh(C* F*/√D) quantised to bytes
    const rng = Rng.stream(7, 'test/plant')
    const Cs = new Float64Array(P * D), Fs = new Float64Array(D * N)
    rng.fillNormal(Cs)
    rng.fillNormal(Fs)
    const px = new Uint8Array(P * N)
    for (let p = 0; p < P; p++)
      for (let i = 0; i < N; i++) {
        let u = 0
        for (let r = 0; r < D; r++) u += Cs[p * D + r] * Fs[r * N + i]
        px[p * N + i] = Math.round(((Math.tanh(u / Math.sqrt(D)) + 1) / 2) * 255)
      }
    const gen = fitLatents(px, P, N, { D, f: 'tanh', lambdaC: 0.1, lambdaF: 0.1, lambdaMean: 0.1, iterations: 150, history: 10 }, Rng.stream(1, 'fit'))
    const steps: LatentFitStep[] = []
    let r = gen.next()
    while (!r.done) {
      steps.push(r.value)
      r = gen.next()
    }
    expect(steps[0].iteration).toBe(0)
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i].iteration).toBe(i)
      expect(steps[i].loss).toBeLessThanOrEqual(steps[i - 1].loss)
    }
    const first = steps[0].recon, last = r.value.diagnostics.recon
    // a random start has recon ≈ 2·Var ≈ 0.8; the planted model is recoverable up to the
    // 1/255 quantisation and the penalties
    expect(first).toBeGreaterThan(0.3)
    expect(last).toBeLessThan(0.02)
    expect(r.value.C.length).toBe(P * D)
    expect(r.value.F.length).toBe(D * N)
  })
})
