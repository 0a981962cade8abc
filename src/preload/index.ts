// The bridge between the sandboxed page and the main process: window.lab, nothing else.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { ApiMethod, Envelope, LabEvent } from '@shared/api'
import type { LabBridge } from './index.d'

const bridge = {
  platform: 'desktop',
  invoke: (method: ApiMethod, arg: unknown) => ipcRenderer.invoke('lab:invoke', method, arg) as Promise<Envelope<unknown>>,
  onEvent(listener: (event: LabEvent) => void) {
    const handler = (_e: IpcRendererEvent, event: LabEvent) => listener(event)
    ipcRenderer.on('lab:event', handler)
    return () => void ipcRenderer.off('lab:event', handler)
  },
  openFileDialog: (options) => ipcRenderer.invoke('lab:openFileDialog', options) as Promise<string[]>,
  saveFile: (options) => ipcRenderer.invoke('lab:saveFile', options) as Promise<string | null>,
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  onMenu(listener: (command: string) => void) {
    const handler = (_e: IpcRendererEvent, command: string) => listener(command)
    ipcRenderer.on('lab:menu', handler)
    return () => void ipcRenderer.off('lab:menu', handler)
  }
} satisfies LabBridge

contextBridge.exposeInMainWorld('lab', bridge)
