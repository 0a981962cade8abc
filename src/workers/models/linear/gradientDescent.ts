// Full-batch gradient descent on the squared error ½‖y − wX‖² of a linear model ŷ = wX:
//   w_{k+1} = w_k + η (y − w_k X) Xᵀ,
// the Euler discretisation of the gradient flow τ dw/dt = (y − wX)Xᵀ with τ = 1, t = kη (MATH.md §7).
// Two exact ways to iterate it, whichever is cheaper per step:
//   weight space (N ≤ P):  w ← w + η (b − w C),  C = XXᵀ (N×N), b = yXᵀ        — N² per step;
//   sample space (N > P):  r ← r − η r G, a ← a + η r,  G = XᵀX (P×P), r = y − wX, w = w(0) + aXᵀ
//                                                                             — P² per step.
// Both produce the same iterates (up to rounding); the weights are formed only when asked for.
import { gram, rowTimes, sampleGram, timesColumn } from './instance'

export interface DescentProblem {
  N: number
  P: number
  /** row-major N×P */
  X: Float64Array
  y: Float64Array
  w0: Float64Array
  lr: number
  /** a precomputed XXᵀ (used in weight space) */
  XXt?: Float64Array
}

export class GradientDescent {
  readonly N: number
  readonly P: number
  readonly lr: number
  readonly space: 'weights' | 'samples'
  /** steps taken */
  k = 0
  private readonly X: Float64Array
  private readonly w0: Float64Array
  // weight space
  private C: Float64Array | null = null
  private b: Float64Array | null = null
  private w: Float64Array | null = null
  private grad: Float64Array | null = null
  // sample space
  private G: Float64Array | null = null
  private r: Float64Array | null = null
  private a: Float64Array | null = null
  private rG: Float64Array | null = null

  constructor(p: DescentProblem) {
    this.N = p.N
    this.P = p.P
    this.lr = p.lr
    this.X = p.X
    this.w0 = p.w0
    this.space = p.N <= p.P || p.XXt ? 'weights' : 'samples'
    if (this.space === 'weights') {
      this.C = p.XXt ?? gram(p.X, p.N, p.P)
      this.b = timesColumn(p.X, p.y, p.N, p.P)
      this.w = Float64Array.from(p.w0)
      this.grad = new Float64Array(p.N)
    } else {
      this.G = sampleGram(p.X, p.N, p.P)
      const yhat = rowTimes(p.w0, p.X, p.N, p.P)
      this.r = Float64Array.from(p.y, (v, m) => v - yhat[m])
      this.a = new Float64Array(p.P)
      this.rG = new Float64Array(p.P)
    }
  }

  /** take `steps` more steps */
  advance(steps: number): void {
    const eta = this.lr
    if (this.space === 'weights') {
      const { N } = this
      const C = this.C!, b = this.b!, w = this.w!, g = this.grad!
      for (let s = 0; s < steps; s++) {
        for (let i = 0; i < N; i++) {
          // (b − wC)_i; C is symmetric, so its row i is its column i
          let acc = 0
          const row = i * N
          for (let j = 0; j < N; j++) acc += w[j] * C[row + j]
          g[i] = b[i] - acc
        }
        for (let i = 0; i < N; i++) w[i] += eta * g[i]
      }
    } else {
      const { P } = this
      const G = this.G!, r = this.r!, a = this.a!, rG = this.rG!
      for (let s = 0; s < steps; s++) {
        for (let m = 0; m < P; m++) {
          let acc = 0
          const row = m * P
          for (let n = 0; n < P; n++) acc += r[n] * G[row + n]
          rG[m] = acc
        }
        for (let m = 0; m < P; m++) {
          a[m] += eta * r[m]
          r[m] -= eta * rG[m]
        }
      }
    }
    this.k += steps
  }

  /** the current weights w_k (a fresh copy) */
  weights(): Float64Array {
    if (this.space === 'weights') return Float64Array.from(this.w!)
    const w = timesColumn(this.X, this.a!, this.N, this.P)
    for (let i = 0; i < this.N; i++) w[i] += this.w0[i]
    return w
  }
}
