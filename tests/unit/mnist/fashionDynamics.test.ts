// Pseudo-real dynamics on data nobody here made: Debian's Fashion-MNIST. SGD on KDE latents against
// the ODE of the data's Gaussian covariate model (the default) and of the Gaussian-equivalent HMM,
// from identical initial weights, over two seeds. Under CI (which installs dataset-fashion-mnist)
// a missing package fails the test instead of skipping it.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMnist } from '@main/mnist/idx'
import { fitPipeline } from '@engines/pseudoreal/pipeline'
import { pseudoRealEngine } from '@engines/pseudoreal/engine'
import { PseudoRealRunSpec } from '@shared/pseudorealSpec'
import type { ArtifactRecord, PointRecord, SummaryRecord } from '@workers/records'

const dir = '/usr/share/datasets/fashion-mnist'
const present = existsSync(join(dir, 'train-images-idx3-ubyte.gz'))
if (!present) console.warn(`Fashion-MNIST dynamics skipped: ${dir} is missing (apt-get install dataset-fashion-mnist)`)

describe.skipIf(!present && !process.env.CI)('pseudo-real dynamics on Fashion-MNIST (P = 600, D = 20)', () => {
  it('covariate model: Q(0) as SGD measures it; ε_g closer to SGD than the Gaussian-equivalent HMM on every seed', async () => {
    const data = await readMnist(join(dir, 'train-images-idx3-ubyte.gz'), join(dir, 'train-labels-idx1-ubyte.gz'), { limit: 5000 })
    const P = 600, D = 20
    const records = Array.from(fitPipeline({ seed: 2, P, D, iterations: 40, teacher: { M: 2, trainSamples: 2000, testSamples: 2000, iterations: 100 } }, data.pixels, data.labels))
    const s = (records.find((r) => r.type === 'summary') as SummaryRecord).values as Record<string, number>
    const art = (name: string) => (records.find((r) => r.type === 'artifact' && r.name === name) as ArtifactRecord).data as Float64Array
    const inputs = {
      P, D, N: 784, M: 2, C: art('C'), F: art('F'), labels: art('labels'), teacherW: art('teacher/w'), teacherV: art('teacher/v'),
      teacherG: 'erf', f: 'tanh', bandwidth: s.bandwidth, mu1: s.mu1, mu2: s.mu2
    }
    const series = (out: Iterable<unknown>, name: string) => [...out].filter((r): r is PointRecord => (r as PointRecord).type === 'point' && name in (r as PointRecord).values).map((r) => r.values[name])
    for (const seed of [0, 1]) {
      const spec = (correction: string, solve = ['sgd', 'ode']) =>
        PseudoRealRunSpec.parse({ engine: 'pseudoreal', pipeline: 'fit', seed, solve, train: { tMax: 3, points: 10, testSamples: 8000 }, ode: { correction, covariateSamples: 20_000 } })
      const out = Array.from(pseudoRealEngine(spec('covariate'), inputs))
      const sgd = series(out, 'sgd/eg'), ode = series(out, 'ode/eg')
      // relative SEs: SGD's test set √(2/8000) = 1.6 %, the ODE's moments √(2/20 000) = 1 %
      expect(Math.abs(series(out, 'ode/Q[0,0]')[0] / series(out, 'sgd/Qtest[0,0]')[0] - 1), `seed ${seed} Q(0)`).toBeLessThan(0.05)
      // (ε_g(0) is not asserted: it also carries the teacher's non-Gaussian output, E g(ν)² on the data
      // ≠ its Gaussian value, 7 % and 12 % here on seeds 0 and 1 at this small fit; docs/UNIVERSALITY.md)
      const pixel = series(pseudoRealEngine(spec('pixel', ['ode']), inputs), 'ode/eg')
      const gap = (o: number[]) => Math.max(...o.map((e, i) => Math.abs(e - sgd[i])))
      expect(gap(ode), `seed ${seed}`).toBeLessThan(gap(pixel))
    }
  }, 600_000)
})
