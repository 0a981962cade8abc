// IDX files (LeCun's MNIST format), read as a stream, plain or gzip.
// Layout: magic [0x00, 0x00, type, ndims], then ndims big-endian uint32 sizes, then the
// data row-major. Only type 0x08 (unsigned byte) is read: MNIST and Fashion-MNIST use it.
// The reader allocates the output once, from the header, and copies each chunk into it:
// 60 000 × 784 pixels live in memory once. A bad file throws IdxError (reason + byte offset)
// and nothing is returned.
import { createReadStream } from 'node:fs'
import { open, stat, writeFile } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { createGunzip, gzipSync } from 'node:zlib'

export type IdxReason =
  | 'bad-magic'
  | 'unsupported-type'
  | 'bad-dimensions'
  | 'truncated'
  | 'trailing-bytes'
  | 'count-mismatch'
  | 'label-out-of-range'
  | 'bad-gzip'
  | 'io'

/**
 * A refused IDX file. `offset` is the byte offset of the fault in the (decompressed) IDX
 * stream; for reason 'bad-gzip' it is the number of compressed bytes read when zlib failed
 * (the fault lies at or before it).
 */
export class IdxError extends Error {
  constructor(
    readonly file: string,
    readonly reason: IdxReason,
    readonly offset: number,
    detail: string
  ) {
    super(`${file}: ${detail} (${reason} at byte ${offset})`)
    this.name = 'IdxError'
  }
}

const TYPE_UBYTE = 0x08
const GZIP_MAGIC = [0x1f, 0x8b]

export interface IdxArray {
  /** sizes from the header, e.g. [60000, 28, 28] */
  dims: number[]
  /** the first `stored` items (an item = one index of dimension 0), row-major */
  data: Uint8Array
  /** items kept in `data` (≤ dims[0]) */
  stored: number
}

export interface ReadIdxOptions {
  /** required number of dimensions (3 for images, 1 for labels) */
  ndims: number
  /** required sizes per dimension; null = any positive size */
  dims?: (number | null)[]
  /** keep only the first `limit` items (the rest is still read and validated, not stored) */
  limit?: number
  /** refuse any byte above this value (labels) */
  maxValue?: number
  /** required size of dimension 0, refused as 'count-mismatch' (the other file's count) */
  count?: { value: number; source: string }
  /** read-chunk size in bytes (default 64 KiB; tests use tiny chunks to split the header) */
  chunkSize?: number
}

/** Read one IDX ubyte file (plain or gzip, detected from its first two bytes). */
export async function readIdxFile(path: string, opts: ReadIdxOptions): Promise<IdxArray> {
  const gz = await isGzip(path)
  const parser = new IdxParser(path, opts)
  const raw = createReadStream(path, { highWaterMark: opts.chunkSize ?? 1 << 16 })
  let compressedBytes = 0
  let readFailed = false
  raw.on('error', () => (readFailed = true))
  try {
    if (!gz) {
      for await (const chunk of raw) parser.push(chunk as Buffer)
    } else {
      // count the compressed bytes handed to zlib, to locate a gzip fault
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          compressedBytes += chunk.length
          cb(null, chunk)
        }
      })
      const gunzip = createGunzip()
      raw.on('error', (e) => gunzip.destroy(e))
      raw.pipe(counter).pipe(gunzip)
      for await (const chunk of gunzip) parser.push(chunk as Buffer)
    }
  } catch (e) {
    raw.destroy()
    if (e instanceof IdxError) throw e
    const message = (e as Error).message
    if (gz && !readFailed) throw new IdxError(path, 'bad-gzip', compressedBytes, `gzip stream is corrupt: ${message}`)
    throw new IdxError(path, 'io', parser.offset, `cannot read: ${message}`)
  }
  return parser.finish()
}

/** Largest IDX file read (plain or gzip): the MNIST training images are 47 MB. */
export const MAX_IDX_FILE_BYTES = 1024 * 2 ** 20

/**
 * Only a regular file of bounded size is opened: a FIFO would block the reader for ever, a
 * directory or a device is no data file.
 */
