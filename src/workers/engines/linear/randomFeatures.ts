// The `linear-relu` engine: two layers with a random ReLU first layer (Advani & Saxe 2017;
// seed 002 eqs. 9–12; MATH.md §7). For each hidden width N_h and `seeds` drawn instances:
// the readout trained by gradient descent (iterated) to tMax, its exact E_g (arc-cosine kernel),
// E_t and ‖w‖; the theory on X_h's spectrum (E_t, eq. 10's norm) and the Rademacher bound
// (eq. 12, and eq. 7 on the gap); one point per N_h (t = N_h), means ± SE over seeds.
import type { LinearReluSpec } from '@shared/specs/linear'
import { reluSeries, type ReluQuantity } from '@shared/outputs/linear'
import type { Engine, EngineRecord } from '@workers/records'
import { gaussianVector, rowTimes } from '@models/linear/instance'
import { GradientDescent } from '@models/linear/gradientDescent'
import { featureModes, featureTrainingError, featureWeightNorm2, rademacherBound, reluFeatures, ReluTestError } from '@models/linear/randomFeatures'

function meanSe(xs: number[]): { mean: number; se: number } {
  const n = xs.length
  const mean = xs.reduce((a, b) => a + b, 0) / n
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0
  return { mean, se: Math.sqrt(variance / n) }
}

export const randomFeaturesEngine: Engine<LinearReluSpec> = function* (spec): Generator<EngineRecord, void, void> {
  const { Ni, P, lr } = spec
  const K = Math.round(spec.tMax / lr)
  const t = K * lr
  const perWidth: Record<ReluQuantity, number>[] = []
  const total = spec.hidden.length * spec.seeds
  let done = 0
  for (let h = 0; h < spec.hidden.length; h++) {
    const Nh = spec.hidden[h]
    const samples: Record<ReluQuantity, number[]> = {
      'gd/Eg': [], 'gd/Et': [], 'gd/gap': [], 'gd/norm': [], 'theory/Et': [], 'theory/norm': [], 'bound/R': [], 'bound/gap': [], 'bound/B2': []
    }
    for (let r = 0; r < spec.seeds; r++) {
      // the task (X, w̄, ε) depends on the seed and repeat only, so every width learns the same data
      const X = gaussianVector(Ni * P, 1 / Math.sqrt(Ni), spec.seed, `linear-relu/${r}/X`)
      const wTeacher = gaussianVector(Ni, spec.sigmaW, spec.seed, `linear-relu/${r}/teacher`)
      const noise = gaussianVector(P, spec.sigmaEps, spec.seed, `linear-relu/${r}/noise`)
      const y = rowTimes(wTeacher, X, Ni, P)
      for (let m = 0; m < P; m++) y[m] += noise[m]
      const W1 = gaussianVector(Nh * Ni, 1, spec.seed, `linear-relu/${r}/W1/${Nh}`)
      const w0 = gaussianVector(Nh, spec.sigmaW0, spec.seed, `linear-relu/${r}/student/${Nh}`)
      const H = reluFeatures(W1, X, Nh, Ni, P)
      const modes = featureModes(H, Nh, P, y, w0)
      const lambdaMax = Math.max(...modes.lambdas)
      if (lr * lambdaMax >= 2)
        throw new Error(`lr = ${lr} is unstable at N_h = ${Nh}: lr·λ_max(X_h X_hᵀ) = ${(lr * lambdaMax).toPrecision(4)} ≥ 2; take lr < ${(2 / lambdaMax).toPrecision(3)}`)
      const gd = new GradientDescent({ N: Nh, P, X: H, y, w0, lr })
      gd.advance(K)
      const w = gd.weights()
      const test = new ReluTestError(W1, Nh, Ni, wTeacher)
      const eg = test.eg(w, spec.sigmaEps)
      const out = rowTimes(w, H, Nh, P)
      let r2 = 0
      for (let m = 0; m < P; m++) r2 += (y[m] - out[m]) ** 2
      const et = r2 / P
      let B1 = 0
      for (let a = 0; a < Nh; a++) {
        let s = 0
        for (let i = 0; i < Ni; i++) s += W1[a * Ni + i] ** 2
        B1 = Math.max(B1, Math.sqrt(s))
      }
      let C = 0
      for (let m = 0; m < P; m++) {
        let s = 0
        for (let i = 0; i < Ni; i++) s += X[i * P + m] ** 2
        C = Math.max(C, Math.sqrt(s))
      }
      const bound = rademacherBound(modes, B1, C, spec.delta)
      samples['gd/Eg'].push(eg)
      samples['gd/Et'].push(et)
      samples['gd/gap'].push(eg - et)
      samples['gd/norm'].push(Math.sqrt(w.reduce((s, v) => s + v * v, 0)))
      samples['theory/Et'].push(featureTrainingError(modes, t))
      samples['theory/norm'].push(Math.sqrt(featureWeightNorm2(modes, t)))
      samples['bound/R'].push(bound.R)
      samples['bound/gap'].push(bound.gap)
      samples['bound/B2'].push(bound.B2)
      done++
      yield { type: 'progress', fraction: done / total, t: Nh, phase: `N_h = ${Nh}` }
    }
    const values: Record<string, number> = {}
    const means = {} as Record<ReluQuantity, number>
    for (const q of Object.keys(samples) as ReluQuantity[]) {
      const { mean, se } = meanSe(samples[q])
      values[reluSeries(q)] = mean
      means[q] = mean
      if (q.startsWith('gd/')) values[reluSeries(q, true)] = se
    }
    perWidth.push(means)
    yield { type: 'point', t: Nh, values }
  }
  // how much the bound and the gap fall from the width nearest P to the widest
  let atP = 0
  spec.hidden.forEach((n, i) => {
    if (Math.abs(Math.log(n / P)) < Math.abs(Math.log(spec.hidden[atP] / P))) atP = i
  })
  const last = perWidth.length - 1
  yield {
    type: 'summary',
    values: {
      Ni,
      P,
      sigmaEps: spec.sigmaEps,
      boundFallsBy: perWidth[last]['bound/R'] / perWidth[atP]['bound/R'],
      gapFallsBy: perWidth[last]['gd/gap'] / perWidth[atP]['gd/gap']
    }
  }
}
