// The pseudo-real MNIST pipeline (MATH.md §4, Bae & Jeong §V.3) as an engine generator:
//   images → fit of C, F (L-BFGS) → KDE of the latents → pseudo-teacher on KDE samples (L-BFGS)
//   → held-out accuracy and Welch t-test against random teachers → corrected μ0, μ1, μ2.
// The teacher is fitted on centred KDE samples c − m (see centreLatents).
// Pure: the records depend only on (options, pixels, labels); randomness from options.seed.
import { PseudoRealOptions, TEACHER_INPUT, type PseudoRealOptionsInput } from '@shared/pseudorealSpec'
import { Rng } from '@numeric/random/rng'
import type { EngineRecord } from '@workers/records'
import { correctedMoments } from './correctedMoments'
import { LatentKde } from './kde'
import { fitLatents, type LatentFitResult } from './latentFit'
import { accuracy, fitTeacher, parityLabel, teacherSignificance, type PseudoTeacher } from './pseudoTeacher'
import { fitSeries, teacherFitSeries } from '@shared/outputs/series'

// the options' schemas live in src/shared (the CLI and the renderer parse them too)
export { PseudoRealOptions, PseudoTeacherOptions, type PseudoRealOptionsInput } from '@shared/pseudorealSpec'

/** share of the progress bar per phase */
const FIT_SHARE = 0.8
const TEACHER_SHARE = 0.15

/**
 * Run the pipeline on `count` images (pixels: count × N bytes, labels: count digits).
 * Yields progress, points fit/loss, fit/recon, fit/offdiagC, fit/offdiagF (t = iteration) and
 * teacher/loss, artifacts C [P,D], F [D,N], teacher/w [M,D], teacher/v [M], labels [P],
 * images [P] (indices of the images used), and one summary.
 */
