// Do whitened per-vector Gaussian mixtures follow the ODE? (issue 16 item 3; docs/UNIVERSALITY.md)
// SGD vs ODE from identical initial conditions, GM(m = 4, α) with one component per latent vector,
// standardize none | exact (per dimension) | whiten (full covariance), next to Gaussian latents.
// Usage: npx tsx --tsconfig tsconfig.node.json scripts/measure/whitening.ts [N] [tMax] [seeds] [alpha]
import { HmmRunSpec } from '@shared/spec'
import { hmmEngine } from '@engines/hmm/engine'

const [N = 500, tMax = 20, seeds = 4, alpha = 2] = process.argv.slice(2).map(Number)
const latents: [string, object][] = [
  ['gaussian', { kind: 'gaussian' }],
  ['GM vector, none', { kind: 'mixture', m: 4, alpha, components: 'vector', standardize: 'none' }],
  ['GM vector, exact', { kind: 'mixture', m: 4, alpha, components: 'vector', standardize: 'exact' }],
  ['GM vector, whiten', { kind: 'mixture', m: 4, alpha, components: 'vector', standardize: 'whiten' }]
]
const rows: Record<string, unknown>[] = []
for (const [label, latent] of latents) {
  const acc: Record<string, number[]> = {}
  for (let seed = 0; seed < seeds; seed++) {
    const spec = HmmRunSpec.parse({ engine: 'hmm', seed, latent, model: { N, D: N / 2, trainSecondLayer: true }, train: { tMax, testSamples: 20_000, points: 60 } })
    for (const r of hmmEngine(spec))
      if (r.type === 'summary') for (const k of ['dev.v.meanLate', 'dev.eg.meanLate', 'dev.logratio.meanLate', 'sgd.egFinal', 'ode.egFinal'])
        if (typeof r.values[k] === 'number') (acc[k] ??= []).push(r.values[k] as number)
  }
  const ms = (x: number[]) => {
    const m = x.reduce((a, b) => a + b, 0) / x.length
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1))
    return `${m.toPrecision(3)} ± ${(sd / Math.sqrt(x.length)).toPrecision(2)}`
  }
  const row = { latent: label, ...Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, ms(v)])) }
  rows.push(row)
  console.log(JSON.stringify(row))
}
console.log(`N = ${N}, D = ${N / 2}, t_max = ${tMax}, ${seeds} seeds, α = ${alpha}, η = 0.2, erf, sgn, v trained; mean ± SE over seeds`)
