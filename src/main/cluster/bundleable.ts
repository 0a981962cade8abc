// Which points can run from a bundle: the worker has only the spec, so an engine that reads files
// or the archive before it runs (src/main/inputs.ts) cannot. One entry per engine: an engine added
// to the registry without saying is a type error here, not a bundle that fails on the cluster.
import type { EngineName, RunSpec } from '@shared/runSpec'

type SpecOf<E extends EngineName> = Extract<RunSpec, { engine: E }>

/** null when the point runs from its spec alone, else the field and what it reads */
const READS: { [E in EngineName]: (spec: SpecOf<E>) => { path: string; what: string } | null } = {
  hmm: () => null,
  linear: () => null,
  'linear-dd': () => null,
  'linear-relu': () => null,
  kl: () => null,
  cumulants: () => null,
  'ntk-width': () => null,
  'ntk-train': () => null,
  'mnist-fit': () => ({ path: 'engine', what: "engine 'mnist-fit' reads IDX files" }),
  pseudoreal: () => ({ path: 'pipeline', what: "engine 'pseudoreal' reads its pipeline run from the archive" }),
  nngp: (s) => (s.inputs.kind === 'idx' ? { path: 'inputs.images', what: 'inputs of kind idx are read from an IDX file' } : null),
  scaling: (s) => (s.features.kind === 'nngp' ? { path: 'features.images', what: 'features of kind nngp are read from an IDX file' } : null),
  'le-sde': () => null,
  'le-phase': () => null,
  'le-collapse': () => null,
  'le-train': (s) => (s.data.kind === 'idx' ? { path: 'data.images', what: 'data of kind idx are read from IDX files' } : null)
}

export function readsBeforeRun(spec: RunSpec): { path: string; what: string } | null {
  return (READS[spec.engine] as (s: RunSpec) => { path: string; what: string } | null)(spec)
}
