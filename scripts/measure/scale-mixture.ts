// Issue 16 item 2: ε_g ODE/SGD (means of 3 seeds, t ≥ 0.5) of the covariate model with the
// latents' scale in S bins (ode.scaleBins), against S = 1, at the defaults a user gets.
// Usage: npx tsx --tsconfig tsconfig.node.json scripts/measure/scale-mixture.ts digits|fashion [S ...]
import { egAgreement, loadFit, series } from './pseudorealFit'
const which = process.argv[2] ?? 'digits'
const bins = process.argv.slice(3).map(Number)
const fit = await loadFit(which, 1000, 30, 100)
for (const S of bins.length ? bins : [1, 8]) {
  const t0 = Date.now()
  const eg = egAgreement(fit.inputs(), 3, 20, { scaleBins: S, ...(process.env.SAMPLES ? { covariateSamples: Number(process.env.SAMPLES) } : {}), ...(process.env.READOUT ? { readoutSamples: Number(process.env.READOUT) } : {}) })
  const q = (name: string) => eg.runs.map((r) => series(r, name)[0][1])
  const curve = (name: string) => eg.runs.map((r) => series(r, name)).reduce((a, c) => c.map(([t, e], i) => [t, (a[i]?.[1] ?? 0) + e] as [number, number]), [] as [number, number][])
  const o = curve('ode/eg'), g = curve('sgd/eg')
  console.log(`${which} S = ${S}: ε_g ODE/SGD over t: ${o.map(([t, e], i) => `${t.toFixed(2)}:${(e / g[i][1]).toFixed(3)}`).join(' ')}`)
  if (process.env.READOUT) {
    const d = curve('ode/eg_data')
    const late = d.map(([t, e], i) => [t, e / g[i][1]]).filter(([t]) => t >= 0.5).map(([, r]) => r)
    console.log(`${which} S = ${S}: ε_g of the ODE's student on the data / SGD over t: ${d.map(([t, e], i) => `${t.toFixed(2)}:${(e / g[i][1]).toFixed(3)}`).join(' ')}; on t ≥ 0.5 ${Math.min(...late).toFixed(3)}–${Math.max(...late).toFixed(3)}`)
  }
  // order parameters: the ODE's Q, R against those SGD's test set measures (E λλ, E λν), means over seeds
  for (const [ode, sgd] of [['ode/Q[0,0]', 'sgd/Qtest[0,0]'], ['ode/Q[0,1]', 'sgd/Qtest[0,1]'], ['ode/R[0,0]', 'sgd/Rtest[0,0]'], ['ode/R[1,1]', 'sgd/Rtest[1,1]']]) {
    const a = curve(ode), b = curve(sgd)
    console.log(`  ${ode} / ${sgd}: ${a.filter((_, i) => i % 5 === 0 || i === a.length - 1).map(([t, x]) => `${t.toFixed(2)}:${(x / b[a.indexOf(a.find(([u]) => u === t)!)][1]).toFixed(3)}`).join(' ')}`)
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
  console.log(
    `${which} S = ${S}: ε_g ODE/SGD on t ≥ 0.5 ${eg.min.toFixed(3)}–${eg.max.toFixed(3)}, at t = 0 ${eg.atZero.toFixed(3)}, end ${eg.odeEnd.toFixed(4)} vs ${eg.sgdEnd.toFixed(4)}; ` +
      `Q00(0) ODE/SGD ${(mean(q('ode/Q[0,0]')) / mean(q('sgd/Qtest[0,0]'))).toFixed(3)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`
  )
}
