// NumPy's .npy format, version 1.0: magic, header length, a Python dict literal padded so the
// data starts on a 64-byte boundary, then little-endian float64 data in C order.

export function encodeNpy(data: Float64Array, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1)
  if (count !== data.length) throw new Error(`npy: shape [${shape}] holds ${count} values, data has ${data.length}`)
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`
  const preamble = 10 // magic (6) + version (2) + header length (2)
  const padded = Math.ceil((preamble + header.length + 1) / 64) * 64
  header = header.padEnd(padded - preamble - 1, ' ') + '\n'
  const out = new Uint8Array(padded + data.byteLength)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0)
  new DataView(out.buffer).setUint16(8, header.length, true)
  out.set(new TextEncoder().encode(header), preamble)
  const view = new DataView(out.buffer, padded)
  for (let i = 0; i < data.length; i++) view.setFloat64(i * 8, data[i], true)
  return out
}

export function decodeNpy(bytes: Uint8Array): { shape: number[]; data: Float64Array } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
  if (!magic.every((b, i) => bytes[i] === b)) throw new Error('npy: bad magic')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerLength = view.getUint16(8, true)
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength))
  if (!header.includes("'descr': '<f8'")) throw new Error(`npy: only <f8 is read here, header is ${header}`)
  const shapeMatch = /'shape': \(([^)]*)\)/.exec(header)
  if (!shapeMatch) throw new Error('npy: no shape in header')
  const shape = shapeMatch[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number)
  const start = 10 + headerLength
  const count = shape.reduce((a, b) => a * b, 1)
  const data = new Float64Array(count)
  for (let i = 0; i < count; i++) data[i] = view.getFloat64(start + i * 8, true)
  return { shape, data }
}
