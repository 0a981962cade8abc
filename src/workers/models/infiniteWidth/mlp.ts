// A finite fully connected network in the NTK parameterisation (MATH.md §9), scalar output:
//   h⁰ = (σ_w/√d) W⁰ x + σ_b b⁰,   h^ℓ = (σ_w/√n) W^ℓ φ(h^{ℓ−1}) + σ_b b^ℓ  (ℓ = 1..L),
//   f(x) = h^L (one unit); every W, b entry i.i.d. N(0, 1) (neural-tangents' 'ntk' Dense).
// Hidden widths n; L = depth. Batches are row-major: X n_pts×d, H^ℓ n_pts×n.
// Backprop by hand: δ^L = ∂f/∂h^L = 1, δ^{ℓ−1} = φ'(h^{ℓ−1}) ∘ (σ_w/√n) (δ^ℓ W^ℓ), and
//   ∂f/∂W^ℓ = (σ_w/√n_in) δ^ℓ ⊗ a^{ℓ−1},  ∂f/∂b^ℓ = σ_b δ^ℓ  (a^{−1} = x, n_in = d for ℓ = 0).
// Empirical NTK Θ̂(x, x') = Σ_μ ∂f(x)/∂θ_μ ∂f(x')/∂θ_μ
//   = Σ_{ℓ=0..L} (δ^ℓ(x)·δ^ℓ(x')) (σ_w² a^{ℓ−1}(x)·a^{ℓ−1}(x')/n_in + σ_b²).
import { gemm } from '@numeric/linalg/gemm'
import type { Rng } from '@numeric/random/rng'
import { PHI, type KernelActivation } from './activations'

export interface MlpShape {
  d: number
  width: number
  depth: number
  phi: KernelActivation
  sigmaW2: number
  sigmaB2: number
}

export interface Mlp extends MlpShape {
  /** W[ℓ] is out×in row-major: W[0] width×d, W[1..L−1] width×width, W[L] 1×width */
  W: Float64Array[]
  /** b[ℓ] has out entries */
  b: Float64Array[]
}

export const layerIn = (s: MlpShape, l: number) => (l === 0 ? s.d : s.width)
export const layerOut = (s: MlpShape, l: number) => (l === s.depth ? 1 : s.width)

/** A network with every parameter drawn N(0, 1) from rng. */
export function initMlp(shape: MlpShape, rng: Rng): Mlp {
  if (shape.depth < 1) throw new RangeError('initMlp: depth must be ≥ 1')
  const W: Float64Array[] = []
  const b: Float64Array[] = []
  for (let l = 0; l <= shape.depth; l++) {
    const w = new Float64Array(layerOut(shape, l) * layerIn(shape, l))
    rng.fillNormal(w)
    const bb = new Float64Array(layerOut(shape, l))
    rng.fillNormal(bb)
    W.push(w)
    b.push(bb)
  }
  return { ...shape, W, b }
}

export function cloneMlp(net: Mlp): Mlp {
  return { ...net, W: net.W.map((w) => Float64Array.from(w)), b: net.b.map((v) => Float64Array.from(v)) }
}

export interface Forward {
  m: number
  /** pre-activations h^ℓ, ℓ = 0..L−1 (m×width each) */
  H: Float64Array[]
  /** post-activations a^ℓ = φ(h^ℓ), ℓ = 0..L−1 */
  A: Float64Array[]
  /** outputs f(x), m entries */
  f: Float64Array
}

/** Forward pass on m inputs X (m×d). */
export function forward(net: Mlp, X: Float64Array, m: number): Forward {
  const { phi } = PHI[net.phi]
  const sW = Math.sqrt(net.sigmaW2)
  const sB = Math.sqrt(net.sigmaB2)
  const H: Float64Array[] = []
  const A: Float64Array[] = []
  let input = X
  let f = new Float64Array(m)
  for (let l = 0; l <= net.depth; l++) {
    const nin = layerIn(net, l)
    const nout = layerOut(net, l)
    const h = new Float64Array(m * nout)
    gemm(m, nout, nin, input, net.W[l], h, { transB: true, alpha: sW / Math.sqrt(nin) })
    const b = net.b[l]
    for (let i = 0; i < m; i++) for (let j = 0; j < nout; j++) h[i * nout + j] += sB * b[j]
    if (l === net.depth) f = h
    else {
      H.push(h)
      const a = new Float64Array(h.length)
      for (let k = 0; k < h.length; k++) a[k] = phi(h[k])
      A.push(a)
      input = a
    }
  }
  return { m, H, A, f }
}

