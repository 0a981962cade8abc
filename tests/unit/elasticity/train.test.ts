// le-train: the MLP's SGD step against finite differences, GeoMNIST's shapes, label corruption,
// and a short run on GeoMNIST (and on Fashion-MNIST when its files are installed).
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Mlp } from '@engines/le-train/mlp'
import { geomnist } from '@engines/le-train/geomnist'
import { runEngine } from '@engines/index'
import { Rng } from '@numeric/random/rng'
import { parseRunSpec } from '@shared/validate'
import { prepareInputs } from '@main/inputs'
import type { RunStore } from '@main/store/runStore'
import type { EngineInputs, EngineRecord, PointRecord } from '@workers/records'

function crossEntropy(net: Mlp, x: Float64Array, y: number): number {
  const z = net.logits(x, 1)
  const max = Math.max(...z)
  return Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0)) + max - z[y]
}

describe('MLP', () => {
  it('one SGD step moves every weight by −η ∂ℓ/∂w (central differences)', () => {
    const sizes = [6, 5, 4, 3]
    const net = new Mlp(sizes, Rng.stream(1, 'mlp'))
    const x = Float64Array.of(0.3, -1, 0, 0.7, 2, 0) // zeros exercise the sparse skips
    const y = 2
    const eta = 0.1
    const before = net.W.map((W) => Float64Array.from(W))
    const bBefore = net.b.map((b) => Float64Array.from(b))
    const grads = net.W.map((W) =>
      Array.from(W, (_, i) => {
        const h = 1e-6
        const w0 = W[i]
        W[i] = w0 + h
        const up = crossEntropy(net, x, y)
        W[i] = w0 - h
        const down = crossEntropy(net, x, y)
        W[i] = w0
        return (up - down) / (2 * h)
      })
    )
    const bGrads = net.b.map((b) =>
      Array.from(b, (_, i) => {
        const h = 1e-6
        const b0 = b[i]
        b[i] = b0 + h
        const up = crossEntropy(net, x, y)
        b[i] = b0 - h
        const down = crossEntropy(net, x, y)
        b[i] = b0
        return (up - down) / (2 * h)
      })
    )
    const loss = net.sgdStep(x, y, eta)
    expect(loss).toBeCloseTo(
      (() => {
        const probe = new Mlp(sizes, Rng.stream(1, 'mlp'))
        return crossEntropy(probe, x, y)
      })(),
      12
    )
    net.W.forEach((W, l) => W.forEach((w, i) => expect((before[l][i] - w) / eta).toBeCloseTo(grads[l][i], 6)))
    net.b.forEach((b, l) => b.forEach((v, i) => expect((bBefore[l][i] - v) / eta).toBeCloseTo(bGrads[l][i], 6)))
  })
})

describe('GeoMNIST', () => {
  it('draws shapes with the areas of their geometry (rectangle 98, ellipse 50π, triangle 166.25 px² at size 28)', () => {
    const per = 150
    const { images, labels } = geomnist(per, 28, Rng.stream(5, 'geo'))
    const want = [7 * 14, Math.PI * 5 * 10, 0.5 * 17.5 * 19]
    for (let k = 0; k < 3; k++) {
      let area = 0
      for (let i = 0; i < per; i++) for (let p = 0; p < 784; p++) area += images[(k * per + i) * 784 + p] / per
      // scale ~ U[0.9, 1.1]: E[s²] = 1.0033; a shape cut by the border would lose area
      expect(area / (want[k] * 1.0033)).toBeGreaterThan(0.97)
      expect(area / (want[k] * 1.0033)).toBeLessThan(1.03)
      expect(labels[k * per]).toBe(k)
    }
  })
})

function run(spec: unknown, inputs: EngineInputs = {}) {
  const records: EngineRecord[] = [...runEngine(parseRunSpec(spec), inputs)]
  const summary = Object.assign({}, ...records.filter((r) => r.type === 'summary').map((r) => r.values)) as Record<string, any>
  const points = records.filter((r): r is PointRecord => r.type === 'point')
  const series = (name: string) => points.filter((p) => name in p.values).map((p) => ({ t: p.t, v: p.values[name] }))
  return { summary, series }
}

