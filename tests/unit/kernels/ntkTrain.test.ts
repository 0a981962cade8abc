// The ntk-train engine end to end on a small problem: the critical rate is 2/λ_max of the
// analytic NTK on the training inputs; the network's kernel moves less and the network stays
// closer to the NTK prediction as width grows (the n^{−1/2} of the lazy regime); past η_c the
// kernel moves by O(1) (the catapult) where below it it stays put.
import { describe, expect, it } from 'vitest'
import { ntkTrainEngine, drawData } from '@engines/ntkTrain/engine'
import { NtkTrainRunSpec } from '@shared/specs/ntkTrain'
import { deepKernels, blocks } from '@models/infiniteWidth/recursion'
import { symmetricEigen } from '@numeric/linalg/symmetricEigen'
import { NTK_TRAIN_SERIES as S } from '@shared/outputs/ntkTrain'

const spec = NtkTrainRunSpec.parse({
  engine: 'ntk-train',
  seed: 3,
  d: 3,
  nTrain: 10,
  nTest: 10,
  width: 128,
  steps: 100,
  points: 10,
  scanWidths: [16, 1024],
  scanLrFactors: [0.5, 3],
  tracked: 1
})
const records = [...ntkTrainEngine(spec)]
const summary = records.find((r) => r.type === 'summary')!.values as Record<string, any>
const at = (name: string) => records.flatMap((r) => (r.type === 'point' && name in r.values ? [[r.t, r.values[name]] as const] : []))

describe('ntk-train', () => {
  it('η_c = 2/λ_max(Θ(𝒳,𝒳)) of the analytic NTK (1e-12)', () => {
    const data = drawData(spec)
    const N = spec.nTrain + spec.nTest
    const k = deepKernels(data.X, N, spec.d, spec)
    const theta = blocks(k.ntk, N, [0, spec.nTrain], [0, spec.nTrain])
    const lmax = symmetricEigen(theta, spec.nTrain, { vectors: false }).values[spec.nTrain - 1]
    expect(Math.abs(summary.etaCritical * lmax - 2)).toBeLessThan(1e-12)
  })
  it('at step 0 the prediction starts from the network’s own outputs (gap 0)', () => {
    expect(at(S.gap)[0]).toEqual([0, 0])
  })
  // one network per width, so the comparison spans a factor 64 in width (8 in n^{−1/2}) and asks for 3
  it('kernel motion and the gap to f_k fall with width (1024 vs 16: at least 3× smaller)', () => {
    const kernel = new Map(at(S.scanWidthKernel))
    const gap = new Map(at(S.scanWidthGap))
    expect(kernel.get(1024)! * 3).toBeLessThan(kernel.get(16)!)
    expect(gap.get(1024)! * 3).toBeLessThan(gap.get(16)!)
  })
  it('the kernel moves by O(1) past η_c (3 η_c) and by little below it (η_c/2)', () => {
    const kernel = new Map(at(S.scanLrKernel))
    if (summary.divergedLrFactors.includes(3)) return expect(kernel.has(3)).toBe(false)
    expect(kernel.get(0.5)!).toBeLessThan(0.1)
    expect(kernel.get(3)!).toBeGreaterThan(0.3)
  })
})
