// A run and its series, refetched while it runs (throttled to ≤ 1 per second).
import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { FINAL_STATUSES, type RunRow, type SeriesData } from '@shared/api'
import { lab } from '@renderer/api/client'
import { throttle } from '@renderer/lib/throttle'
import { onLabEvent, upsertRuns, useRuns } from './useRuns'

export function useRunSeries(id: () => string) {
  const { runs, loaded } = useRuns()
  const fetched = shallowRef<RunRow | null>(null)
  const run = computed(() => runs.value.find((r) => r.id === id()) ?? fetched.value)
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
      const row = await lab.getRun({ id: id() })
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
    if (event.type === 'progress') refresh()
    else if (event.type === 'status' && FINAL_STATUSES.includes(event.status)) {
      refresh.cancel()
      void loadSeries()
    } else if (event.type === 'deleted') deleted.value = true
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
      if (!runs.value.some((r) => r.id === id()) || !loaded.value) await loadRun()
      if (!missing.value) await loadSeries()
    },
    { immediate: true }
  )

  return { run, series, loading, error, missing, deleted, reload: loadSeries }
}