const fashion = '/usr/share/datasets/fashion-mnist'

describe('le-train', () => {
  const small = { engine: 'le-train', iterations: 3000, points: 30, n: 20, network: { kind: 'mlp', hidden: [32] }, data: { kind: 'geomnist', size: 20, trainPerClass: 200, valPerClass: 60 } }

  it('learns GeoMNIST (validation loss falls from log 3), records logits and finite estimates', () => {
    const { summary, series } = run(small)
    const loss = series('val/loss')
    expect(loss[0].v).toBeCloseTo(Math.log(3), 0)
    expect(loss[loss.length - 1].v).toBeLessThan(0.5 * loss[0].v)
    expect(summary.val.accFinal).toBeGreaterThan(0.8)
    expect(series('logits/mean[2,2]').length).toBe(loss.length)
    expect(series('estimate/L/alpha').length).toBeGreaterThan(10)
    for (const k of ['I', 'L']) expect(Number.isFinite(summary.rd[k].final)).toBe(true)
    expect(Number.isFinite(summary.estimate.tailAlpha)).toBe(true)
  })

  it('corrupts the asked fraction of labels, and at p_err = (K − 1)/K the network learns nothing about the true class', () => {
    const { summary } = run({ ...small, iterations: 3000, pErr: 2 / 3 })
    expect(summary.corrupted).toBeGreaterThan(2 / 3 - 0.05)
    expect(summary.corrupted).toBeLessThan(2 / 3 + 0.05)
    // labels carry no information about the class: validation accuracy near chance
    expect(summary.val.accFinal).toBeLessThan(0.6)
  })

  it.skipIf(!existsSync(`${fashion}/train-images-idx3-ubyte.gz`))('trains on chosen Fashion-MNIST classes read from IDX files', async () => {
    const spec = parseRunSpec({
      ...small,
      data: { kind: 'idx', images: `${fashion}/train-images-idx3-ubyte.gz`, labels: `${fashion}/train-labels-idx1-ubyte.gz`, classes: [1, 7], trainPerClass: 200, valPerClass: 60 }
    })
    const inputs = await prepareInputs(spec, null as unknown as RunStore)
    const { summary } = run(spec, inputs)
    expect(summary.K).toBe(2)
    expect(summary.val.accFinal).toBeGreaterThan(0.9) // trousers vs sneakers
  })

  it('refuses unreadable IDX files and classes with too few images before the run, naming the field', async () => {
    const missing = parseRunSpec({ ...small, data: { kind: 'idx', images: '/nonexistent/images.gz', labels: '/nonexistent/labels.gz', classes: [0, 1] } })
    await expect(prepareInputs(missing, null as unknown as RunStore)).rejects.toMatchObject({ issues: [{ path: expect.stringMatching(/^data\.(images|labels)$/) }] })
    if (!existsSync(`${fashion}/train-images-idx3-ubyte.gz`)) return
    const tooMany = parseRunSpec({ ...small, n: 10, data: { kind: 'idx', images: `${fashion}/train-images-idx3-ubyte.gz`, labels: `${fashion}/train-labels-idx1-ubyte.gz`, classes: [3, 4], trainPerClass: 7000, valPerClass: 7000 } })
    await expect(prepareInputs(tooMany, null as unknown as RunStore)).rejects.toMatchObject({ issues: [{ path: 'data.classes.0' }] })
  })

  it('refuses n above trainPerClass and a repeated class', () => {
    expect(() => parseRunSpec({ ...small, n: 500 })).toThrow(/n: n = 500/)
    expect(() => parseRunSpec({ ...small, data: { kind: 'idx', images: 'a', labels: 'b', classes: [1, 1] } })).toThrow(/data\.classes\[1\]/)
  })
})
