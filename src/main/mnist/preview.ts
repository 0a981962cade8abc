// Digits for the MNIST view (the paper's Fig. 9): originals next to their reconstructions
// f(c_p F/√D), and KDE samples shown through the same map. Computed in the main process from a
// completed mnist-fit run (artifacts C, F, images, labels and the IDX files named in its spec).
import type { MnistPreview } from '@shared/api'
import { ValidationError } from '@shared/validate'
import { inputMaps } from '@models/twoLayer/activations'
import { LatentKde } from '@engines/pseudoreal/kde'
import { gemm } from '@numeric/linalg/gemm'
import { Rng } from '@numeric/random/rng'
import type { InputMap } from '@shared/spec'
import type { RunStore } from '@main/store/runStore'
import { readMnist } from './idx'

/** [−1, 1] → byte 0..255 (the inverse of the fit's pixel map p ↦ 2p/255 − 1), clamped */
function toBytes(x: Float64Array): Uint8Array {
  return Uint8Array.from(x, (v) => Math.max(0, Math.min(255, Math.round(((v + 1) * 255) / 2))))
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

export async function mnistPreview(store: RunStore, arg: { id: string; count: number; seed: number }): Promise<MnistPreview> {
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
  const fn = inputMaps[f]
  const count = Math.min(arg.count, P)
  const side = Math.round(Math.sqrt(N))
  const project = (c: Float64Array, n: number) => {
    const u = new Float64Array(n * N)
    gemm(n, N, D, c, F.data, u, { alpha: 1 / Math.sqrt(D) })
    for (let i = 0; i < u.length; i++) u[i] = fn(u[i])
    return toBytes(u)
  }
  // reconstructions of the first `count` fitted images
  const recon = project(C.data.subarray(0, count * D), count)
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
  // KDE samples through the same map
  const h = (run.summary as { bandwidth?: number }).bandwidth
  const kde = new LatentKde(C.data, P, D, { bandwidth: typeof h === 'number' && h > 0 ? h : 'scott', labels })
  const c = new Float64Array(count * D)
  const sampleLabels = new Float64Array(count)
  kde.sample(c, count, Rng.stream(arg.seed, 'preview'), sampleLabels)
  return {
    count,
    rows: side * side === N ? side : 1,
    cols: side * side === N ? side : N,
    labels: Array.from(labels.subarray(0, count)),
    originals,
    originalsError,
    reconstructions: b64(recon),
    samples: b64(project(c, count)),
    sampleLabels: Array.from(sampleLabels)
  }
}
