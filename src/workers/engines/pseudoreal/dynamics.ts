// What the SGD and ODE engines need from a pseudo-real fit (MATH.md §4, "Dynamics"):
// - a latent sampler drawing c from the KDE of the fitted latents (the HMM's Latent interface,
//   so the one SGD loop, models/twoLayer/sgd.ts, draws from it through problem.ts like any other
//   latent distribution; labels = the picked row's digit);
// - an HMM instance made of the fitted F and the fitted teacher (plus the student's initial
//   weights), from which models/twoLayer/odeState.ts derives Ω = FFᵀ/N, ρ, T = w̃w̃ᵀ/D, T̃ and the initial
//   σ, r, W; μ1, μ2 are the corrected expectations (correctedMoments.ts).
import type { HmmInstance } from '@models/twoLayer/instance'
import type { Latent } from '@models/latent/latent'
import { odeStateFromInstance, type OdeConstants, type OdeState } from '@models/twoLayer/odeState'
import type { Rng } from '@numeric/random/rng'
import type { CorrectedMoments } from './correctedMoments'
import type { LatentKde } from './kde'
import type { PseudoTeacher } from './pseudoTeacher'

/**
 * c ~ KDE: pick a row, add h·N(0, I) in standardised coordinates (kde.ts). Per dimension the
 * mixture has mean μ_r (the column mean of C) and variance s_r² ((P−1)/P + h²).
 * sample(out, B, labels) writes the picked rows' digits into labels.
 */
export function kdeLatent(kde: LatentKde, rng: Rng): Latent {
  const { D, P, h } = kde
  const variance = Float64Array.from(kde.scale, (s) => s * s * ((P - 1) / P + h * h))
  return {
    D,
    mean: kde.mean.slice(),
    variance,
    shift: new Float64Array(D),
    scale: new Float64Array(D).fill(1),
    sample(out: Float64Array, B: number, labels?: Int32Array) {
      kde.sample(out, B, rng, labels)
    },
    withStream(other: Rng) {
      return kdeLatent(kde, other)
    }
  }
}

/** The HMM instance of a pseudo-real run: fitted F (D×N) and teacher, the student's initial w (K×N), v (K). */
export function pseudoRealInstance(F: Float64Array, N: number, teacher: PseudoTeacher, student: { w: Float64Array; v: Float64Array }): HmmInstance {
  const { D, M } = teacher
  const K = student.v.length
  if (F.length !== D * N) throw new Error(`F has ${F.length} entries, teacher says D = ${D}, N = ${N}`)
  if (student.w.length !== K * N) throw new Error(`student w has ${student.w.length} entries, K·N = ${K * N}`)
  return { N, D, K, M, F, wTeacher: teacher.w, vTeacher: teacher.v, w: student.w, v: student.v }
}

/** ODE constants and initial state with the corrected μ1, μ2 (the ODE's teacher activation must be teacher.g). */
export function pseudoRealOde(inst: HmmInstance, moments: Pick<CorrectedMoments, 'mu1' | 'mu2'>): { constants: OdeConstants; state: OdeState } {
  return odeStateFromInstance(inst, moments.mu1, moments.mu2)
}
