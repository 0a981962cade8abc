import { describe, expect, it } from 'vitest'
import { Rng } from '@numeric/random/rng'
import type { ArtifactRecord, EngineRecord, PointRecord, SummaryRecord } from '@workers/records'
import { correctedMoments } from '@engines/pseudoreal/correctedMoments'
import { bandwidth } from '@engines/pseudoreal/kde'
import { fitPipeline, selectImages, type PseudoRealOptionsInput } from '@engines/pseudoreal/pipeline'

/** 8×8 "digits": one random template per class plus pixel noise */
function synthetic(count: number, seed: number) {
  const rng = Rng.stream(seed, 'test/synthetic')
  const N = 64
  const templates = Array.from({ length: 10 }, () => Float64Array.from({ length: N }, () => rng.uniform()))
  const pixels = new Uint8Array(count * N)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const d = i % 10
    labels[i] = d
    for (let j = 0; j < N; j++) pixels[i * N + j] = Math.max(0, Math.min(255, Math.round(255 * (templates[d][j] + 0.1 * rng.normal()))))
  }
  return { pixels, labels, N }
}

const options: PseudoRealOptionsInput = {
  seed: 3, P: 300, D: 8, iterations: 40, lambdaC: 0.5, lambdaF: 0.5, lambdaMean: 0.5,
  teacher: { M: 3, iterations: 80, trainSamples: 2000, testSamples: 1500, lambdaT: 0.1 }
}

function run(opts: PseudoRealOptionsInput, pixels: Uint8Array, labels: Uint8Array): EngineRecord[] {
  return Array.from(fitPipeline(opts, pixels, labels))
}

describe('fitPipeline', () => {
  const { pixels, labels, N } = synthetic(400, 1)
  const records = run(options, pixels, labels)
  const points = records.filter((r): r is PointRecord => r.type === 'point')
  const artifacts = new Map(records.filter((r): r is ArtifactRecord => r.type === 'artifact').map((a) => [a.name, a]))
  const summaries = records.filter((r): r is SummaryRecord => r.type === 'summary')
  const s = summaries[0]?.values as Record<string, number & Record<string, number>>

  it('streams fit points for t = 0 … iterations with a non-increasing loss, then teacher points', () => {
    const fit = points.filter((p) => 'fit/loss' in p.values)
    expect(fit.map((p) => p.t)).toEqual(Array.from({ length: fit.length }, (_, i) => i))
    expect(fit.length).toBe(41)
    for (const p of fit) expect(Object.keys(p.values).sort()).toEqual(['fit/loss', 'fit/offdiagC', 'fit/offdiagF', 'fit/recon'])
    for (let i = 1; i < fit.length; i++) expect(fit[i].values['fit/loss']).toBeLessThanOrEqual(fit[i - 1].values['fit/loss'])
    expect(fit[fit.length - 1].values['fit/recon']).toBeLessThan(fit[0].values['fit/recon'] / 2)
    const teacher = points.filter((p) => 'teacher/loss' in p.values)
    expect(teacher[0].t).toBe(0)
    expect(teacher.length).toBeGreaterThan(10)
  })

  it('progress is monotone in [0, 1] and ends at 1', () => {
    const fr = records.filter((r) => r.type === 'progress').map((r) => (r as { fraction: number }).fraction)
    for (let i = 1; i < fr.length; i++) expect(fr[i]).toBeGreaterThanOrEqual(fr[i - 1])
    expect(fr[0]).toBe(0)
    expect(fr[fr.length - 1]).toBe(1)
  })

  it('emits the artifacts with their shapes; labels are those of the images used', () => {
    const shape = (n: string) => artifacts.get(n)?.shape
    expect(shape('C')).toEqual([300, 8])
    expect(shape('F')).toEqual([8, N])
    expect(shape('teacher/w')).toEqual([3, 8])
    expect(shape('teacher/v')).toEqual([3])
    expect(shape('labels')).toEqual([300])
    for (const a of artifacts.values()) expect(a.data.length).toBe(a.shape.reduce((x, y) => x * y, 1))
    const idx = artifacts.get('images')!.data
    expect(new Set(idx).size).toBe(300) // without replacement
    const lab = artifacts.get('labels')!.data
    for (let p = 0; p < 300; p++) expect(lab[p]).toBe(labels[idx[p]])
    expect(Array.from(artifacts.get('teacher/v')!.data)).toEqual([1, 1, 1])
  })

  it('summary: Scott bandwidth, corrected moments recomputed from the artifacts, diagnostics', () => {
    expect(summaries.length).toBe(1)
    expect(s.bandwidth).toBeCloseTo(bandwidth('scott', 300, 8), 15)
    const m = correctedMoments(artifacts.get('C')!.data, artifacts.get('F')!.data, 300, 8, N, 'tanh')
    expect(s.mu1).toBe(m.mu1)
    expect(s.mu2).toBe(m.mu2)
    expect(s.mu0).toBe(m.mu0)
    for (const k of ['loss', 'recon', 'offdiagC', 'offdiagF', 'iterations', 'evaluations', 'teacherLoss']) expect(s.diagnostics).toHaveProperty(k)
    expect(s.diagnostics.iterations).toBe(40)
  })

  it('the teacher learns parity from the templates, significantly better than random teachers', () => {
    expect(s.accuracy).toBeGreaterThan(0.8)
    expect(s.randomAccuracy).toBeLessThan(0.7)
    expect(s.t).toBeGreaterThan(5)
    expect(s.p).toBeLessThan(1e-6)
    expect(s.df).toBeGreaterThan(1)
  })

  it('is a pure function of (options, data): a second run gives identical records', () => {
    const again = run(options, pixels, labels)
    expect(again.length).toBe(records.length)
    const sum2 = again.find((r) => r.type === 'summary') as SummaryRecord
    expect(sum2.values).toEqual(summaries[0].values)
    const C2 = (again.find((r) => r.type === 'artifact' && r.name === 'C') as ArtifactRecord).data
    expect(Buffer.compare(Buffer.from(C2.buffer), Buffer.from(artifacts.get('C')!.data.buffer))).toBe(0)
  })

  it('refuses impossible sizes', () => {
    expect(() => run({ ...options, P: 401 }, pixels, labels)).toThrow(/available/)
    expect(() => run(options, pixels.subarray(1), labels)).toThrow(/split/)
    expect(() => run({ ...options, teacher: { randomTeachers: 10 } }, pixels, labels)).toThrow()
  })
})

describe('selectImages', () => {
  it('first: 0..P−1; random: distinct, uniform over the images', () => {
    expect(Array.from(selectImages(10, 4, 'first', Rng.stream(1, 'x')))).toEqual([0, 1, 2, 3])
    const hits = new Float64Array(20)
    const T = 4000
    for (let k = 0; k < T; k++) {
      const s = selectImages(20, 5, 'random', Rng.stream(k, 'sel'))
      expect(new Set(s).size).toBe(5)
      for (const i of s) hits[i]++
    }
    // each image is picked with probability 5/20: hits ~ Binomial(T, 1/4), sd ≈ 27
    for (const h of hits) expect(Math.abs(h - T / 4)).toBeLessThan(5 * Math.sqrt((T * 3) / 16))
  })
})
