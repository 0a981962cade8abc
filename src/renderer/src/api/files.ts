// Saving files: window.lab.saveFile on the desktop, a download link in the browser.
import type { ExportFile, ExportFormat } from '@shared/api'
import { isDesktop, lab, transport } from './client'

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function dataUrlToBlob(dataUrl: string): Blob {
  const [head, data] = dataUrl.split(',', 2)
  const mime = /data:([^;]+)/.exec(head)?.[1] ?? 'application/octet-stream'
  const binary = atob(data)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type: mime })
}

function clickDownload(href: string, name: string): void {
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/** Save a blob under a suggested name; resolves to the saved path (desktop), the name (browser) or null if cancelled. */
export async function saveBlob(name: string, blob: Blob): Promise<string | null> {
  if (isDesktop && window.lab) return window.lab.saveFile({ defaultPath: name, base64: await blobToBase64(blob) })
  const url = URL.createObjectURL(blob)
  clickDownload(url, name)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}

export function saveText(name: string, text: string, mime = 'text/plain'): Promise<string | null> {
  return saveBlob(name, new Blob([text], { type: `${mime};charset=utf-8` }))
}

function fileBlob(file: ExportFile): Blob {
  if (file.base64 !== undefined) return dataUrlToBlob(`data:${file.mime};base64,${file.base64}`)
  return new Blob([file.text ?? ''], { type: file.mime })
}

/** Export a run's whole data. Browser: the server's download URL; desktop: exportRun + save dialog(s). */
export async function exportRunData(id: string, format: ExportFormat): Promise<string[]> {
  const url = transport.exportUrl(id, format)
  if (url && !isDesktop) {
    clickDownload(url, `${id}.${format}`)
    return [`${id}.${format}`]
  }
  const files = await lab.exportRun({ id, format })
  const saved: string[] = []
  for (const file of files) {
    const path = await saveBlob(file.name, fileBlob(file))
    if (path) saved.push(path)
  }
  return saved
}

/** A file name fragment safe on every OS. */
export function safeName(text: string): string {
  return text.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'chart'
}
