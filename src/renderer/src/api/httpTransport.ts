// Browser transport for `lab serve` (same origin): POST /api/call/<method> → Envelope, and a
// WebSocket at /api/events for live LabEvents that reconnects with back-off. Every request
// carries the server's token (token.ts).
import type { ApiMethod, Envelope, LabEvent } from '@shared/api'
import type { ConnectionState, Transport } from './transport'
import { takeToken, tokenHeaders, withToken } from './token'

export function httpTransport(base: Location = window.location): Transport {
  takeToken(base)
  const listeners = new Set<(event: LabEvent) => void>()
  const stateListeners = new Set<(state: ConnectionState) => void>()
  let state: ConnectionState = 'closed'
  let socket: WebSocket | null = null
  let delay = 500
  let timer: ReturnType<typeof setTimeout> | null = null

  const setState = (next: ConnectionState) => {
    if (next === state) return
    state = next
    for (const l of stateListeners) l(next)
  }

  const connect = () => {
    timer = null
    const proto = base.protocol === 'https:' ? 'wss:' : 'ws:'
    setState('connecting')
    let ws: WebSocket
    try {
      ws = new WebSocket(withToken(`${proto}//${base.host}/api/events`))
    } catch {
      scheduleReconnect()
      return
    }
    socket = ws
    ws.onopen = () => {
      delay = 500
      setState('open')
    }
    ws.onmessage = (message) => {
      let event: LabEvent
      try {
        event = JSON.parse(String(message.data)) as LabEvent
      } catch {
        return
      }
      for (const l of listeners) {
        try {
          l(event)
        } catch (error) {
          console.error('event listener failed', error)
        }
      }
    }
    ws.onclose = () => {
      if (socket === ws) socket = null
      setState('closed')
      scheduleReconnect()
    }
    ws.onerror = () => ws.close()
  }

  const scheduleReconnect = () => {
    if (timer !== null) return
    timer = setTimeout(connect, delay)
    delay = Math.min(delay * 2, 10_000)
  }

  const ensureSocket = () => {
    if (!socket && timer === null) connect()
  }

  return {
    kind: 'http',
    async call(method: ApiMethod, arg: unknown): Promise<Envelope<unknown>> {
      let response: Response
      try {
        response = await fetch(`/api/call/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...tokenHeaders() },
          body: JSON.stringify(arg ?? {})
        })
      } catch (error) {
        return { ok: false, error: { name: 'NetworkError', message: `cannot reach the lab server (${(error as Error).message})`, code: 'network' } }
      }
      const text = await response.text()
      try {
        const envelope = JSON.parse(text) as Envelope<unknown>
        if (envelope && typeof envelope === 'object' && 'ok' in envelope) return envelope
      } catch {
        /* not an envelope: fall through */
      }
      return { ok: false, error: { name: 'HttpError', message: `HTTP ${response.status} from ${method}: ${text.slice(0, 200)}`, code: String(response.status) } }
    },
    subscribe(listener) {
      listeners.add(listener)
      ensureSocket()
      return () => listeners.delete(listener)
    },
    onState(listener) {
      stateListeners.add(listener)
      ensureSocket()
      listener(state)
      return () => stateListeners.delete(listener)
    },
    exportUrl(id, format) {
      return withToken(`/api/export/${encodeURIComponent(id)}?format=${format}`)
    }
  }
}
