// What an engine yields. Engines are pure generators: (spec) → stream of records; the worker
// forwards them over a MessagePort and the main process stores them as they arrive.

/** Values of named series at one time t, e.g. { 'sgd/eg': 0.31, 'sgd/Q[0,1]': 0.02 }. */
export interface PointRecord {
  type: 'point'
  t: number
  values: Record<string, number>
}

/** Fraction of the work done, in [0, 1]. */
export interface ProgressRecord {
  type: 'progress'
  fraction: number
  t?: number
  /** a short phase label, e.g. 'sgd', 'ode', 'test set' */
  phase?: string
}

/** A named matrix or vector kept with the run (F, teacher weights, initial state, …). */
export interface ArtifactRecord {
  type: 'artifact'
  name: string
  /** row-major shape, e.g. [D, N] */
  shape: number[]
  data: Float64Array
}

/** Scalars or small JSON describing the finished run (merged into the run's summary). */
export interface SummaryRecord {
  type: 'summary'
  values: Record<string, unknown>
}

export type EngineRecord = PointRecord | ProgressRecord | ArtifactRecord | SummaryRecord

/**
 * Data an engine needs beyond its spec, read by the main process before the run starts (the
 * pixels of an IDX file, the fitted matrices of an earlier run), so engines never do I/O.
 */
export type EngineInputs = Record<string, Float64Array | Uint8Array | number | string>

/** An engine: a pure function of its spec (and inputs); all randomness comes from spec.seed. */
export type Engine<Spec> = (spec: Spec, inputs?: EngineInputs) => Generator<EngineRecord, void, void>

/** log-spaced record times: t = 0, then `points` values from tMin to tMax (MATH.md §1). */
export function recordTimes(tMin: number, tMax: number, points: number): number[] {
  const times = [0]
  const a = Math.log(tMin)
  const b = Math.log(tMax)
  for (let i = 0; i < points; i++) times.push(Math.exp(a + ((b - a) * i) / (points - 1)))
  return times
}
