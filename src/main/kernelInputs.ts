// Inputs of the kernel engines (src/main/inputs.ts dispatches here): the pixels of an IDX image
// file for 'nngp' with inputs.kind = 'idx' and for 'scaling' with features.kind = 'nngp'. Read
// before the run is stored; a bad file or too few images is refused with a ValidationError naming
// the field, and nothing is written.
import type { NngpRunSpec } from '@shared/specs/nngp'
import type { ScalingRunSpec } from '@shared/specs/scaling'
import { ValidationError } from '@shared/validate'
import type { EngineInputs } from '@workers/records'
import { IdxError, readIdxFile } from './mnist/idx'

async function readImages(path: string, offset: number, n: number, field: string): Promise<EngineInputs> {
  let idx
  try {
    idx = await readIdxFile(path, { ndims: 3, limit: offset + n })
  } catch (e) {
    if (e instanceof IdxError)
      throw new ValidationError([{ path: field, message: `${e.file}: ${e.reason} at byte ${e.offset}: ${e.message}` }], 'image file')
    throw e
  }
  if (idx.stored < offset + n)
    throw new ValidationError([{ path: field, message: `${path} holds ${idx.dims[0]} images; offset ${offset} + n ${n} asked` }], 'run spec')
  const [, rows, cols] = idx.dims
  return { pixels: idx.data, rows, cols, total: idx.dims[0] }
}

export async function nngpInputs(spec: NngpRunSpec): Promise<EngineInputs> {
  if (spec.inputs.kind !== 'idx') return {}
  const inp = spec.inputs
  const out = await readImages(inp.images, inp.offset, inp.n, 'inputs.images')
  if (Number(out.rows) % inp.pool !== 0 || Number(out.cols) % inp.pool !== 0)
    throw new ValidationError([{ path: 'inputs.pool', message: `pool ${inp.pool} does not divide the ${out.rows}×${out.cols} images` }], 'run spec')
  return out
}

export async function scalingInputs(spec: ScalingRunSpec): Promise<EngineInputs> {
  if (spec.features.kind !== 'nngp') return {}
  const f = spec.features
  const out = await readImages(f.images, f.offset, f.n, 'features.images')
  if (Number(out.rows) % f.pool !== 0 || Number(out.cols) % f.pool !== 0)
    throw new ValidationError([{ path: 'features.pool', message: `pool ${f.pool} does not divide the ${out.rows}×${out.cols} images` }], 'run spec')
  return out
}
