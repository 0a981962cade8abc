// GeoMNIST (seed 003; the authors' src/datasets.py): K = 3 classes of filled geometric shapes —
// 0 rectangle, 1 ellipse, 2 triangle — drawn on a size×size canvas. Each image draws its own
// rotation θ ~ U[0, π), scale ~ U[0.9, 1.1] and shift ~ U[−1.5, 1.5]² px (in units of a 28-px
// canvas), and is rasterised with 4×4 supersampling per pixel (anti-aliased coverage in [0, 1]),
// which plays the part of the authors' Gaussian blur. Shape sizes follow the authors' (scaled
// from their 32-px canvas): rectangle 7×14 half-sides 3.5×7, ellipse semi-axes 5×10, triangle
// apex 12 above the centre and base 7 below, 17.5 wide.
import type { Rng } from '@numeric/random/rng'

export const GEOMNIST_CLASSES = ['rectangle', 'ellipse', 'triangle'] as const

type Inside = (x: number, y: number) => boolean

function shape(k: number): Inside {
  if (k === 0) return (x, y) => Math.abs(x) <= 3.5 && Math.abs(y) <= 7
  if (k === 1) return (x, y) => (x / 5) ** 2 + (y / 10) ** 2 <= 1
  // triangle with vertices (0, −12), (8.75, 7), (−8.75, 7): inside all three edges
  const V = [
    [0, -12],
    [8.75, 7],
    [-8.75, 7]
  ]
  return (x, y) => {
    let sign = 0
    for (let e = 0; e < 3; e++) {
      const [ax, ay] = V[e]
      const [bx, by] = V[(e + 1) % 3]
      const c = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
      const s = c >= 0 ? 1 : -1
      if (sign === 0) sign = s
      else if (s !== sign) return false
    }
    return true
  }
}

/** Rasterise one image of class k into out (size² values in [0, 1]). */
export function drawShape(k: number, size: number, rng: Rng, out: Float64Array, offset = 0): void {
  const inside = shape(k)
  const theta = Math.PI * rng.uniform()
  const scale = 0.9 + 0.2 * rng.uniform()
  const unit = size / 28
  const sx = (rng.uniform() * 3 - 1.5) * unit
  const sy = (rng.uniform() * 3 - 1.5) * unit
  const cos = Math.cos(theta)
  const sin = Math.sin(theta)
  const c = size / 2
  const S = 4
  for (let r = 0; r < size; r++)
    for (let q = 0; q < size; q++) {
      let hits = 0
      for (let a = 0; a < S; a++)
        for (let b = 0; b < S; b++) {
          // pixel sample → shape frame: undo shift, rotation and scale
          const px = q + (b + 0.5) / S - c - sx
          const py = r + (a + 0.5) / S - c - sy
          const x = (cos * px + sin * py) / (scale * unit)
          const y = (-sin * px + cos * py) / (scale * unit)
          if (inside(x, y)) hits++
        }
      out[offset + r * size + q] = hits / (S * S)
    }
}

/** perClass images of each of the 3 classes, class-major: images (3·perClass)×size², labels. */
export function geomnist(perClass: number, size: number, rng: Rng): { images: Float64Array; labels: Int32Array } {
  const d = size * size
  const images = new Float64Array(3 * perClass * d)
  const labels = new Int32Array(3 * perClass)
  for (let k = 0; k < 3; k++)
    for (let i = 0; i < perClass; i++) {
      drawShape(k, size, rng, images, (k * perClass + i) * d)
      labels[k * perClass + i] = k
    }
  return { images, labels }
}