/**
 * Back-propagate per-input output weights g (m entries): returns Δ^ℓ = g_α ∂f(x_α)/∂h^ℓ for
 * ℓ = 0..L (Δ^L is g itself, m×1).
 */
export function backward(net: Mlp, fw: Forward, g: Float64Array): Float64Array[] {
  const { dphi } = PHI[net.phi]
  const sW = Math.sqrt(net.sigmaW2)
  const m = fw.m
  const deltas: Float64Array[] = new Array(net.depth + 1)
  deltas[net.depth] = Float64Array.from(g)
  for (let l = net.depth; l >= 1; l--) {
    const nout = layerOut(net, l)
    const nin = layerIn(net, l)
    const prev = new Float64Array(m * nin)
    gemm(m, nin, nout, deltas[l], net.W[l], prev, { alpha: sW / Math.sqrt(nin) })
    const h = fw.H[l - 1]
    for (let k = 0; k < prev.length; k++) prev[k] *= dphi(h[k])
    deltas[l - 1] = prev
  }
  return deltas
}

/** Empirical NTK Θ̂ (m×m) of one network on X (m×d). */
export function empiricalNtk(net: Mlp, X: Float64Array, m: number, fw: Forward = forward(net, X, m)): Float64Array {
  const deltas = backward(net, fw, new Float64Array(m).fill(1))
  const Theta = new Float64Array(m * m)
  const dd = new Float64Array(m * m)
  const aa = new Float64Array(m * m)
  for (let l = 0; l <= net.depth; l++) {
    const nin = layerIn(net, l)
    const nout = layerOut(net, l)
    const a = l === 0 ? X : fw.A[l - 1]
    gemm(m, m, nout, deltas[l], deltas[l], dd, { transB: true })
    gemm(m, m, nin, a, a, aa, { transB: true, alpha: net.sigmaW2 / nin })
    for (let k = 0; k < m * m; k++) Theta[k] += dd[k] * (aa[k] + net.sigmaB2)
  }
  return Theta
}

/**
 * The NNGP of one network averaged over its readout layer only:
 * E_{W^L, b^L}[f(x) f(x')] = σ_b² + σ_w² a^{L−1}(x)·a^{L−1}(x')/n (the average over random
 * networks is the mean of this over independent draws of the hidden layers).
 */
export function readoutNngp(net: Mlp, fw: Forward): Float64Array {
  const m = fw.m
  const a = fw.A[net.depth - 1]
  const K = new Float64Array(m * m)
  gemm(m, m, net.width, a, a, K, { transB: true, alpha: net.sigmaW2 / net.width })
  for (let k = 0; k < m * m; k++) K[k] += net.sigmaB2
  return K
}

/**
 * Gradient of Σ_α g_α f(x_α) with respect to every parameter, in the layout of net.W / net.b
 * (for the loss ½ Σ (f − y)², g = f − y).
 */
export function gradient(net: Mlp, X: Float64Array, fw: Forward, g: Float64Array): { W: Float64Array[]; b: Float64Array[] } {
  const deltas = backward(net, fw, g)
  const sW = Math.sqrt(net.sigmaW2)
  const sB = Math.sqrt(net.sigmaB2)
  const m = fw.m
  const W: Float64Array[] = []
  const b: Float64Array[] = []
  for (let l = 0; l <= net.depth; l++) {
    const nin = layerIn(net, l)
    const nout = layerOut(net, l)
    const a = l === 0 ? X : fw.A[l - 1]
    const gw = new Float64Array(nout * nin)
    gemm(nout, nin, m, deltas[l], a, gw, { transA: true, alpha: sW / Math.sqrt(nin) })
    const gb = new Float64Array(nout)
    const dl = deltas[l]
    for (let i = 0; i < m; i++) for (let j = 0; j < nout; j++) gb[j] += sB * dl[i * nout + j]
    W.push(gw)
    b.push(gb)
  }
  return { W, b }
}

/** θ ← θ − η ∇ (in place). */
export function sgdStep(net: Mlp, grad: { W: Float64Array[]; b: Float64Array[] }, lr: number): void {
  for (let l = 0; l <= net.depth; l++) {
    const w = net.W[l]
    const gw = grad.W[l]
    for (let k = 0; k < w.length; k++) w[k] -= lr * gw[k]
    const b = net.b[l]
    const gb = grad.b[l]
    for (let k = 0; k < b.length; k++) b[k] -= lr * gb[k]
  }
}
