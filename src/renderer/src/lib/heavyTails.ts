// Latents without a finite variance (Lorentz; Pareto with shape ≤ 2): the labels y = Σ ṽ g̃(ν) stay
// bounded for bounded g̃, but ν = w̃·c/√D has no variance, the test-set mean of ½(ŷ − y)² converges
// slowly and its standard error is as large as itself on some seeds (measured 13.4 ± 13.0). Δv, a
// difference of weights, is the robust measure of departure there.

/** A sentence for runs whose latent has no finite variance, else null. */
export function heavyTailNote(spec: Record<string, unknown>): string | null {
  const latent = spec.latent as { kind?: string; shape?: number } | undefined
  if (!latent) return null
  if (latent.kind === 'lorentz')
    return 'Lorentz (Cauchy) latents have no mean or variance: standardising cannot rescue them, and the test-set ε_g has a standard error as large as itself: read the median-of-means ε_g (sgd/eg_mom) and compare with Δv.'
  if (latent.kind === 'pareto' && latent.shape !== undefined && latent.shape <= 2)
    return `Pareto latents with shape ${latent.shape} ≤ 2 have no finite variance: the test-set mean ε_g is unreliable: read the median-of-means ε_g and compare with Δv.`
  return null
}
