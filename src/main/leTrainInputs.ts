// Inputs of `le-train` runs on IDX files (src/main/inputs.ts dispatches here): the images and
// labels read before the run is stored; a bad file is refused naming the field, nothing written.
import type { LeTrainRunSpec } from '@shared/specs/le-train'
import { ValidationError } from '@shared/validate'
import type { EngineInputs } from '@workers/records'
import { IdxError, readMnist } from '@main/mnist/idx'

export async function leTrainInputs(spec: LeTrainRunSpec): Promise<EngineInputs> {
  if (spec.data.kind !== 'idx') return {}
  const { images, labels, classes, trainPerClass, valPerClass } = spec.data
  let data
  try {
    data = await readMnist(images, labels, { rows: null, cols: null })
  } catch (e) {
    if (e instanceof IdxError) {
      const field = e.file === labels && e.file !== images ? 'data.labels' : 'data.images'
      throw new ValidationError([{ path: field, message: `${e.file}: ${e.reason} at byte ${e.offset}: ${e.message}` }], 'IDX files')
    }
    throw e
  }
  const counts = new Map<number, number>()
  for (const l of data.labels) counts.set(l, (counts.get(l) ?? 0) + 1)
  classes.forEach((c, i) => {
    const have = counts.get(c) ?? 0
    if (have < trainPerClass + valPerClass)
      throw new ValidationError([{ path: `data.classes.${i}`, message: `class ${c} has ${have} images in ${labels}, trainPerClass + valPerClass = ${trainPerClass + valPerClass} needed` }], 'run spec')
  })
  return { pixels: data.pixels, labels: data.labels, rows: data.rows, cols: data.cols }
}
