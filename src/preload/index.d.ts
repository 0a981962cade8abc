// What the preload script puts on window in the desktop app (see src/preload/index.ts).
import type { ApiMethod, Envelope, LabEvent } from '@shared/api'

export interface LabBridge {
  /** call one API method; the reply is the shared envelope, unwrapped by the renderer's client */
  invoke(method: ApiMethod, arg: unknown): Promise<Envelope<unknown>>
  /** live runner events; returns the unsubscribe function */
  onEvent(listener: (event: LabEvent) => void): () => void
  /** desktop-only helpers */
  platform: 'desktop'
  openFileDialog(options: { title: string; filters: { name: string; extensions: string[] }[] }): Promise<string[]>
  saveFile(options: { defaultPath: string; base64: string }): Promise<string | null>
  /** the local path of a File dropped on or picked in the page (Electron ≥ 32: webUtils.getPathForFile); '' if it has none */
  pathForFile(file: File): string
  onMenu(listener: (command: string) => void): () => void
}

declare global {
  interface Window {
    lab?: LabBridge
  }
}
