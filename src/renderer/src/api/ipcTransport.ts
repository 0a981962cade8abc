// Desktop transport: window.lab from the preload script.
import type { Transport } from './transport'

type LabBridge = NonNullable<Window['lab']>

export function ipcTransport(bridge: LabBridge): Transport {
  return {
    kind: 'ipc',
    async call(method, arg) {
      try {
        return await bridge.invoke(method, arg ?? {})
      } catch (error) {
        return { ok: false, error: { name: 'IpcError', message: (error as Error)?.message ?? String(error) } }
      }
    },
    subscribe: (listener) => bridge.onEvent(listener),
    onState(listener) {
      listener('open')
      return () => {}
    },
    exportUrl: () => null
  }
}
