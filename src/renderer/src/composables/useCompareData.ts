// Series of the compared runs, fetched on demand, cached, refetched live while runs run.
import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue'
import type { SeriesData } from '@shared/api'
import { FINAL_STATUSES } from '@shared/api'
import { lab } from '@renderer/api/client'
import { throttle, type Throttled } from '@renderer/lib/throttle'
import { onLabEvent } from './useRuns'
import { toastError } from './useToasts'

export function useCompareData(ids: Ref<string[]>, wanted: Ref<string[]>) {
  /** run id → series names it has */
  const available = shallowRef(new Map<string, string[]>())
  const cache = new Map<string, Map<string, SeriesData>>()
  /** bumped whenever data arrives, so charts rebuild */
  const version = shallowRef(0)
  const errors = shallowRef(new Map<string, string>())

  async function loadNames(id: string) {
    try {
      const names = await lab.listSeries({ id })
      available.value = new Map(available.value).set(id, names)
    } catch (error) {
      errors.value = new Map(errors.value).set(id, (error as Error).message)
    }
  }

  /** fetch into the cache; true when something new arrived (the caller redraws once) */
  async function loadSeries(id: string, names: string[], force = false): Promise<boolean> {
    const have = cache.get(id) ?? new Map<string, SeriesData>()
    const missing = force ? names : names.filter((n) => !have.has(n))
    if (!missing.length) return false
    try {
      const data = await lab.getSeries({ id, names: missing })
      for (const s of data) have.set(s.name, s)
      cache.set(id, have)
      return true
    } catch (error) {
      errors.value = new Map(errors.value).set(id, (error as Error).message)
      toastError(`Could not load series of ${id}`, error)
      return false
    }
  }

  /** load several runs' series and redraw once, not once per run: 20 redraws of 80 lines cost seconds */
  async function loadAll(runIds: string[], names: string[], force = false) {
    const arrived = await Promise.all(runIds.map((id) => loadSeries(id, names, force)))
    if (arrived.some(Boolean)) version.value++
  }

  watch(
    [ids, wanted],
    () => {
      for (const id of ids.value) if (!available.value.has(id)) void loadNames(id)
      void loadAll(ids.value, wanted.value)
    },
    { immediate: true }
  )

  const live = new Map<string, Throttled<[]>>()
  const refresh = (id: string) => {
    let t = live.get(id)
    if (!t) {
      t = throttle(() => {
        void loadNames(id)
        void loadAll([id], wanted.value, true)
      }, 1000)
      live.set(id, t)
    }
    t()
  }
  const stop = onLabEvent((event) => {
    if (!ids.value.includes(event.runId)) return
    if (event.type === 'progress') refresh(event.runId)
    else if (event.type === 'status' && FINAL_STATUSES.includes(event.status)) {
      live.get(event.runId)?.cancel()
      void loadNames(event.runId)
      void loadAll([event.runId], wanted.value, true)
    }
  })
  onBeforeUnmount(() => {
    stop()
    for (const t of live.values()) t.cancel()
  })

  const get = (id: string, name: string): SeriesData | undefined => cache.get(id)?.get(name)
  return { available, version, errors, get }
}
