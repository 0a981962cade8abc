// Files uploaded by a browser under `lab serve` (POST /api/upload): the page cannot name a local
// path, so the bytes are stored under the archive's folder (uploads/) and the path is returned
// for a run spec (e.g. the IDX files of an mnist-fit run). Never overwrites: a random prefix.
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/** uploads up to 256 MiB (the uncompressed MNIST training images are 47 MB) */
export const MAX_UPLOAD = 256 * 1024 * 1024

/** the uploads folder holds at most this many files and bytes; files older than a day are removed */
export const MAX_UPLOAD_FILES = 16
export const MAX_UPLOAD_TOTAL = 1024 * 2 ** 20
export const UPLOAD_MAX_AGE_MS = 24 * 3600 * 1000

export class UploadTooLarge extends Error {
  override readonly name = 'PayloadTooLarge'
}

export function uploadDir(dbFile: string): string {
  return dbFile === ':memory:' || dbFile === '' ? join(tmpdir(), 'manifold-lab-uploads') : join(dirname(resolve(dbFile)), 'uploads')
}

/** A file name safe on every OS, from what the browser says. */
export function safeUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  return base.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(0, 120) || 'upload'
}

export async function readBytes(req: IncomingMessage, max = MAX_UPLOAD): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > max) throw new UploadTooLarge(`upload larger than ${max} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Remove uploads older than maxAge; return what is left (files and bytes). */
export async function pruneUploads(dir: string, now = Date.now(), maxAge = UPLOAD_MAX_AGE_MS): Promise<{ files: number; bytes: number }> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return { files: 0, bytes: 0 }
  }
  let files = 0
  let bytes = 0
  for (const name of names) {
    const path = join(dir, name)
    const info = await stat(path).catch(() => null)
    if (!info?.isFile()) continue
    if (now - info.mtimeMs > maxAge) await rm(path, { force: true })
    else [files, bytes] = [files + 1, bytes + info.size]
  }
  return { files, bytes }
}

export async function storeUpload(dbFile: string, name: string, bytes: Uint8Array): Promise<string> {
  const dir = uploadDir(dbFile)
  await mkdir(dir, { recursive: true })
  const held = await pruneUploads(dir)
  if (held.files + 1 > MAX_UPLOAD_FILES || held.bytes + bytes.length > MAX_UPLOAD_TOTAL)
    throw new UploadTooLarge(
      `the uploads folder ${dir} already holds ${held.files} files (${held.bytes} bytes); at most ${MAX_UPLOAD_FILES} files and ${MAX_UPLOAD_TOTAL} bytes are kept, uploads older than a day are removed`
    )
  const path = join(dir, `${randomBytes(4).toString('hex')}-${safeUploadName(name)}`)
  await writeFile(path, bytes, { flag: 'wx' })
  return path
}
