// Digits for the MNIST view (the paper's Fig. 9): originals next to their reconstructions
// f(c_p F/√D), and KDE samples shown through the same map, from a completed mnist-fit run
// (artifacts C, F, images, labels and the IDX files named in its spec). The archive is read
// here; the numerics run on the worker pool (src/workers/mnistPreview.ts).
import type { MnistPreview } from '@shared/api'
import { ValidationError } from '@shared/validate'
import type { InputMap } from '@shared/spec'
import type { PreviewInput, PreviewOutput } from '@workers/mnistPreview'
import type { RunStore } from '@main/store/runStore'
import { readMnist } from './idx'

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

/** Runs the pool's 'preview' task. */
export type PreviewPool = (input: PreviewInput) => Promise<PreviewOutput>

export async function mnistPreview(store: RunStore, pool: PreviewPool, arg: { id: string; count: number; seed: number }): Promise<MnistPreview> {
  const run = store.getRun(arg.id)
  if (run.engine !== 'mnist-fit') throw new ValidationError([{ path: 'id', message: `run ${run.id} is a '${run.engine}' run, not an mnist-fit run` }], 'request')
  if (run.status !== 'completed') throw new ValidationError([{ path: 'id', message: `run ${run.id} is ${run.status}, not completed` }], 'request')
  const C = store.getArtifact(run.id, 'C')
  const F = store.getArtifact(run.id, 'F')
  const labels = store.getArtifact(run.id, 'labels').data
  const index = store.getArtifact(run.id, 'images').data
  const [P, D] = C.shape
  const N = F.shape[1]
  const f = ((run.summary as { f?: string }).f ?? 'tanh') as InputMap
  const count = Math.min(arg.count, P)
  const side = Math.round(Math.sqrt(N))
  const h = (run.summary as { bandwidth?: number }).bandwidth
  const digits = pool({ C: C.data, P, D, F: F.data, N, labels, f, bandwidth: typeof h === 'number' ? h : undefined, count, seed: arg.seed })
  // their originals, read again from the files (null if the files moved)
  let originals: string | null = null
  let originalsError: string | null = null
  try {
    const spec = run.spec as { images: string; labels: string }
    let maxIndex = 0
    for (let p = 0; p < count; p++) maxIndex = Math.max(maxIndex, index[p])
    const data = await readMnist(spec.images, spec.labels, { limit: maxIndex + 1, rows: null, cols: null })
    const out = new Uint8Array(count * N)
    for (let p = 0; p < count; p++) out.set(data.pixels.subarray(index[p] * N, (index[p] + 1) * N), p * N)
    originals = b64(out)
  } catch (e) {
    originalsError = (e as Error).message
  }
  const { reconstructions, samples, sampleLabels } = await digits
  return {
    count,
    rows: side * side === N ? side : 1,
    cols: side * side === N ? side : N,
    labels: Array.from(labels.subarray(0, count)),
    originals,
    originalsError,
    reconstructions: b64(reconstructions),
    samples: b64(samples),
    sampleLabels: Array.from(sampleLabels)
  }
}
