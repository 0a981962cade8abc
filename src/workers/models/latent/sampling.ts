// What the universality studies need from a latent distribution. hmm/latent.ts's
// makeLatent(spec, D, rng) returns one; tests use small local ones.

/** Draws i.i.d. latent vectors: fills out[0 .. B·D) with B rows of D (row-major). */
export interface LatentSampler {
  sample(out: Float64Array, B: number): void
}

/** Builds the sampler of a latent spec in D dimensions from a random stream. */
export type LatentFactory<Spec, R> = (spec: Spec, D: number, rng: R) => LatentSampler