async function checkRegularFile(path: string): Promise<void> {
  let info
  try {
    info = await stat(path)
  } catch (e) {
    throw new IdxError(path, 'io', 0, `cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  if (!info.isFile()) throw new IdxError(path, 'io', 0, `not a regular file (${info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a FIFO' : 'a device or socket'})`)
  if (info.size > MAX_IDX_FILE_BYTES) throw new IdxError(path, 'io', 0, `${info.size} bytes, larger than the ${MAX_IDX_FILE_BYTES} bytes an IDX file may have`)
}

async function isGzip(path: string): Promise<boolean> {
  await checkRegularFile(path)
  let fh
  try {
    fh = await open(path, 'r')
  } catch (e) {
    throw new IdxError(path, 'io', 0, `cannot open: ${(e as Error).message}`)
  }
  try {
    const head = Buffer.alloc(2)
    const { bytesRead } = await fh.read(head, 0, 2, 0)
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]
  } finally {
    await fh.close()
  }
}

/** Incremental IDX parser: header, then data copied straight into the one output buffer. */
class IdxParser {
  /** bytes of the IDX stream consumed so far */
  offset = 0
  private header: number[] = []
  private headerLength = 4
  private dims: number[] = []
  private itemSize = 0
  private total = 0
  private storedBytes = 0
  private out: Uint8Array | null = null

  constructor(
    private readonly file: string,
    private readonly opts: ReadIdxOptions
  ) {}

  push(chunk: Uint8Array): void {
    let i = 0
    while (i < chunk.length && this.offset < this.headerLength) {
      this.header.push(chunk[i++])
      this.offset++
      if (this.offset === 4) this.checkMagic()
      if (this.offset === this.headerLength && this.offset > 4) this.checkDims()
    }
    if (i === chunk.length) return
    const dataStart = this.headerLength
    const end = dataStart + this.total
    const n = chunk.length - i
    if (this.offset + n > end) {
      throw this.error('trailing-bytes', end, `file is longer than its header says: expected ${end} bytes`)
    }
    const { maxValue } = this.opts
    if (maxValue !== undefined) {
      for (let j = i; j < chunk.length; j++)
        if (chunk[j] > maxValue)
          throw this.error('label-out-of-range', this.offset + (j - i), `value ${chunk[j]} exceeds ${maxValue}`)
    }
    // copy what falls inside the stored prefix
    const pos = this.offset - dataStart
    if (this.out && pos < this.storedBytes) {
      const take = Math.min(n, this.storedBytes - pos)
      this.out.set(chunk.subarray(i, i + take), pos)
    }
    this.offset += n
  }

  finish(): IdxArray {
    if (this.offset < this.headerLength)
      throw this.error('truncated', this.offset, `file ends inside the header (${this.headerLength} bytes expected)`)
    const end = this.headerLength + this.total
    if (this.offset < end)
      throw this.error('truncated', this.offset, `file ends after ${this.offset} of ${end} bytes`)
    const data = this.out ?? new Uint8Array(0)
    return { dims: this.dims, data, stored: data.length / this.itemSize }
  }

  private checkMagic(): void {
    const [z0, z1, type, ndims] = this.header
    // the byte found is not echoed: the message must not reveal the content of a file that is not IDX
    if (z0 !== 0) throw this.error('bad-magic', 0, 'not an IDX file: its magic must start with 0x00 0x00')
    if (z1 !== 0) throw this.error('bad-magic', 1, 'not an IDX file: its magic must start with 0x00 0x00')
    if (type !== TYPE_UBYTE) throw this.error('unsupported-type', 2, `data type 0x${hex(type)} is not unsigned byte (0x08)`)
    if (ndims !== this.opts.ndims) throw this.error('bad-magic', 3, `expected ${this.opts.ndims} dimensions, header says ${ndims}`)
    this.headerLength = 4 + 4 * ndims
  }

  private checkDims(): void {
    const h = this.header
    const want = this.opts.dims ?? []
    for (let d = 0; d < this.opts.ndims; d++) {
      const at = 4 + 4 * d
      // big-endian uint32
      const size = h[at] * 0x1000000 + ((h[at + 1] << 16) | (h[at + 2] << 8) | h[at + 3])
      if (size === 0) throw this.error('bad-dimensions', at, `dimension ${d} is 0`)
      const count = this.opts.count
      if (d === 0 && count && size !== count.value)
        throw this.error('count-mismatch', at, `${size} items, but ${count.source} has ${count.value}`)
      const w = want[d]
      if (w !== undefined && w !== null && size !== w)
        throw this.error('bad-dimensions', at, `dimension ${d} is ${size}, expected ${w}`)
      this.dims.push(size)
    }
    this.itemSize = this.dims.slice(1).reduce((a, b) => a * b, 1)
    this.total = this.dims[0] * this.itemSize
    if (!Number.isSafeInteger(this.total) || this.total > 2 ** 32)
      throw this.error('bad-dimensions', 4, `data size ${this.total} bytes is not plausible`)
    const keep = Math.min(this.dims[0], this.opts.limit ?? Infinity)
    this.storedBytes = keep * this.itemSize
    this.out = new Uint8Array(this.storedBytes)
  }

  private error(reason: IdxReason, offset: number, detail: string): IdxError {
    return new IdxError(this.file, reason, offset, detail)
  }
}

const hex = (b: number) => b.toString(16).padStart(2, '0')

export interface MnistData {
  /** images kept (≤ count in the files) */
  count: number
  /** images in the files */
  total: number
  rows: number
  cols: number
  /** count × rows·cols pixels, 0..255, row-major */
  pixels: Uint8Array
  /** count labels */
  labels: Uint8Array
}

export interface ReadMnistOptions {
  /** keep only the first `limit` images (all are validated) */
  limit?: number
  /** required image size; null = any (default 28 × 28) */
  rows?: number | null
  cols?: number | null
  /** largest valid label (default 9) */
  maxLabel?: number
  chunkSize?: number
}

/**
 * Read an image file (idx3-ubyte) and its label file (idx1-ubyte). The labels are read first
 * (small), so an image file with another count is refused at its count field (offset 4)
 * before its pixels are read.
 */
export async function readMnist(imagesPath: string, labelsPath: string, opts: ReadMnistOptions = {}): Promise<MnistData> {
  const labels = await readIdxFile(labelsPath, { ndims: 1, limit: opts.limit, maxValue: opts.maxLabel ?? 9, chunkSize: opts.chunkSize })
  const total = labels.dims[0]
  const images = await readIdxFile(imagesPath, {
    ndims: 3,
    dims: [null, opts.rows === undefined ? 28 : opts.rows, opts.cols === undefined ? 28 : opts.cols],
    count: { value: total, source: `the label file ${labelsPath}` },
    limit: opts.limit,
    chunkSize: opts.chunkSize
  })
  return {
    count: images.stored,
    total,
    rows: images.dims[1],
    cols: images.dims[2],
    pixels: images.data,
    labels: labels.data
  }
}

/** The bytes of an IDX ubyte file with the given sizes. */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const n = dims.reduce((a, b) => a * b, 1)
  if (data.length !== n) throw new Error(`encodeIdx: data has ${data.length} bytes, dims ${dims.join('×')} need ${n}`)
  const out = new Uint8Array(4 + 4 * dims.length + n)
  out[2] = TYPE_UBYTE
  out[3] = dims.length
  const view = new DataView(out.buffer)
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false))
  out.set(data, 4 + 4 * dims.length)
  return out
}

/** Write an IDX ubyte file, gzip-compressed if asked (or if the path ends in .gz). */
export async function writeIdx(path: string, dims: number[], data: Uint8Array, opts: { gzip?: boolean } = {}): Promise<void> {
  const bytes = encodeIdx(dims, data)
  const gz = opts.gzip ?? path.endsWith('.gz')
  await writeFile(path, gz ? gzipSync(bytes) : bytes)
}
