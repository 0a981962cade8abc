// The pseudo-real data as an SGD problem (MATH.md §4, "Dynamics"): latents c from the fit's KDE
// (dynamics.ts), labels y = teacher(c − m) of the fitted pseudo-teacher on the centred latent,
// inputs x = f(cF/√D) − μ0 (μ0 = E f(u_i) per pixel for centred inputs, none for raw ones), the
// student drawn as every two-layer student is (drawStudent). The ODE's model, where the engine has
// built it, gives the order parameters read from the weights.
import type { InputMap, StudentActivation } from '@shared/spec'
import type { PseudoRealRunSpec } from '@shared/pseudorealSpec'
import type { Latent } from '@models/latent/latent'
import type { SgdProblem } from '@models/twoLayer/sgd'
import { centreLatents } from './pipeline'
import { teacherOutput, type PseudoTeacher } from './pseudoTeacher'

/** The fit a pseudoreal run starts from, as prepareInputs hands it over. */
export interface PseudoRealFit {
  P: number
  D: number
  N: number
  C: Float64Array
  F: Float64Array
  labels: Float64Array
  teacher: PseudoTeacher
  f: InputMap
  bandwidth: number
  mu1: number
  mu2: number
}

export interface PseudoRealData {
  /** draws c from the KDE of the fitted latents ('train' stream) */
  latent: Latent
  /** m: the latents' mean, subtracted before the teacher */
  latentMean: Float64Array
  /** μ0: per-pixel means to subtract from the inputs, or null for raw inputs */
  mu0: Float64Array | null
  /** initial student weights */
  w0: Float64Array
  v0: Float64Array
  /** the ODE's Gaussian model (F, w̃, μ1, μ2), when built */
  gaussian?: { F: Float64Array; wTeacher: Float64Array; mu1: number; mu2: number }
}

export function pseudoRealProblem(spec: PseudoRealRunSpec, fit: PseudoRealFit, data: PseudoRealData): SgdProblem {
  const { D, N, teacher } = fit
  const K = data.v0.length
  let centred = new Float64Array(0)
  return {
    seed: spec.seed,
    N, D, K,
    M: teacher.M,
    g: spec.model.g,
    trainSecondLayer: spec.model.trainSecondLayer,
    lr: spec.train.lr,
    testSamples: spec.train.testSamples,
    latent: data.latent,
    testSetMoments: true,
    teacher(c, count, y, nu) {
      if (centred.length < count * D) centred = new Float64Array(count * D)
      const cc = centred.subarray(0, count * D)
      cc.set(c.subarray(0, count * D))
      centreLatents(cc, count, data.latentMean)
      teacherOutput(teacher, cc, count, y, nu)
    },
    inputs: { F: fit.F, f: fit.f, centre: data.mu0 },
    w0: data.w0,
    v0: data.v0,
    gaussian: data.gaussian && { ...data.gaussian, vTeacher: teacher.v, teacherG: teacher.g as StudentActivation }
  }
}
