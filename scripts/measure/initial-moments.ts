// Issue 16 item 2: Q(0) and R(0) of the ODE against SGD's test-set measurements at t = 0 (same
// initial weights), means of 3 seeds, for a number of KDE draws behind the ODE's moments.
// Usage: npx tsx --tsconfig tsconfig.node.json scripts/measure/initial-moments.ts digits|fashion [draws ...]
import { egAgreement, loadFit, series } from './pseudorealFit'
const which = process.argv[2] ?? 'digits'
const draws = process.argv.slice(3).map(Number)
const fit = await loadFit(which, 1000, 30, 100)
for (const n of draws.length ? draws : [30_000]) {
  const { runs } = egAgreement(fit.inputs(), 3, 0.5, { covariateSamples: n, readoutSamples: 0 })
  const at0 = (name: string) => runs.reduce((a, r) => a + series(r, name)[0][1], 0) / runs.length
  const pairs = [['Q[0,0]', 'Qtest[0,0]'], ['Q[1,1]', 'Qtest[1,1]'], ['R[0,0]', 'Rtest[0,0]'], ['R[0,1]', 'Rtest[0,1]'], ['R[1,0]', 'Rtest[1,0]'], ['R[1,1]', 'Rtest[1,1]']]
  console.log(`${which}, ${n} draws: ODE/SGD at t = 0: ${pairs.map(([o, s]) => `${o} ${(at0(`ode/${o}`) / at0(`sgd/${s}`)).toFixed(3)} (${at0(`ode/${o}`).toFixed(4)})`).join(', ')}`)
  // R's error on the scale of its bound √(Q_kk T_mm) (R_km/√(Q_kk T_mm) is a correlation)
  const T = runs.map((r) => (r.find((x) => x.type === 'artifact' && x.name === 'ode/T') as { data: Float64Array }).data)
  const Tm = (m: number) => T.reduce((a, t) => a + t[m * 2 + m], 0) / T.length
  const rel = [0, 1].flatMap((k) => [0, 1].map((m) => Math.abs(at0(`ode/R[${k},${m}]`) - at0(`sgd/Rtest[${k},${m}]`)) / Math.sqrt(at0(`sgd/Qtest[${k},${k}]`) * Tm(m))))
  console.log(`  |ΔR_km|/√(Q_kk T_mm): ${rel.map((x) => x.toFixed(4)).join(' ')}`)
}
