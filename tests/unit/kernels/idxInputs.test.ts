// Images as kernel inputs: the main process reads an IDX file (src/main/kernelInputs.ts), the
// engines pool, centre and normalise (‖x‖² = d), so K⁰(x, x) = σ_w² + σ_b² for every image;
// bad files and too few images are refused by field.
import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeIdx } from '@main/mnist/idx'
import { nngpInputs, scalingInputs } from '@main/kernelInputs'
import { pooledImages } from '@models/infiniteWidth/images'
import { nngpEngine } from '@engines/nngp/engine'
import { NngpRunSpec } from '@shared/specs/nngp'
import { ScalingRunSpec } from '@shared/specs/scaling'
import { ValidationError } from '@shared/errors'

const dir = mkdtempSync(join(tmpdir(), 'kernels-idx-'))
const count = 12
const pixels = new Uint8Array(count * 28 * 28)
for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 5) * 11) % 256
const file = join(dir, 'images-idx3-ubyte.gz')

describe('pooledImages', () => {
  it('averages k×k blocks, centres, and scales to ‖x‖² = d', () => {
    const img = new Uint8Array(4 * 4)
    img.set([0, 0, 8, 8, 0, 0, 8, 8, 4, 4, 4, 4, 4, 4, 4, 4])
    const { X, d } = pooledImages(img, 1, 4, 4, 2)
    expect(d).toBe(4)
    // block means 0, 8, 4, 4 → centred −4, 4, 0, 0 → scaled to norm² 4: −√2, √2, 0, 0
    expect(Array.from(X)).toEqual([-Math.SQRT2, Math.SQRT2, 0, 0].map((v) => expect.closeTo(v, 12)))
  })
})

describe('IDX inputs of the nngp engine', () => {
  it('reads the images, and every K⁰(x, x) is σ_w² + σ_b² after normalisation', async () => {
    await writeIdx(file, [count, 28, 28], pixels, { gzip: true })
    const spec = NngpRunSpec.parse({ engine: 'nngp', phi: 'erf', depth: 0, sigmaW2: 1.5, sigmaB2: 0.25, inputs: { kind: 'idx', images: file, n: 5, offset: 3, pool: 7 } })
    const inputs = await nngpInputs(spec)
    const recs = [...nngpEngine(spec, inputs)]
    const K = recs.find((r) => r.type === 'artifact' && r.name === 'nngp')!
    const X = recs.find((r) => r.type === 'artifact' && r.name === 'inputs')!
    if (K.type !== 'artifact' || X.type !== 'artifact') throw new Error('no artifacts')
    expect(X.shape).toEqual([5, 16])
    for (let i = 0; i < 5; i++) expect(K.data[i * 5 + i]).toBeCloseTo(1.75, 12)
    // the offset is honoured: image 3 of the file is the first input
    const first = pooledImages(pixels.subarray(3 * 784, 4 * 784), 1, 28, 28, 7).X
    expect(Array.from(X.data.subarray(0, 16))).toEqual(Array.from(first))
  })
  it('refuses more images than the file holds, naming inputs.images', async () => {
    await writeIdx(file, [count, 28, 28], pixels, { gzip: true })
    const spec = NngpRunSpec.parse({ engine: 'nngp', inputs: { kind: 'idx', images: file, n: 10, offset: 5 } })
    await expect(nngpInputs(spec)).rejects.toThrow(ValidationError)
    await expect(nngpInputs(spec)).rejects.toThrow(/inputs\.images/)
  })
  it('refuses a missing file, naming features.images for the scaling engine', async () => {
    const spec = ScalingRunSpec.parse({
      engine: 'scaling',
      features: { kind: 'nngp', images: join(dir, 'missing.gz'), n: 100 },
      resolution: { D: [8, 16, 32], P: [8, 16, 32] },
      variance: { fixedD: 4, P: [16, 32, 64], fixedP: 4, D: [16, 32, 64] },
      spectrumFit: { from: 2, to: 12 }
    })
    await expect(scalingInputs(spec)).rejects.toThrow(ValidationError)
    await expect(scalingInputs(spec)).rejects.toThrow(/features\.images: .*ENOENT/)
  })
})
