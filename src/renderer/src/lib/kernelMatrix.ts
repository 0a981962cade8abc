// Kernel matrices for display in the Kernels view: float64 artifacts decoded, big matrices
// pooled into blocks, exponents labelled with their intervals.
import { fmtNum } from './format'

/** Decode a little-endian float64 artifact (ArtifactData.base64). */
export function decodeFloat64(base64: string): Float64Array {
  const bin = atob(base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return new Float64Array(bytes.buffer, 0, bytes.length >> 3)
}

/** Average-pool an n×n matrix to at most `max`×`max` cells (a heatmap of 2000² cells is unreadable and slow). */
export function poolMatrix(M: Float64Array, n: number, max = 64): { values: number[][]; size: number; block: number } {
  const block = Math.max(1, Math.ceil(n / max))
  const size = Math.ceil(n / block)
  const values = Array.from({ length: size }, () => new Array<number>(size).fill(0))
  const counts = Array.from({ length: size }, () => new Array<number>(size).fill(0))
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const a = Math.floor(i / block)
      const b = Math.floor(j / block)
      values[a][b] += M[i * n + j]
      counts[a][b]++
    }
  for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) values[a][b] /= counts[a][b]
  return { values, size, block }
}

/** "α = 1.03 [0.98, 1.08]" from a value and its interval (either may be missing). */
export function withInterval(symbol: string, value: unknown, ci: unknown): string {
  if (typeof value !== 'number') return `${symbol}: –`
  const iv = Array.isArray(ci) && ci.length === 2 ? ` [${fmtNum(ci[0] as number, 3)}, ${fmtNum(ci[1] as number, 3)}]` : ''
  return `${symbol} = ${fmtNum(value, 3)}${iv}`
}
