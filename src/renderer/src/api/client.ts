// The renderer's one way to the lab: `lab` is the typed LabApi over IPC (desktop, window.lab)
// or HTTP + WebSocket (`lab serve` in a browser). Envelopes are unwrapped into ApiError.
import { API_METHODS, unwrap, type LabApi } from '@shared/api'
import { httpTransport } from './httpTransport'
import { ipcTransport } from './ipcTransport'
import type { Transport } from './transport'

export const isDesktop = typeof window !== 'undefined' && !!window.lab

export const transport: Transport = window.lab ? ipcTransport(window.lab) : httpTransport(window.location)

function makeApi(t: Transport): LabApi {
  const api: Record<string, unknown> = {}
  for (const method of API_METHODS) api[method] = async (arg: unknown) => unwrap(await t.call(method, arg))
  api.subscribe = t.subscribe
  return api as LabApi
}

export const lab: LabApi = makeApi(transport)
export { ApiError } from '@shared/api'
export type { ConnectionState } from './transport'
