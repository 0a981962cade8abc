// Inputs of the pseudo-real run kinds (src/main/inputs.ts dispatches here), read before the run
// is stored: a bad IDX file or an unusable pipeline run is refused with a ValidationError that
// names the field (and, for files, the file, the reason and the byte offset); nothing is written.
import { TEACHER_INPUT, type MnistFitRunSpec, type PseudoRealRunSpec } from '@shared/pseudorealSpec'
import { ValidationError } from '@shared/validate'
import { summaryOf } from '@shared/outputs/index'
import type { MnistFitArtifact } from '@shared/outputs/mnist-fit'
import type { EngineInputs } from '@workers/records'
import { NotFoundError, type RunStore } from '@main/store/runStore'
import { IdxError, readMnist } from './idx'

export async function mnistFitInputs(spec: MnistFitRunSpec): Promise<EngineInputs> {
  let data
  try {
    data = await readMnist(spec.images, spec.labels, { limit: spec.limit, rows: null, cols: null })
  } catch (e) {
    if (e instanceof IdxError) {
      const field = e.file === spec.labels && e.file !== spec.images ? 'labels' : 'images'
      throw Object.assign(new ValidationError([{ path: field, message: `${e.file}: ${e.reason} at byte ${e.offset}: ${e.message}` }], 'MNIST files'), {
        file: e.file,
        reason: e.reason,
        offset: e.offset
      })
    }
    throw e
  }
  if (spec.P > data.count)
    throw new ValidationError([{ path: 'P', message: `P = ${spec.P} images asked, the files hold ${data.count}${spec.limit !== undefined ? ` (limit ${spec.limit})` : ''}` }], 'run spec')
  return { pixels: data.pixels, labels: data.labels, total: data.total, rows: data.rows, cols: data.cols }
}

const ARTIFACTS = { C: 'C', F: 'F', teacherW: 'teacher/w', teacherV: 'teacher/v', labels: 'labels' } as const satisfies Record<string, MnistFitArtifact>

export function pseudoRealInputs(spec: PseudoRealRunSpec, store: RunStore): EngineInputs {
  const bad = (message: string, path = 'pipeline') => new ValidationError([{ path, message }], 'run spec')
  let run
  try {
    run = store.getRun(spec.pipeline)
  } catch (e) {
    if (e instanceof NotFoundError) throw bad(e.message)
    throw e
  }
  if (run.engine !== 'mnist-fit') throw bad(`run ${run.id} is a '${run.engine}' run, not an mnist-fit run`)
  if (run.status !== 'completed') throw bad(`run ${run.id} is ${run.status}, not completed`)
  const s = summaryOf('mnist-fit', run.summary)
  if (s.teacherInput !== TEACHER_INPUT)
    throw bad(`run ${run.id} fitted its teacher on uncentred latents (made before teachers read c − m); fit the pipeline again`)
  const num = (k: 'P' | 'D' | 'N' | 'bandwidth' | 'mu1' | 'mu2') => {
    const v = s[k]
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`run ${run.id} has no summary value '${k}'`)
    return v
  }
  const out: EngineInputs = {}
  for (const [key, name] of Object.entries(ARTIFACTS)) {
    try {
      out[key] = store.getArtifact(run.id, name).data
    } catch (e) {
      if (e instanceof NotFoundError) throw bad(e.message)
      throw e
    }
  }
  const teacherSpec = (run.spec as { teacher?: { g?: unknown } }).teacher
  const teacherG = typeof teacherSpec?.g === 'string' ? teacherSpec.g : 'erf'
  if (spec.solve.includes('ode') && teacherG !== spec.model.g)
    throw bad(`the ODE needs the student's g to equal the pipeline teacher's g = '${teacherG}'`, 'model.g')
  const P = num('P')
  const D = num('D')
  const N = num('N')
  const M = (out.teacherV as Float64Array).length
  return { ...out, P, D, N, M, teacherG, f: String(s.f ?? 'tanh'), bandwidth: num('bandwidth'), mu1: num('mu1'), mu2: num('mu2') }
}
