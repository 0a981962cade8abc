// What the client needs from a transport: calls that answer with an Envelope, and live events.
import type { ApiMethod, Envelope, ExportFormat, LabEvent } from '@shared/api'

export type ConnectionState = 'connecting' | 'open' | 'closed'

export interface Transport {
  kind: 'ipc' | 'http'
  call(method: ApiMethod, arg: unknown): Promise<Envelope<unknown>>
  subscribe(listener: (event: LabEvent) => void): () => void
  onState(listener: (state: ConnectionState) => void): () => void
  /** a same-origin download URL for a run's data (browser only) */
  exportUrl(id: string, format: ExportFormat): string | null
}
