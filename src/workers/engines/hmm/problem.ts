// The hidden manifold model as an SGD problem (MATH.md §1): latents c from spec.latent, labels
// y = Σ_m ṽ_m g̃(ν_m) with ν_m = w̃_m·c/√D, inputs x = f(cF/√D), the drawn instance's student;
// its Gaussian model (F, w̃, μ1, μ2) gives the order parameters read from the weights.
import type { HmmRunSpec } from '@shared/spec'
import type { EngineRecord } from '@workers/records'
import type { Divergence } from '@shared/outputs/divergence'
import { Rng } from '@numeric/random/rng'
import { makeLatent, type Latent } from '@models/latent/latent'
import type { HmmInstance } from '@models/twoLayer/instance'
import { inputMoments } from '@models/twoLayer/moments'
import { onlineSgd, sgdActivation, type SgdOptions, type SgdProblem } from '@models/twoLayer/sgd'
export type { SgdOptions }

/** μ1, μ2 used by the order parameters: spec.ode overrides, else the moments of f. */
export function inputMomentsOf(spec: HmmRunSpec): { mu1: number; mu2: number; zeta: number } {
  const m = inputMoments(spec.model.f)
  const mu1 = spec.ode.mu1 ?? m.mu1
  const mu2 = spec.ode.mu2 ?? m.mu2
  return { mu1, mu2, zeta: mu2 - mu1 * mu1 }
}

/** The latent distribution of a run, its parameters from the 'latentParams' stream. */
export function runLatent(spec: HmmRunSpec, D: number): Latent {
  const seed = spec.seed
  return makeLatent(spec.latent, D, Rng.stream(seed, 'train'), {
    params: Rng.stream(seed, 'latentParams'),
    standardize: Rng.stream(seed, 'latentStandardize')
  })
}

export function hmmProblem(spec: HmmRunSpec, inst: HmmInstance): SgdProblem {
  const { N, D, K, M, wTeacher, vTeacher } = inst
  const { g, teacherG, f, trainSecondLayer } = spec.model
  const { mu1, mu2 } = inputMomentsOf(spec)
  const gT = sgdActivation(teacherG).g
  const inv = 1 / Math.sqrt(D)
  // ν_m = s_m/√D from the sums s_m = w̃_m·c, y = Σ_m ṽ_m g̃(ν_m)
  const label = (nu: Float64Array, count: number, y: Float64Array) => {
    for (let b = 0; b < count; b++) {
      let s = 0
      for (let m = 0; m < M; m++) {
        const num = nu[b * M + m] * inv
        nu[b * M + m] = num
        s += vTeacher[m] * gT(num)
      }
      y[b] = s
    }
  }
  return {
    seed: spec.seed,
    N, D, K, M, g, trainSecondLayer,
    lr: spec.train.lr,
    testSamples: spec.train.testSamples,
    latent: runLatent(spec, D),
    // Q, R from the weights go through the Gaussian model (MATH.md §1); for other latents the
    // moments measured on the test set are recorded beside them
    testSetMoments: spec.latent.kind !== 'gaussian',
    teacher(c, count, y, nu) {
      for (let b = 0; b < count; b++) {
        const co = b * D
        for (let m = 0; m < M; m++) {
          const wo = m * D
          let n0 = 0, n1 = 0
          let r = 0
          for (; r + 1 < D; r += 2) {
            n0 += wTeacher[wo + r] * c[co + r]
            n1 += wTeacher[wo + r + 1] * c[co + r + 1]
          }
          if (r < D) n0 += wTeacher[wo + r] * c[co + r]
          nu[b * M + m] = n0 + n1
        }
      }
      label(nu, count, y)
    },
    // the sums n0 + n1 of teacher() by the run's kernel
    teacherSums: { w: wTeacher, label },
    inputs: { F: inst.F, f, centre: null },
    w0: inst.w,
    v0: inst.v,
    gaussian: { F: inst.F, wTeacher, vTeacher, mu1, mu2, teacherG }
  }
}

/** online SGD on the hidden manifold model from the instance's initial weights (sgd.ts) */
export function sgdRecords(spec: HmmRunSpec, inst: HmmInstance, times: number[], prefix: 'sgd' = 'sgd', options: SgdOptions = {}): Generator<EngineRecord, Divergence | null> {
  return onlineSgd(hmmProblem(spec, inst), times, { ...options, prefix })
}