export function* fitPipeline(options: PseudoRealOptionsInput, pixels: Uint8Array, labels: ArrayLike<number>): Generator<EngineRecord, void, void> {
  const o = PseudoRealOptions.parse(options)
  const count = labels.length
  if (count === 0 || pixels.length % count !== 0) throw new Error(`fitPipeline: ${pixels.length} pixels do not split into ${count} images`)
  const N = pixels.length / count
  const { P, D } = o
  if (P > count) throw new Error(`fitPipeline: P = ${P} images asked, ${count} available`)
  if (P < 2) throw new Error('fitPipeline: P must be at least 2 (the KDE needs 2 rows)')
  const root = Rng.stream(o.seed, 'pseudoreal')

  // ---- images ----
  const index = selectImages(count, P, o.selection, root.split('selection'))
  const X = new Uint8Array(P * N)
  const digits = new Float64Array(P)
  for (let p = 0; p < P; p++) {
    X.set(pixels.subarray(index[p] * N, (index[p] + 1) * N), p * N)
    digits[p] = labels[index[p]]
  }

  // ---- latents and features ----
  yield { type: 'progress', fraction: 0, phase: 'fit' }
  const fitGen = fitLatents(X, P, N, { D, f: o.f, lambdaC: o.lambdaC, lambdaF: o.lambdaF, lambdaMean: o.lambdaMean, iterations: o.iterations, history: o.history, threads: o.threads }, root.split('fit'))
  let fr = fitGen.next()
  while (!fr.done) {
    const s = fr.value
    yield { type: 'point', t: s.iteration, values: { [fitSeries('loss')]: s.loss, [fitSeries('recon')]: s.recon, [fitSeries('offdiagC')]: s.offdiagC, [fitSeries('offdiagF')]: s.offdiagF } }
    yield { type: 'progress', fraction: (FIT_SHARE * s.iteration) / Math.max(1, o.iterations), t: s.iteration, phase: 'fit' }
    fr = fitGen.next()
  }
  const fit: LatentFitResult = fr.value
  yield { type: 'artifact', name: 'C', shape: [P, D], data: fit.C }
  yield { type: 'artifact', name: 'F', shape: [D, N], data: fit.F }
  yield { type: 'artifact', name: 'labels', shape: [P], data: digits }
  yield { type: 'artifact', name: 'images', shape: [P], data: Float64Array.from(index) }

  // ---- density of the latents ----
  yield { type: 'progress', fraction: FIT_SHARE, phase: 'kde' }
  const kde = new LatentKde(fit.C, P, D, { bandwidth: o.bandwidth, labels: digits })

  // ---- pseudo-teacher on KDE samples, labels travelling with the picked rows ----
  // The teacher reads the centred latent c − m (m = column means of C, the KDE's mean): the
  // ODE's teacher fields ν = w̃·(c − m)/√D must have mean zero (gaussianEquivalent.ts).
  const t = o.teacher
  const nAll = t.trainSamples + t.testSamples
  const cAll = new Float64Array(nAll * D)
  const dAll = new Float64Array(nAll)
  kde.sample(cAll, nAll, root.split('kde-samples'), dAll)
  centreLatents(cAll, nAll, kde.mean)
  const yAll = Float64Array.from(dAll, parityLabel)
  const cTrain = cAll.subarray(0, t.trainSamples * D)
  const yTrain = yAll.subarray(0, t.trainSamples)
  const cTest = cAll.subarray(t.trainSamples * D)
  const yTest = yAll.subarray(t.trainSamples)
  const teacherGen = fitTeacher(cTrain, yTrain, t.trainSamples, D, { M: t.M, g: t.g, lambdaT: t.lambdaT, iterations: t.iterations, history: t.history, trainV: t.trainV }, root.split('teacher'))
  let tr = teacherGen.next()
  while (!tr.done) {
    yield { type: 'point', t: tr.value.iteration, values: { [teacherFitSeries()]: tr.value.loss } }
    yield { type: 'progress', fraction: FIT_SHARE + (TEACHER_SHARE * tr.value.iteration) / Math.max(1, t.iterations), t: tr.value.iteration, phase: 'teacher' }
    tr = teacherGen.next()
  }
  const teacher: PseudoTeacher = tr.value.teacher
  yield { type: 'artifact', name: 'teacher/w', shape: [t.M, D], data: teacher.w }
  yield { type: 'artifact', name: 'teacher/v', shape: [t.M], data: teacher.v }
  const sig = teacherSignificance(teacher, cTest, yTest, t.testSamples, root.split('random-teachers'), { randomTeachers: t.randomTeachers, batches: t.batches })

  // ---- corrected expectations ----
  yield { type: 'progress', fraction: FIT_SHARE + TEACHER_SHARE, phase: 'moments' }
  const mom = correctedMoments(fit.C, fit.F, P, D, N, o.f)
  const d = fit.diagnostics
  yield {
    type: 'summary',
    values: {
      P, D, N, f: o.f,
      threads: fit.threads,
      teacherInput: TEACHER_INPUT,
      bandwidth: kde.h,
      bandwidthRule: o.bandwidth,
      accuracy: sig.accuracy,
      trainAccuracy: accuracy(teacher, cTrain, yTrain, t.trainSamples),
      randomAccuracy: sig.randomAccuracy,
      t: sig.t,
      p: sig.p,
      pGreater: sig.pGreater,
      df: sig.df,
      mu0: mom.mu0,
      mu1: mom.mu1,
      mu2: mom.mu2,
      zeta: mom.zeta,
      mu1Raw: mom.raw.mu1,
      mu2Raw: mom.raw.mu2,
      uMean: mom.uMean,
      uStd: mom.uStd,
      diagnostics: {
        loss: d.loss, recon: d.recon, penaltyC: d.penaltyC, penaltyF: d.penaltyF, penaltyMean: d.penaltyMean,
        offdiagC: d.offdiagC, offdiagF: d.offdiagF, diagC: d.diagC, diagF: d.diagF, meanC: d.meanC,
        iterations: fit.lbfgs.iterations, evaluations: fit.lbfgs.evaluations, stop: fit.lbfgs.reason,
        teacherLoss: tr.value.diagnostics.loss, teacherMse: tr.value.diagnostics.mse, teacherOffdiagT: tr.value.diagnostics.offdiagT
      }
    }
  }
  yield { type: 'progress', fraction: 1, phase: 'done' }
}

/** c_b ← c_b − m for n latents (n×D) */
export function centreLatents(c: Float64Array, n: number, m: Float64Array): Float64Array {
  const D = m.length
  for (let b = 0; b < n; b++) for (let r = 0; r < D; r++) c[b * D + r] -= m[r]
  return c
}

/** indices of the P images used: 0..P−1, or a uniform P-subset (partial Fisher–Yates), in draw order */
export function selectImages(count: number, P: number, selection: 'first' | 'random', rng: Rng): Int32Array {
  if (selection === 'first') return Int32Array.from({ length: P }, (_, i) => i)
  const perm = Int32Array.from({ length: count }, (_, i) => i)
  for (let i = 0; i < P; i++) {
    const j = i + rng.int(count - i)
    const tmp = perm[i]
    perm[i] = perm[j]
    perm[j] = tmp
  }
  return perm.slice(0, P)
}
