// The archive as the renderer sees it: live LabEvents and the latest progress of running runs
// (always), and every run kept live (loaded on first use by a view that needs them all: Compare,
// Sweeps, MNIST, pickers). The Runs view reads pages from the store instead (useRunPages.ts).
import { reactive, ref, shallowRef } from 'vue'
import { FINAL_STATUSES, type LabEvent, type RunRow } from '@shared/api'
import { lab, transport, type ConnectionState } from '@renderer/api/client'

export interface ProgressInfo {
  fraction: number
  t: number | null
  phase: string | null
  etaSeconds: number | null
  metrics: Record<string, number>
  at: number
}

const runs = shallowRef<RunRow[]>([])
const progress = reactive(new Map<string, ProgressInfo>())
const loaded = ref(false)
const loading = ref(false)
const loadError = shallowRef<unknown>(null)
const connection = ref<ConnectionState>('connecting')
const listeners = new Set<(event: LabEvent) => void>()

let started = false
let wantAll = false
const pending = new Set<string>()
let flushTimer: ReturnType<typeof setTimeout> | null = null

export async function reloadRuns(): Promise<void> {
  loading.value = true
  try {
    const list = await lab.listRuns({ limit: 100_000 })
    runs.value = list
    loadError.value = null
    loaded.value = true
  } catch (error) {
    loadError.value = error
  } finally {
    loading.value = false
  }
}

/** Replace or insert rows (one array replacement for the whole batch). */
export function upsertRuns(rows: RunRow[]): void {
  if (!rows.length) return
  const next = runs.value.slice()
  const index = new Map(next.map((r, i) => [r.id, i]))
  for (const row of rows) {
    const i = index.get(row.id)
    if (i === undefined) {
      next.push(row)
      index.set(row.id, next.length - 1)
    } else next[i] = row
    if (FINAL_STATUSES.includes(row.status)) progress.delete(row.id)
  }
  runs.value = next
}

export function removeRuns(ids: string[]): void {
  const gone = new Set(ids)
  runs.value = runs.value.filter((r) => !gone.has(r.id))
  for (const id of ids) progress.delete(id)
}

function patchRun(id: string, patch: Partial<RunRow>): void {
  const i = runs.value.findIndex((r) => r.id === id)
  if (i < 0) return
  const next = runs.value.slice()
  next[i] = { ...next[i], ...patch }
  runs.value = next
}

/** Refetch changed runs in batches; a big burst (a new sweep) reloads the whole list. */
function scheduleRefresh(id: string): void {
  if (!wantAll) return
  pending.add(id)
  if (flushTimer !== null) return
  flushTimer = setTimeout(async () => {
    flushTimer = null
    const ids = [...pending]
    pending.clear()
    if (ids.length > 40) return reloadRuns()
    const rows = await Promise.all(ids.map((id) => lab.getRun({ id }).catch(() => null)))
    upsertRuns(rows.filter((r): r is RunRow => r !== null))
    const missing = ids.filter((id, i) => rows[i] === null)
    if (missing.length) removeRuns(missing)
  }, 250)
}

function onEvent(event: LabEvent): void {
  switch (event.type) {
    case 'progress': {
      progress.set(event.runId, {
        fraction: event.fraction,
        t: event.t,
        phase: event.phase,
        etaSeconds: event.etaSeconds,
        metrics: event.metrics,
        at: Date.now()
      })
      const row = runs.value.find((r) => r.id === event.runId)
      if (row && row.status === 'queued') patchRun(event.runId, { status: 'running' })
      break
    }
    case 'status':
      patchRun(event.runId, { status: event.status, error: event.error })
      if (FINAL_STATUSES.includes(event.status)) progress.delete(event.runId)
      scheduleRefresh(event.runId)
      break
    case 'created':
    case 'updated':
      scheduleRefresh(event.runId)
      break
    case 'deleted':
      removeRuns([event.runId])
      break
  }
  for (const l of listeners) l(event)
}

/** Subscribe to the lab's events once (cheap: nothing is loaded). */
function listen(): void {
  if (started) return
  started = true
  transport.subscribe(onEvent)
  let wasClosed = false
  transport.onState((state) => {
    connection.value = state
    if (state === 'closed') wasClosed = true
    if (state === 'open' && wasClosed) {
      wasClosed = false
      if (wantAll) void reloadRuns()
      for (const l of reconnectListeners) l()
    }
  })
}
const reconnectListeners = new Set<() => void>()

/** Listen to every LabEvent after the store has applied it; returns the unsubscribe function. */
export function onLabEvent(listener: (event: LabEvent) => void): () => void {
  listen()
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Called when the connection comes back after a loss (to reload what a view shows). */
export function onReconnect(listener: () => void): () => void {
  listen()
  reconnectListeners.add(listener)
  return () => reconnectListeners.delete(listener)
}

/** Progress of running runs and the connection state, without loading the archive. */
export function useLive() {
  listen()
  return { progress, connection }
}

/** Every run of the archive, kept live (loads the whole list on first use). */
export function useRuns() {
  listen()
  if (!wantAll) {
    wantAll = true
    void reloadRuns()
  }
  return { runs, progress, loaded, loading, loadError, connection, reload: reloadRuns }
}
