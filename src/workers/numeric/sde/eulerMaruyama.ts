// Euler–Maruyama for an Itô SDE with diagonal noise, dX = f(t, X) dt + g(t) ∘ dB_t (elementwise):
//   X_{m+1} = X_m + f(t_m, X_m) h + g(t_m) √h ξ_m,   ξ_m ~ N(0, I) independent,
// strong order 1/2, weak order 1 (Kloeden & Platen 1992, §9, §14). One step updates x in place;
// `drift` writes f(t, x) into its `out` argument (length d), `diffusion` gives g(t) as a scalar
// or a length-d vector (0 entries make those coordinates deterministic: plain explicit Euler).
/** anything that fills a buffer with independent N(0, 1) draws (an Rng) */
export interface NormalFiller {
  fillNormal(out: Float64Array): void
}

export type Drift = (t: number, x: Float64Array, out: Float64Array) => void
export type Diffusion = (t: number) => number | Float64Array

export interface EulerMaruyama {
  /** advance x (in place) from t to t + h */
  step(t: number, h: number, x: Float64Array): void
}

/** A stepper for dimension d; scratch buffers are reused across steps. */
export function eulerMaruyama(d: number, drift: Drift, diffusion: Diffusion, rng: NormalFiller): EulerMaruyama {
  const f = new Float64Array(d)
  const xi = new Float64Array(d)
  return {
    step(t, h, x) {
      if (!(h > 0)) throw new RangeError(`eulerMaruyama: step h = ${h} must be positive`)
      drift(t, x, f)
      const g = diffusion(t)
      rng.fillNormal(xi)
      const sq = Math.sqrt(h)
      if (typeof g === 'number') for (let i = 0; i < d; i++) x[i] += f[i] * h + g * sq * xi[i]
      else for (let i = 0; i < d; i++) x[i] += f[i] * h + g[i] * sq * xi[i]
    }
  }
}
