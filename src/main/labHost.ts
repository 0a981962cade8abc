// The lab behind a message port: the desktop app runs the archive and the runner (the Lab of
// api.ts) in an Electron utility process, and its main process only forwards IPC to it. This file
// is the protocol, both ends, over any port that posts and receives structured-clone messages
// (Electron's parentPort / UtilityProcess, or a Node MessagePort in the tests).
//
//   main → host   { type: 'call', id, method, arg }    host → main   { type: 'reply', id, envelope }
//                 { type: 'close' }                                   { type: 'event', event }
//                                                                     { type: 'ready' } | { type: 'failed', message }
//                                                                     { type: 'closed' }
import type { Envelope, LabEvent } from '@shared/api'

/** What the desktop wiring needs of a lab, in-process (Lab) or remote (connectLab). */
export interface LabEndpoint {
  callEnvelope(method: string, arg: unknown): Promise<Envelope<unknown>>
  subscribe(listener: (event: LabEvent) => void): () => void
  close(): Promise<void>
}

export type ToHost = { type: 'call'; id: number; method: string; arg: unknown } | { type: 'close' }
export type FromHost =
  | { type: 'reply'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; event: LabEvent }
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'closed' }

/** One end of a message channel: send, and be told of what arrives (already unwrapped). */
export interface Port<In, Out> {
  post(message: Out): void
  onMessage(listener: (message: In) => void): void
}

/** Serve a lab on a port until asked to close (then `onClosed`, e.g. to exit the process). */
export function hostLab(lab: LabEndpoint, port: Port<ToHost, FromHost>, onClosed: () => void = () => undefined): void {
  const unsubscribe = lab.subscribe((event) => port.post({ type: 'event', event }))
  let closing = false
  port.onMessage((msg) => {
    if (msg.type === 'call') {
      void lab.callEnvelope(msg.method, msg.arg).then((envelope) => port.post({ type: 'reply', id: msg.id, envelope }))
    } else if (msg.type === 'close' && !closing) {
      closing = true
      unsubscribe()
      void lab.close().finally(() => {
        port.post({ type: 'closed' })
        onClosed()
      })
    }
  })
  port.post({ type: 'ready' })
}

export interface RemoteLab extends LabEndpoint {
  /** resolves once the host has opened the archive; rejects with its reason if it could not */
  ready: Promise<void>
  /** the host process ended (crash or exit): pending and later calls answer with an error */
  hostExited(reason: string): void
}

/** The main process's side: a LabEndpoint whose every call travels to the host. */
export function connectLab(port: Port<FromHost, ToHost>): RemoteLab {
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()
  const listeners = new Set<(event: LabEvent) => void>()
  let nextId = 1
  let gone: string | null = null
  let closed: () => void = () => undefined
  const whenClosed = new Promise<void>((resolve) => (closed = resolve))
  let settleReady: { resolve: () => void; reject: (e: Error) => void } = { resolve: () => undefined, reject: () => undefined }
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }))
  ready.catch(() => undefined)

  const failAll = (reason: string) => {
    for (const [id, answer] of pending) {
      pending.delete(id)
      answer({ ok: false, error: { name: 'LabUnavailable', message: reason } })
    }
  }

  port.onMessage((msg) => {
    switch (msg.type) {
      case 'reply': {
        const answer = pending.get(msg.id)
        pending.delete(msg.id)
        answer?.(msg.envelope)
        break
      }
      case 'event':
        for (const l of listeners) l(msg.event)
        break
      case 'ready':
        settleReady.resolve()
        break
      case 'failed':
        gone = msg.message
        settleReady.reject(new Error(msg.message))
        failAll(msg.message)
        break
      case 'closed':
        closed()
        break
    }
  })

  return {
    ready,
    callEnvelope(method, arg) {
      if (gone !== null) return Promise.resolve({ ok: false, error: { name: 'LabUnavailable', message: gone } })
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        port.post({ type: 'call', id, method, arg })
      })
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    async close() {
      if (gone !== null) return
      port.post({ type: 'close' })
      await whenClosed
      gone = 'the lab is closed'
    },
    hostExited(reason) {
      gone ??= `the lab's process stopped: ${reason}`
      settleReady.reject(new Error(gone))
      failAll(gone)
      closed()
    }
  }
}
