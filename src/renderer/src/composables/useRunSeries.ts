// A run and its series, read together (getRunSeries: one read of the archive, so run.lastT is the
// t the series end at) and re-read while it runs: on its progress events (throttled to ≤ 1 per
// second), at once when it reaches a final state (the final curves and the summary, no reload),
// and every POLL_MS when no event comes (a run owned by another process sends none here).
// Responses are applied newest-request-wins, so a slow early read never overwrites a later one.
import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { FINAL_STATUSES, type RunRow, type SeriesData } from '@shared/api'
import { lab } from '@renderer/api/client'
import { throttle } from '@renderer/lib/throttle'
import { onLabEvent, onReconnect, upsertRuns } from './useRuns'

/** re-read an active run this often when its events are silent */
export const POLL_MS = 2500

export function useRunSeries(id: () => string) {
  const fetched = shallowRef<RunRow | null>(null)
  const run = computed(() => (fetched.value?.id === id() ? fetched.value : null))
  const series = shallowRef<SeriesData[]>([])
  const loading = ref(true)
  const error = shallowRef<unknown>(null)
  const missing = ref(false)
  const deleted = ref(false)
  /** the status the events last announced: a read that predates it keeps it (and is retried) */
  let announced: { status: RunRow['status']; error: string | null } | null = null
  let generation = 0
  let lastNews = 0
  let staleReads = 0

  async function load() {
    const gen = ++generation
    const want = id()
    lastNews = Date.now()
    try {
      const data = await lab.getRunSeries({ id: want })
      if (gen !== generation || want !== id()) return
      let row = data.run
      const stale = announced !== null && FINAL_STATUSES.includes(announced.status) && !FINAL_STATUSES.includes(row.status)
      if (stale) {
        row = { ...row, ...announced! }
        if (staleReads++ < 5) setTimeout(() => gen === generation && void load(), 300)
      }
      fetched.value = row
      series.value = data.series
      upsertRuns([row])
      missing.value = false
      error.value = null
    } catch (e) {
      if (gen !== generation) return
      if (!fetched.value || fetched.value.id !== want) missing.value = true
      error.value = e
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  const refresh = throttle(() => void load(), 1000)

  const stop = onLabEvent((event) => {
    if (event.runId !== id()) return
    lastNews = Date.now()
    if (event.type === 'progress') {
      if (fetched.value?.status === 'queued') fetched.value = { ...fetched.value, status: 'running' }
      refresh()
    } else if (event.type === 'status') {
      announced = { status: event.status, error: event.error }
      if (fetched.value) fetched.value = { ...fetched.value, ...announced }
      if (FINAL_STATUSES.includes(event.status)) {
        refresh.cancel()
        void load()
      } else refresh()
    } else if (event.type === 'updated') refresh()
    else if (event.type === 'deleted') deleted.value = true
  })
  const stopReconnect = onReconnect(() => void load())
  const poll = setInterval(() => {
    const r = fetched.value
    if (r && !FINAL_STATUSES.includes(r.status) && Date.now() - lastNews >= POLL_MS) void load()
  }, POLL_MS / 2)
  onBeforeUnmount(() => {
    stop()
    stopReconnect()
    clearInterval(poll)
    refresh.cancel()
  })

  watch(
    id,
    async () => {
      series.value = []
      loading.value = true
      deleted.value = false
      missing.value = false
      announced = null
      staleReads = 0
      refresh.cancel()
      await load()
    },
    { immediate: true }
  )

  return { run, series, loading, error, missing, deleted, reload: load }
}
