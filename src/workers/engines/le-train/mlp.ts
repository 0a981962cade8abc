// A fully connected ReLU network x → W₁ → ReLU → … → W_L → logits, trained by SGD with batch
// size 1 on the softmax cross-entropy ℓ = −log softmax(z)_y:
//   δ_L = softmax(z_L) − e_y,  δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ 1[z_l > 0],  W_l ← W_l − η a_{l−1}ᵀ δ_l,
//   b_l ← b_l − η δ_l  (a_0 = x, a_l = ReLU(z_l)).
// Weights are stored input-major (W_l is in×out row-major) so a row vector times W_l runs along
// contiguous memory, and every product goes through @numeric/linalg/gemm. Initialisation as
// PyTorch's nn.Linear: W, b ~ U[−1/√in, 1/√in].
import { gemm } from '@numeric/linalg/gemm'
import type { Rng } from '@numeric/random/rng'

/** gemm packs its operands above 2¹⁵ multiply-adds; for a batch of one that packing costs more
 *  than the product (measured 1.7 ms → 0.2 ms for 1×784·784×120), so skinny products are issued
 *  in slices that stay on gemm's direct loops (which also skip zero entries of the left operand). */
const SLICE = 1 << 15

/** C (1×n) ← a (1×k) · W (k×n) (+ C if accumulate), sliced along k. */
function rowTimes(k: number, n: number, a: Float64Array, W: Float64Array, C: Float64Array): void {
  const ks = Math.max(1, Math.floor(SLICE / n))
  for (let p0 = 0; p0 < k; p0 += ks) {
    const kk = Math.min(ks, k - p0)
    gemm(1, n, kk, a.subarray(p0, p0 + kk), W.subarray(p0 * n, (p0 + kk) * n), C, { beta: p0 === 0 ? 0 : 1 })
  }
}

/** W (k×n) ← W − η aᵀ δ for a (k), δ (n), sliced along k. */
function rankOneUpdate(k: number, n: number, a: Float64Array, delta: Float64Array, W: Float64Array, eta: number): void {
  const ms = Math.max(1, Math.floor(SLICE / n))
  for (let p0 = 0; p0 < k; p0 += ms) {
    const mm = Math.min(ms, k - p0)
    gemm(mm, n, 1, a.subarray(p0, p0 + mm), delta, W.subarray(p0 * n, (p0 + mm) * n), { alpha: -eta, beta: 1 })
  }
}

export class Mlp {
  readonly sizes: number[]
  readonly W: Float64Array[] = []
  readonly b: Float64Array[] = []
  /** activations a_l and pre-activations z_l of the last single-sample forward pass */
  private readonly a: Float64Array[] = []
  private readonly delta: Float64Array[] = []
  /** multiply-adds of one SGD step (forward + backward) at dense input */
  readonly flopsPerStep: number

  constructor(sizes: number[], rng: Rng) {
    this.sizes = sizes
    let macs = 0
    for (let l = 1; l < sizes.length; l++) {
      const fanIn = sizes[l - 1]
      const bound = 1 / Math.sqrt(fanIn)
      const W = new Float64Array(fanIn * sizes[l])
      for (let i = 0; i < W.length; i++) W[i] = bound * (2 * rng.uniform() - 1)
      const b = new Float64Array(sizes[l])
      for (let i = 0; i < b.length; i++) b[i] = bound * (2 * rng.uniform() - 1)
      this.W.push(W)
      this.b.push(b)
      this.delta.push(new Float64Array(sizes[l]))
      // forward a·W, backward δ·Wᵀ (not for the first layer) and the rank-one update
      macs += fanIn * sizes[l] * (l === 1 ? 2 : 3)
    }
    for (const s of sizes) this.a.push(new Float64Array(s))
    this.flopsPerStep = 2 * macs
  }

  get K(): number {
    return this.sizes[this.sizes.length - 1]
  }

  /** logits of one input x (length sizes[0]); keeps the activations for sgdStep */
  private forwardOne(x: Float64Array): Float64Array {
    const L = this.W.length
    this.a[0] = x
    for (let l = 0; l < L; l++) {
      const out = this.a[l + 1]
      rowTimes(this.sizes[l], this.sizes[l + 1], this.a[l], this.W[l], out)
      const b = this.b[l]
      for (let j = 0; j < out.length; j++) {
        const z = out[j] + b[j]
        out[j] = l < L - 1 ? (z > 0 ? z : 0) : z
      }
    }
    return this.a[L]
  }

  /** one SGD step on (x, y); returns the loss before the step */
  sgdStep(x: Float64Array, y: number, eta: number): number {
    const z = this.forwardOne(x)
    const K = this.K
    let max = -Infinity
    for (let j = 0; j < K; j++) max = Math.max(max, z[j])
    let sum = 0
    for (let j = 0; j < K; j++) sum += Math.exp(z[j] - max)
    const L = this.W.length
    const dL = this.delta[L - 1]
    for (let j = 0; j < K; j++) dL[j] = Math.exp(z[j] - max) / sum - (j === y ? 1 : 0)
    const loss = Math.log(sum) + max - z[y]
    for (let l = L - 1; l >= 0; l--) {
      const d = this.delta[l]
      if (l > 0) {
        // δ_{l−1} = (δ_l W_lᵀ) ⊙ 1[a_l > 0], before W_l changes
        const prev = this.delta[l - 1]
        gemm(1, this.sizes[l], this.sizes[l + 1], d, this.W[l], prev, { transB: true })
        const act = this.a[l]
        for (let j = 0; j < prev.length; j++) if (!(act[j] > 0)) prev[j] = 0
      }
      rankOneUpdate(this.sizes[l], this.sizes[l + 1], this.a[l], d, this.W[l], eta)
      const b = this.b[l]
      for (let j = 0; j < b.length; j++) b[j] -= eta * d[j]
    }
    return loss
  }

  /** logits of a batch X (B×sizes[0]) → B×K, by gemm on whole layers */
  logits(X: Float64Array, B: number): Float64Array {
    let a = X
    const L = this.W.length
    for (let l = 0; l < L; l++) {
      const n = this.sizes[l + 1]
      const z = new Float64Array(B * n)
      gemm(B, n, this.sizes[l], a, this.W[l], z)
      const b = this.b[l]
      for (let i = 0; i < B; i++)
        for (let j = 0; j < n; j++) {
          const v = z[i * n + j] + b[j]
          z[i * n + j] = l < L - 1 ? (v > 0 ? v : 0) : v
        }
      a = z
    }
    return a
  }
}

/** mean cross-entropy and accuracy of logits (B×K) against labels */
export function lossAndAccuracy(Z: Float64Array, labels: ArrayLike<number>, K: number): { loss: number; acc: number } {
  const B = labels.length
  let loss = 0
  let correct = 0
  for (let i = 0; i < B; i++) {
    let max = -Infinity
    let arg = 0
    for (let j = 0; j < K; j++) if (Z[i * K + j] > max) (max = Z[i * K + j]), (arg = j)
    let sum = 0
    for (let j = 0; j < K; j++) sum += Math.exp(Z[i * K + j] - max)
    loss += Math.log(sum) + max - Z[i * K + labels[i]]
    if (arg === labels[i]) correct++
  }
  return { loss: loss / B, acc: correct / B }
}
