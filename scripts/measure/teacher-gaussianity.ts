// Issue 16 item 2: how Gaussian the pseudo-teacher's fields are, and what that does to the ODE.
// One fit of C, F (digits or Fashion), then teachers fitted on KDE samples with several
// regularisations/lengths; for each: held-out accuracy, kurtosis of ν_m = w̃_m·(c − m)/√D over KDE
// samples, and ε_g ODE/SGD over t ∈ [0.5, tMax] (SGD mean of `seeds` seeds).
// Usage: npx tsx --tsconfig tsconfig.node.json scripts/measure/teacher-gaussianity.ts digits|fashion [P] [D] [iterations] [tMax] [seeds]
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readMnist } from '@main/mnist/idx'
import { writeMnistPackageAsIdx } from '../mnistPackage'
import { fitPipeline } from '@engines/pseudoreal/pipeline'
import { pseudoRealEngine } from '@engines/pseudoreal/engine'
import { LatentKde } from '@engines/pseudoreal/kde'
import { fitTeacher, parityLabel, accuracy } from '@engines/pseudoreal/pseudoTeacher'
import { Rng } from '@numeric/random/rng'
import { gemm } from '@numeric/linalg/gemm'
import { PseudoRealRunSpec } from '@shared/pseudorealSpec'
import type { ArtifactRecord, EngineRecord, PointRecord, SummaryRecord } from '@workers/records'

const [which = 'digits', ...rest] = process.argv.slice(2)
const [P = 1000, D = 30, iterations = 100, tMax = 20, seeds = 3] = rest.map(Number)
const files = which === 'fashion'
  ? { images: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz', labels: '/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz' }
  : await writeMnistPackageAsIdx(mkdtempSync(join(tmpdir(), 'digits-')))
const data = await readMnist(files.images, files.labels)
const records = Array.from(fitPipeline({ seed: 1, P, D, iterations }, data.pixels, data.labels))
const s = (records.find((r) => r.type === 'summary') as SummaryRecord).values as Record<string, any>
const art = (name: string) => (records.find((r) => r.type === 'artifact' && r.name === name) as ArtifactRecord).data as Float64Array
const C = art('C'), labels = art('labels')
const kde = new LatentKde(C, P, D, { bandwidth: 'scott', labels })
const n = 20000
const c = new Float64Array(n * D), d = new Float64Array(n)
kde.sample(c, n, Rng.stream(7, 'kde'), d)
for (let b = 0; b < n; b++) for (let r = 0; r < D; r++) c[b * D + r] -= kde.mean[r]
const y = Float64Array.from(d, parityLabel)
const nTrain = 10000
const series = (out: EngineRecord[], name: string) => out.filter((r): r is PointRecord => r.type === 'point' && name in r.values).map((r) => [r.t, r.values[name]] as [number, number])
const variants = (process.env.VARIANTS ?? 'it0,it5,it20,it200,lam10,lam100').split(',')
for (const v of variants) {
  const its = v.startsWith('it') ? Number(v.slice(2)) : 200
  const lambdaT = v.startsWith('lam') ? Number(v.slice(3)) : 1
  const gen = fitTeacher(c.subarray(0, nTrain * D), y.subarray(0, nTrain), nTrain, D, { M: 2, g: 'erf', lambdaT, iterations: its, history: 10, trainV: false }, Rng.stream(3, 'teacher'))
  let r = gen.next(); while (!r.done) r = gen.next()
  const t = r.value.teacher
  const acc = accuracy(t, c.subarray(nTrain * D), y.subarray(nTrain), n - nTrain)
  const nu = new Float64Array(n * 2)
  gemm(n, 2, D, c, t.w, nu, { transB: true, alpha: 1 / Math.sqrt(D) })
  const kurt = [0, 1].map((m) => {
    let m2 = 0, m4 = 0
    for (let b = 0; b < n; b++) { const x = nu[b * 2 + m]; m2 += x * x; m4 += x ** 4 }
    m2 /= n; m4 /= n
    return m4 / (m2 * m2)
  })
  const inputs = { P, D, N: 784, M: 2, C, F: art('F'), labels, teacherW: t.w, teacherV: t.v, teacherG: 'erf', f: 'tanh', bandwidth: s.bandwidth, mu1: s.mu1, mu2: s.mu2 }
  let sgdSum: number[] | null = null, odeSum: number[] | null = null
  let ode: [number, number][] = []
  for (let seed = 0; seed < seeds; seed++) {
    const spec = PseudoRealRunSpec.parse({ engine: 'pseudoreal', pipeline: 'fit', seed, train: { tMax, points: 30, testSamples: 20_000 } })
    const out = Array.from(pseudoRealEngine(spec, inputs))
    const sgd = series(out, 'sgd/eg')
    ode = series(out, 'ode/eg')
    sgdSum = sgdSum ? sgdSum.map((x, i) => x + sgd[i][1]) : sgd.map(([, e]) => e)
    odeSum = odeSum ? odeSum.map((x, i) => x + ode[i][1]) : ode.map(([, e]) => e)
  }
  const ratios = ode.map(([tt], i) => [tt, odeSum![i] / sgdSum![i]]).filter(([tt]) => tt >= 0.5).map(([, q]) => q)
  console.log(JSON.stringify({ variant: v, acc: acc.toFixed(3), kurtosis: kurt.map((k) => k.toFixed(2)), egRatioMin: Math.min(...ratios).toFixed(3), egRatioMax: Math.max(...ratios).toFixed(3), egEnd: [(odeSum!.at(-1)! / seeds).toFixed(4), (sgdSum!.at(-1)! / seeds).toFixed(4)] }))
}
