// Writing an export to a folder (lab export): every target is checked before the first byte is
// written, an existing file is overwritten only when asked (--force), and a file-system fault
// (read-only disk, --out naming a file, no permission, full disk) is an ExportError that says
// which path and why — the CLI's exit 2, never a stack trace.
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import type { ExportFile } from '@shared/api'

export class ExportError extends Error {
  override readonly name = 'ExportError'
}

const REASONS: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  EEXIST: 'a file of that name exists',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder'
}

function explain(path: string, e: unknown): ExportError {
  const code = (e as NodeJS.ErrnoException).code ?? ''
  return new ExportError(`cannot write ${path}: ${REASONS[code] ?? (e as Error).message}${code ? ` (${code})` : ''}`)
}

/** Write the files under `out`; returns their paths. Refuses to overwrite unless `force`. */
export async function writeExport(out: string, files: ExportFile[], force: boolean): Promise<string[]> {
  const outInfo = await stat(out).catch(() => null)
  if (outInfo && !outInfo.isDirectory()) throw new ExportError(`--out ${out} is a file, not a folder: name a folder (it is created if missing)`)
  const targets = files.map((f) => {
    const path = join(out, f.name)
    // names come from the archive: keep every file inside --out
    const rel = relative(resolve(out), resolve(path))
    if (rel.startsWith('..') || rel.startsWith(sep)) throw new ExportError(`refusing to write ${path}: outside --out ${out}`)
    return { f, path }
  })
  const existing: string[] = []
  for (const { path } of targets) {
    const info = await stat(path).catch(() => null)
    if (info?.isDirectory()) throw new ExportError(`cannot write ${path}: a folder of that name exists`)
    if (info) existing.push(path)
  }
  if (existing.length && !force)
    throw new ExportError(`${existing.length === 1 ? `${existing[0]} exists` : `${existing.length} files exist, e.g. ${existing[0]}`}: nothing was written; use --force to overwrite, or another --out`)
  for (const { f, path } of targets) {
    try {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, f.base64 !== undefined ? Buffer.from(f.base64, 'base64') : (f.text ?? ''), { flag: force ? 'w' : 'wx' })
    } catch (e) {
      throw explain(path, e)
    }
  }
  return targets.map((t) => t.path)
}
