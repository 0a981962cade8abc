// Pseudo-real data (issue 16 item 2; docs/UNIVERSALITY.md): SGD against the ODE on a fit of real
// images, from identical initial weights, for each ODE model of the data (correction covariate |
// pixel | paper). Prints Q(0), R(0) and ε_g ratios ODE/SGD (Q, R: mean over seeds of per-seed ratios;
// ε_g: the ratio of the means over seeds, on t ∈ [0.5, t_max]).
// Usage: [CORRECTIONS=covariate,pixel] npx tsx --tsconfig tsconfig.node.json scripts/measure/pseudoreal-agreement.ts digits|fashion [P] [D] [iterations] [tMax] [seeds]
import { egAgreement, loadFit, series } from './pseudorealFit'

const [which = 'digits', ...rest] = process.argv.slice(2)
const [P = 1000, D = 30, iterations = 100, tMax = 20, seeds = 3] = rest.map(Number)
const fit = await loadFit(which, P, D, iterations)
const d = fit.summary.diagnostics
console.log(`${which}: P = ${P}, D = ${D}, ${iterations} iterations, fit ${fit.seconds.toFixed(0)} s; recon ${d.recon.toFixed(3)}; max |offdiag| of CᵀC/P ${d.offdiagC.toFixed(3)}, of FFᵀ/N ${d.offdiagF.toFixed(3)}`)
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length
for (const correction of (process.env.CORRECTIONS ?? 'covariate,pixel,paper').split(',')) {
  const eg = egAgreement(fit.inputs(), seeds, tMax, { correction })
  const first = (out: (typeof eg.runs)[number], name: string) => series(out, name)[0][1]
  const Q = mean(eg.runs.map((out) => first(out, 'ode/Q[0,0]') / first(out, 'sgd/Qtest[0,0]')))
  const R = mean(eg.runs.map((out) => first(out, 'ode/R[0,0]') / first(out, 'sgd/Rtest[0,0]')))
  console.log(JSON.stringify({ correction, 'Q00(0) ODE/SGD': Q.toFixed(4), 'R00(0) ODE/SGD': R.toFixed(4), 'eg(0) ODE/SGD': eg.atZero.toFixed(4), 'eg ODE/SGD on t≥0.5 min': eg.min.toFixed(3), max: eg.max.toFixed(3) }))
}
