// The reader on IDX files written by others: Debian's dataset-fashion-mnist (real .gz files of
// Xiao, Rasul & Vollgraf 2017). Skipped where the package is not installed
// (`apt-get install -y dataset-fashion-mnist`).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMnist } from '@main/mnist/idx'

const dir = '/usr/share/datasets/fashion-mnist'
const present = existsSync(join(dir, 'train-images-idx3-ubyte.gz'))

describe.skipIf(!present)('Fashion-MNIST from dataset-fashion-mnist', () => {
  it('train: 60 000 images of 28 × 28, 6 000 per class; the first is an ankle boot (9)', async () => {
    const d = await readMnist(join(dir, 'train-images-idx3-ubyte.gz'), join(dir, 'train-labels-idx1-ubyte.gz'))
    expect([d.count, d.rows, d.cols]).toEqual([60_000, 28, 28])
    expect(d.pixels.length).toBe(60_000 * 784)
    expect(Array.from({ length: 10 }, (_, k) => d.labels.filter((l) => l === k).length)).toEqual(new Array(10).fill(6000))
    expect(d.labels[0]).toBe(9)
  })

  it('t10k: 10 000 images, 1 000 per class; a prefix keeps only what is asked', async () => {
    const d = await readMnist(join(dir, 't10k-images-idx3-ubyte.gz'), join(dir, 't10k-labels-idx1-ubyte.gz'))
    expect(d.count).toBe(10_000)
    expect(Array.from({ length: 10 }, (_, k) => d.labels.filter((l) => l === k).length)).toEqual(new Array(10).fill(1000))
    const head = await readMnist(join(dir, 't10k-images-idx3-ubyte.gz'), join(dir, 't10k-labels-idx1-ubyte.gz'), { limit: 100 })
    expect(head.count).toBe(100)
    expect(head.total).toBe(10_000)
    expect(Buffer.compare(Buffer.from(head.pixels), Buffer.from(d.pixels.subarray(0, 100 * 784)))).toBe(0)
  })
})
