// Issue 16 item 2: how Gaussian the pseudo-teacher's fields are, and what that does to the ODE.
// One fit of C, F (digits or Fashion), then teachers fitted on KDE samples with several
// regularisations/lengths; for each: held-out accuracy, kurtosis of ν_m = w̃_m·(c − m)/√D over KDE
// samples, and ε_g ODE/SGD over t ∈ [0.5, tMax] (SGD mean of `seeds` seeds).
// Usage: npx tsx --tsconfig tsconfig.node.json scripts/measure/teacher-gaussianity.ts digits|fashion [P] [D] [iterations] [tMax] [seeds]
import { LatentKde } from '@engines/pseudoreal/kde'
import { fitTeacher, parityLabel, accuracy } from '@engines/pseudoreal/pseudoTeacher'
import { Rng } from '@numeric/random/rng'
import { gemm } from '@numeric/linalg/gemm'
import { egAgreement, loadFit } from './pseudorealFit'

const [which = 'digits', ...rest] = process.argv.slice(2)
const [P = 1000, D = 30, iterations = 100, tMax = 20, seeds = 3] = rest.map(Number)
const fit = await loadFit(which, P, D, iterations)
const C = fit.artifact('C'), labels = fit.artifact('labels')
const kde = new LatentKde(C, P, D, { bandwidth: 'scott', labels })
const n = 20000
const c = new Float64Array(n * D), d = new Float64Array(n)
kde.sample(c, n, Rng.stream(7, 'kde'), d)
for (let b = 0; b < n; b++) for (let r = 0; r < D; r++) c[b * D + r] -= kde.mean[r]
const y = Float64Array.from(d, parityLabel)
const nTrain = 10000
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
  const eg = egAgreement(fit.inputs(t), seeds, tMax)
  console.log(JSON.stringify({ variant: v, acc: acc.toFixed(3), kurtosis: kurt.map((k) => k.toFixed(2)), egRatioMin: eg.min.toFixed(3), egRatioMax: eg.max.toFixed(3), egEnd: [eg.odeEnd.toFixed(4), eg.sgdEnd.toFixed(4)] }))
}
