// IDX reader: valid files (plain, gzip, tiny read chunks, a prefix) and each kind of corruption,
// refused with the right reason and byte offset. All files are written here, in a temp dir.
import { mkdtempSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { IdxError, encodeIdx, readIdxFile, readMnist, writeIdx } from '@main/mnist/idx'

const dir = mkdtempSync(join(tmpdir(), 'idx-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** deterministic content: pixel (i, j) = (7i + 13j) mod 256, label i = (3i) mod 10 */
function images(count: number, rows = 28, cols = 28): Uint8Array {
  const px = new Uint8Array(count * rows * cols)
  for (let i = 0; i < count; i++) for (let j = 0; j < rows * cols; j++) px[i * rows * cols + j] = (7 * i + 13 * j) & 255
  return px
}
const labelsOf = (count: number) => Uint8Array.from({ length: count }, (_, i) => (3 * i) % 10)
const file = (name: string, bytes: Uint8Array) => {
  const p = join(dir, name)
  writeFileSync(p, bytes)
  return p
}

async function refusal(p: Promise<unknown>): Promise<IdxError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(IdxError)
    return e as IdxError
  }
  throw new Error('expected the file to be refused')
}

describe('encodeIdx', () => {
  it('writes the header of LeCun’s format: 00 00 08 ndims, big-endian sizes', () => {
    const b = encodeIdx([2, 3, 4], new Uint8Array(24).fill(5))
    expect(Array.from(b.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4])
    expect(b.length).toBe(16 + 24)
    // 60000 = 0x0000EA60: the count field of MNIST's train-labels-idx1-ubyte
    expect(Array.from(encodeIdx([60000], new Uint8Array(60000)).subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0xea, 0x60])
  })
})

describe('readMnist on valid files', () => {
  const count = 300
  const px = images(count)
  const lb = labelsOf(count)

  it('reads plain files exactly', async () => {
    const ip = join(dir, 'ok-images-idx3-ubyte')
    const lp = join(dir, 'ok-labels-idx1-ubyte')
    await writeIdx(ip, [count, 28, 28], px)
    await writeIdx(lp, [count], lb)
    expect(statSync(ip).size).toBe(16 + count * 784)
    const d = await readMnist(ip, lp)
    expect(d.count).toBe(count)
    expect(d.total).toBe(count)
    expect([d.rows, d.cols]).toEqual([28, 28])
    expect(Buffer.compare(Buffer.from(d.pixels), Buffer.from(px))).toBe(0)
    expect(Array.from(d.labels)).toEqual(Array.from(lb))
  })

  it('reads gzip files (detected from the content), and tiny read chunks that split the header', async () => {
    const ip = join(dir, 'ok-images-idx3-ubyte.gz')
    const lp = join(dir, 'ok-labels-idx1-ubyte.gz')
    await writeIdx(ip, [count, 28, 28], px)
    await writeIdx(lp, [count], lb)
    expect(readFileSync(ip)[0]).toBe(0x1f)
    const d = await readMnist(ip, lp)
    expect(Buffer.compare(Buffer.from(d.pixels), Buffer.from(px))).toBe(0)
    expect(Array.from(d.labels)).toEqual(Array.from(lb))
    // plain file with 5-byte chunks: every header field crosses a chunk border
    const few = px.subarray(0, 6 * 784)
    const plain = file('ok-chunks-idx3-ubyte', encodeIdx([6, 28, 28], few))
    const c = await readIdxFile(plain, { ndims: 3, chunkSize: 5 })
    expect(c.dims).toEqual([6, 28, 28])
    expect(Buffer.compare(Buffer.from(c.data), Buffer.from(few))).toBe(0)
  })

  it('keeps only a prefix when asked, but still validates the whole file', async () => {
    const ip = file('pre-images', encodeIdx([count, 28, 28], px))
    const lp = file('pre-labels', encodeIdx([count], lb))
    const d = await readMnist(ip, lp, { limit: 17 })
    expect(d.count).toBe(17)
    expect(d.total).toBe(count)
    expect(d.pixels.length).toBe(17 * 784)
    expect(Buffer.compare(Buffer.from(d.pixels), Buffer.from(px.subarray(0, 17 * 784)))).toBe(0)
    expect(Array.from(d.labels)).toEqual(Array.from(lb.subarray(0, 17)))
    // a bad label beyond the prefix is still found
    const bad = lb.slice()
    bad[250] = 10
    const lp2 = file('pre-labels-bad', encodeIdx([count], bad))
    const e = await refusal(readMnist(ip, lp2, { limit: 17 }))
    expect(e.reason).toBe('label-out-of-range')
    expect(e.offset).toBe(8 + 250)
  })

  it('reads other image sizes when asked (rows/cols null = any)', async () => {
    const ip = file('small-images', encodeIdx([5, 3, 4], images(5, 3, 4)))
    const lp = file('small-labels', encodeIdx([5], labelsOf(5)))
    const d = await readMnist(ip, lp, { rows: null, cols: null })
    expect([d.count, d.rows, d.cols]).toEqual([5, 3, 4])
    const e = await refusal(readMnist(ip, lp))
    expect(e.reason).toBe('bad-dimensions')
    expect(e.offset).toBe(8)
  })
})

describe('readMnist refuses corrupt files with reason and offset', () => {
  const count = 40
  const goodImages = encodeIdx([count, 28, 28], images(count))
  const goodLabels = encodeIdx([count], labelsOf(count))
  const lp = file('c-labels', goodLabels)
  const ip = file('c-images', goodImages)

  const cases: { name: string; images?: Uint8Array; labels?: Uint8Array; reason: string; offset: number; badFile: 'images' | 'labels' }[] = []
  {
    const b = goodImages.slice()
    b[0] = 0x01
    cases.push({ name: 'bad magic (first byte)', images: b, reason: 'bad-magic', offset: 0, badFile: 'images' })
  }
  {
    const b = goodImages.slice()
    b[3] = 1 // says 1 dimension: a label file given as images
    cases.push({ name: 'bad magic (dimension count)', images: b, reason: 'bad-magic', offset: 3, badFile: 'images' })
  }
  {
    const b = goodImages.slice()
    b[2] = 0x0d // float data
    cases.push({ name: 'unsupported data type', images: b, reason: 'unsupported-type', offset: 2, badFile: 'images' })
  }
  {
    const b = goodImages.slice()
    b[15] = 27 // cols = 27
    cases.push({ name: 'wrong dims (cols)', images: b, reason: 'bad-dimensions', offset: 12, badFile: 'images' })
  }
  {
    const b = goodImages.slice()
    b[11] = 0 // rows = 0
    cases.push({ name: 'zero dimension', images: b, reason: 'bad-dimensions', offset: 8, badFile: 'images' })
  }
  cases.push({ name: 'truncated images', images: goodImages.subarray(0, goodImages.length - 100), reason: 'truncated', offset: goodImages.length - 100, badFile: 'images' })
  cases.push({ name: 'truncated inside the header', images: goodImages.subarray(0, 10), reason: 'truncated', offset: 10, badFile: 'images' })
  cases.push({ name: 'truncated labels', labels: goodLabels.subarray(0, goodLabels.length - 1), reason: 'truncated', offset: goodLabels.length - 1, badFile: 'labels' })
  {
    const b = new Uint8Array(goodImages.length + 3)
    b.set(goodImages)
    cases.push({ name: 'trailing bytes', images: b, reason: 'trailing-bytes', offset: goodImages.length, badFile: 'images' })
  }
  cases.push({ name: 'count mismatch', labels: encodeIdx([count - 1], labelsOf(count - 1)), reason: 'count-mismatch', offset: 4, badFile: 'images' })
  {
    const b = goodLabels.slice()
    b[8 + 33] = 12
    cases.push({ name: 'label out of range', labels: b, reason: 'label-out-of-range', offset: 8 + 33, badFile: 'labels' })
  }

  for (const c of cases) {
    it(c.name, async () => {
      const i = c.images ? file(`bad-${c.name}-i`, c.images) : ip
      const l = c.labels ? file(`bad-${c.name}-l`, c.labels) : lp
      const e = await refusal(readMnist(i, l))
      expect(e.reason).toBe(c.reason)
      expect(e.offset).toBe(c.offset)
      expect(e.file).toBe(c.badFile === 'images' ? i : l)
      expect(e.message).toContain(`at byte ${c.offset}`)
    })
  }

  it('the same faults inside a gzip stream give the same offsets', async () => {
    const b = goodImages.slice()
    b[15] = 27
    const e = await refusal(readMnist(file('gz-dims.gz', gzipSync(b)), lp))
    expect([e.reason, e.offset]).toEqual(['bad-dimensions', 12])
    const t = await refusal(readMnist(file('gz-trunc.gz', gzipSync(goodImages.subarray(0, 5000))), lp))
    expect([t.reason, t.offset]).toEqual(['truncated', 5000])
  })

  it('bad gzip: corrupt deflate data, truncated stream, wrong checksum', async () => {
    const gz = gzipSync(goodImages)
    const corrupt = gz.slice()
    for (let k = 20; k < 40; k++) corrupt[k] = 0xff
    const e1 = await refusal(readMnist(file('bad1.gz', corrupt), lp))
    expect(e1.reason).toBe('bad-gzip')
    expect(e1.offset).toBeGreaterThan(0)
    expect(e1.offset).toBeLessThanOrEqual(corrupt.length)

    const truncated = gz.subarray(0, gz.length - 30)
    const e2 = await refusal(readMnist(file('bad2.gz', truncated), lp))
    expect(e2.reason).toBe('bad-gzip')
    expect(e2.offset).toBe(truncated.length)

    const crc = gz.slice()
    crc[crc.length - 6] ^= 0xff // CRC-32 field of the gzip trailer
    const e3 = await refusal(readMnist(file('bad3.gz', crc), lp))
    expect(e3.reason).toBe('bad-gzip')
  })

  it('a missing file is an io error', async () => {
    const e = await refusal(readMnist(join(dir, 'nope'), lp))
    expect(e.reason).toBe('io')
  })
})
