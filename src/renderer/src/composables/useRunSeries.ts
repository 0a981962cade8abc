// A run and its series, refetched while it runs (throttled to ≤ 1 per second). The run's row is
// asked for by id and refetched when events say it changed: opening a run never loads the archive.
import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { FINAL_STATUSES, type RunRow, type SeriesData } from '@shared/api'
import { lab } from '@renderer/api/client'
import { throttle } from '@renderer/lib/throttle'
import { onLabEvent, upsertRuns } from './useRuns'

export function useRunSeries(id: () => string) {
  const fetched = shallowRef<RunRow | null>(null)
  const run = computed(() => (fetched.value?.id === id() ? fetched.value : null))
  const series = shallowRef<SeriesData[]>([])
  const loading = ref(true)
  const error = shallowRef<unknown>(null)
  const missing = ref(false)
  const deleted = ref(false)
  let generation = 0

  async function loadSeries() {
    const gen = ++generation
    try {
      const data = await lab.getSeries({ id: id() })
      if (gen !== generation) return
      series.value = data
      error.value = null
    } catch (e) {
      if (gen === generation) error.value = e
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  async function loadRun() {
    try {
      const want = id()
      const row = await lab.getRun({ id: want })
      if (want !== id()) return
      fetched.value = row
      upsertRuns([row])
      missing.value = false
    } catch (e) {
      missing.value = true
      error.value = e
      loading.value = false
    }
  }

  const refresh = throttle(() => void loadSeries(), 1000)

  const stop = onLabEvent((event) => {
    if (event.runId !== id()) return
    if (event.type === 'progress') {
      if (fetched.value?.status === 'queued') fetched.value = { ...fetched.value, status: 'running' }
      refresh()
    } else if (event.type === 'status') {
      if (fetched.value) fetched.value = { ...fetched.value, status: event.status, error: event.error }
      void loadRun()
      if (FINAL_STATUSES.includes(event.status)) {
        refresh.cancel()
        void loadSeries()
      }
    } else if (event.type === 'updated') void loadRun()
    else if (event.type === 'deleted') deleted.value = true
  })
  onBeforeUnmount(() => {
    stop()
    refresh.cancel()
  })

  watch(
    id,
    async () => {
      series.value = []
      loading.value = true
      deleted.value = false
      await loadRun()
      if (!missing.value) await loadSeries()
    },
    { immediate: true }
  )

  return { run, series, loading, error, missing, deleted, reload: loadSeries }
}
