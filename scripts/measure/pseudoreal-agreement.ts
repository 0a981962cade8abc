// Pseudo-real data (issue 16 item 2; docs/UNIVERSALITY.md): SGD against the ODE on a fit of real
// images, from identical initial weights, for each ODE model of the data (correction covariate |
// pixel | paper). Prints Q(0), R(0) and ε_g ratios ODE/SGD, mean over seeds, on t ∈ [0.5, t_max].
// Usage: [CORRECTIONS=covariate,pixel] npx tsx --tsconfig tsconfig.node.json scripts/measure/pseudoreal-agreement.ts digits|fashion [P] [D] [iterations] [tMax] [seeds]
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readMnist } from '@main/mnist/idx'
import { writeMnistPackageAsIdx } from '@main/mnist/mnistPackage'
import { fitPipeline } from '@engines/pseudoreal/pipeline'
import { pseudoRealEngine } from '@engines/pseudoreal/engine'
import { PseudoRealRunSpec } from '@shared/pseudorealSpec'
import type { ArtifactRecord, EngineRecord, PointRecord, SummaryRecord } from '@workers/records'

const [which = 'digits', ...rest] = process.argv.slice(2)
const [P = 1000, D = 30, iterations = 100, tMax = 20, seeds = 3] = rest.map(Number)
const files = which === 'fashion'
  ? { images: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz', labels: '/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz' }
  : await writeMnistPackageAsIdx(mkdtempSync(join(tmpdir(), 'digits-')))
const data = await readMnist(files.images, files.labels)
const t0 = Date.now()
const records = Array.from(fitPipeline({ seed: 1, P, D, iterations }, data.pixels, data.labels))
const s = (records.find((r) => r.type === 'summary') as SummaryRecord).values as Record<string, any>
const art = (name: string) => (records.find((r) => r.type === 'artifact' && r.name === name) as ArtifactRecord).data as Float64Array
console.log(`${which}: P = ${P}, D = ${D}, ${iterations} iterations, fit ${((Date.now() - t0) / 1000).toFixed(0)} s; recon ${s.diagnostics?.recon?.toFixed?.(3)}; FFᵀ/N max|offdiag| ${s.diagnostics?.fGramOff ?? JSON.stringify(s.diagnostics)}`)
const inputs = { P, D, N: 784, M: 2, C: art('C'), F: art('F'), labels: art('labels'), teacherW: art('teacher/w'), teacherV: art('teacher/v'), teacherG: 'erf', f: 'tanh', bandwidth: s.bandwidth, mu1: s.mu1, mu2: s.mu2 }
const series = (out: EngineRecord[], name: string) => out.filter((r): r is PointRecord => r.type === 'point' && name in r.values).map((r) => [r.t, r.values[name]] as [number, number])
for (const correction of (process.env.CORRECTIONS ?? 'covariate,pixel,paper').split(',')) {
  const ratios = { Q: [] as number[], R: [] as number[], eg0: [] as number[], egMin: [] as number[], egMax: [] as number[] }
  for (let seed = 0; seed < seeds; seed++) {
    const spec = PseudoRealRunSpec.parse({ engine: 'pseudoreal', pipeline: 'fit', seed, train: { tMax, points: 30, testSamples: 20_000 }, ode: { correction } })
    const out = Array.from(pseudoRealEngine(spec, inputs))
    const sgd = series(out, 'sgd/eg'), ode = series(out, 'ode/eg')
    ratios.Q.push(series(out, 'ode/Q[0,0]')[0][1] / series(out, 'sgd/Qtest[0,0]')[0][1])
    ratios.R.push(series(out, 'ode/R[0,0]')[0][1] / series(out, 'sgd/Rtest[0,0]')[0][1])
    const late = ode.map(([t, e], i) => [t, e / sgd[i][1]]).filter(([t]) => t >= 0.5).map(([, r]) => r)
    ratios.eg0.push(ode[0][1] / sgd[0][1])
    ratios.egMin.push(Math.min(...late))
    ratios.egMax.push(Math.max(...late))
  }
  const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length
  console.log(JSON.stringify({ correction, 'Q00(0) ODE/SGD': mean(ratios.Q).toFixed(4), 'R00(0) ODE/SGD': mean(ratios.R).toFixed(4), 'eg(0) ODE/SGD': mean(ratios.eg0).toFixed(4), 'eg ODE/SGD on t≥0.5 min': Math.min(...ratios.egMin).toFixed(3), max: Math.max(...ratios.egMax).toFixed(3) }))
}
