// Provenance (what made a run): the lab's version and one version per engine that changes whenever
// the engine's numbers for the same resolved spec would change (a new default, a fixed formula, a
// different random stream). Two runs with equal spec, lab and engine version have bit-identical curves.
import pkg from '../../package.json'
import type { EngineName } from './runSpec'

export const LAB_VERSION: string = pkg.version

/**
 * Bump an engine's number with every change of its numbers, and say why here.
 * hmm 2: the ODE's teacher term per mode by default (ode.teacherTerm; runs of hmm 1 used the τ-average).
 * hmm 3, pseudoreal 2: SGD also records sgd/eg_mom, the test set's median-of-means ε_g, and hmm runs with
 *   non-Gaussian latents the test set's Qtest, Rtest beside the Gaussian model's Q, R (other series unchanged).
 * pseudoreal 3: the covariate ODE over 16 bins of the latents' per-image scale by default (ode.scaleBins;
 *   scaleBins: 1 gives pseudoreal 2's ODE), the moments drawn in one pass sorted by scale; the ODE's
 *   student also tested on 10⁴ draws of the data (ode/eg_data, ode.readoutSamples).
 * hmm 4, pseudoreal 4: the ODE's set-up takes Ω's spectrum and the projections of S_k, w̃_m on its eigenvectors
 *   by implicit QL on the m vectors instead of the full eigendecomposition, and Ω from its upper triangle
 *   (half the products): the same ODE, its initial densities differing in the last digits (≤ 1e-12 relative).
 * mnist-fit 2 (and pseudoreal 4): L-BFGS's dot products sum four interleaved partial sums (1.7× faster),
 *   and its first step is 1/‖d‖ (unit length in x, as L-BFGS-B) instead of min(1, 1/‖d‖): the fit's
 *   iterates differ (P = 2000: 57 evaluations for 50 iterations instead of 61; SciPy's L-BFGS-B 56).
 * linear 2: rebuilt (issue 14): gradient descent iterated on a drawn instance beside eq. 1 and the
 *   typical curve; spec N, P, σ's, lr, tMax, points, solve (no tau, tMin); series gd/…, theory/…, typical/….
 */
export const ENGINE_VERSIONS: Record<EngineName, number> = {
  hmm: 4,
  linear: 2,
  'linear-dd': 1,
  'linear-relu': 1,
  kl: 1,
  cumulants: 1,
  'mnist-fit': 2,
  pseudoreal: 4,
  'le-sde': 1,
  'le-phase': 1,
  'le-collapse': 1,
  'le-train': 1,
  nngp: 1,
  'ntk-width': 1,
  'ntk-train': 1,
  scaling: 1
}

export interface Provenance {
  labVersion: string
  engineVersion: number
}

export function provenanceOf(engine: EngineName): Provenance {
  return { labVersion: LAB_VERSION, engineVersion: ENGINE_VERSIONS[engine] }
}

/** The runs' distinct (engine, engine version, lab version) triples, when there is more than one: a comparison across them may compare two codes, not two settings. */
export function provenanceMismatch(runs: { engine: string; engineVersion: number | null; labVersion: string | null }[]): string | null {
  const seen = new Set(runs.map((r) => `${r.engine} v${r.engineVersion ?? '?'} (lab ${r.labVersion ?? 'unknown'})`))
  const engines = new Set(runs.map((r) => r.engine))
  const byEngine = [...engines].some((e) => new Set(runs.filter((r) => r.engine === e).map((r) => `${r.engineVersion}|${r.labVersion}`)).size > 1)
  return byEngine ? `made by different versions: ${[...seen].join(', ')}` : null
}
